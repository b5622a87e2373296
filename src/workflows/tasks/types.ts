// "A task to a person with buttons": what owners pass to TaskCards.create(), what is stored, and
// what their handlers receive. Owners are workflows (urge, verification, claim_review, handoff…);
// `ownerRef` is theirs (usually a case id). Input is checked with zod at the call.
import { z } from 'zod';
import { UserId } from '../../config/directory.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const Text = (max: number) => z.string().trim().min(1).refine((s) => bytes(s) <= max, `must be at most ${max} bytes`);

export const TaskButton = z.strictObject({
  /** The outcome key: arrives as EventKey on a click (≤1024 bytes, PROTOCOL.md §4.3). */
  key: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits, _ . : -'),
  text: Text(40),
  /** WeCom button colour 1..4 */
  style: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
});
export type TaskButton = z.infer<typeof TaskButton>;

export const TaskField = z.strictObject({ key: Text(40), value: z.string().trim().min(1).max(200) });
export type TaskField = z.infer<typeof TaskField>;

export const CreateTaskInput = z
  .strictObject({
    /** Whose handler receives the outcome: `[a-z][a-z0-9_]*`, ≤32 (it is part of the task_id). */
    owner: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be lower-case letters, digits and _ (≤32)'),
    ownerRef: z.string().min(1).max(128),
    to: z.array(UserId).min(1, 'needs at least one recipient').max(100),
    title: Text(128),
    description: z.string().trim().max(512).default(''),
    /** ≤6 rows shown as `key: value` (horizontal_content_list). */
    fields: z.array(TaskField).max(6).default([]),
    buttons: z.array(TaskButton).min(1).max(6),
    /** E.g. the customer's own words, shown in the card's quote area. */
    quote: z.strictObject({ title: Text(40).optional(), text: z.string().trim().min(1).max(300) }).optional(),
    /** Same key ⇒ same task: a retried workflow step resumes delivery instead of sending twice. */
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .superRefine((t, ctx) => {
    const keys = t.buttons.map((b) => b.key);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) ctx.addIssue({ code: 'custom', path: ['buttons', i, 'key'], message: `duplicate button key "${k}"` });
    });
    if (new Set(t.to).size !== t.to.length) ctx.addIssue({ code: 'custom', path: ['to'], message: 'lists a recipient twice' });
  });
export type CreateTaskInput = z.input<typeof CreateTaskInput>;
export type TaskSpec = z.output<typeof CreateTaskInput>;

export type RecipientStatus = 'pending' | 'sent' | 'failed';

export interface TaskRecipient {
  userid: string;
  status: RecipientStatus;
  /** The card's task_id for this member (`<task id>@<n>`: task_ids are unique per app). */
  cardTaskId: string;
  /** True once their card shows the outcome. */
  updated: boolean;
}

export interface TaskOutcome {
  key: string;
  /** The button text, e.g. 今天送达. */
  text: string;
  /** Userid of who took it. */
  by: string;
  at: number;
}

export interface Task {
  id: string;
  /** Short code staff quote in texts: `#K7M2QX`. */
  code: string;
  owner: string;
  ownerRef: string;
  title: string;
  description: string;
  fields: TaskField[];
  buttons: TaskButton[];
  quote?: { title?: string; text: string };
  createdAt: number;
  status: 'open' | 'done';
  recipients: TaskRecipient[];
  outcome?: TaskOutcome;
}

export interface OutcomeContext {
  task: Task;
  /** The outcome key (a button key). */
  outcome: string;
  /** Userid of who clicked. */
  user: string;
  /** The selection a card carried, as `question: option,option` (none for plain buttons). */
  note?: string;
}

export interface MessageContext {
  task: Task;
  user: string;
  text?: string;
  image?: { mediaId: string; picUrl?: string };
  voice?: { mediaId: string };
}

/**
 * A returned string is sent to the acting member as a WeCom text. Without one, a click gets no
 * text (every card now shows the outcome) and a message gets a short default acknowledgement.
 */
export type OutcomeHandler = (ctx: OutcomeContext) => Promise<string | void>;
export type MessageHandler = (ctx: MessageContext) => Promise<string | void>;
