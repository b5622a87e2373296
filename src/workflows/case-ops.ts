// Pure steps on cases: validate what a caller asks for, build a new case, fold a repeat request
// into the open one. No I/O here, so the store can retry them freely under optimistic locking.
import { z } from 'zod';
import { CourierError } from '../domain/errors.js';
import { normaliseWaybill, Waybill } from '../courier/types.js';
import { defaultInitialStatus, initialStatuses } from './case-machine.js';
import {
  CaseStatusSchema,
  CaseTypeSchema,
  ClaimKindSchema,
  PrioritySchema,
  VerificationKindSchema,
  type Case,
  type CaseCustomer,
  type TimelineEntry,
} from './case-types.js';

export const OpenCaseInputSchema = z
  .object({
    type: CaseTypeSchema,
    kind: z.string().min(1).max(40).optional(),
    /** Required except for a handoff that names no parcel. */
    waybill: z.string().optional(),
    customer: z.object({ channel: z.string().min(1), id: z.string().min(1), role: z.enum(['sender', 'receiver', 'unknown']).default('unknown') }),
    priority: PrioritySchema.optional(),
    stationId: z.string().min(1).optional(),
    assignee: z.string().min(1).optional(),
    slaDueAt: z.number().int().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    /** Start somewhere other than the type's first status (e.g. a fresh_delay claim straight to under_review). */
    status: CaseStatusSchema.optional(),
    actor: z.string().min(1),
    note: z.string().max(2000).optional(),
    /** The inbound message key behind the request: a retried turn then changes nothing. */
    ref: z.string().min(1).optional(),
  })
  .transform((i) => ({ ...i, waybill: i.waybill ? normaliseWaybill(i.waybill) : '' }))
  .superRefine((i, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (i.waybill ? !Waybill.safeParse(i.waybill).success : i.type !== 'handoff') issue('waybill', 'a valid waybill is required');
    if (i.type === 'claim' && !ClaimKindSchema.safeParse(i.kind).success) issue('kind', 'a claim needs kind lost | damaged | fresh_delay');
    if (i.type === 'verification' && i.kind !== undefined && !VerificationKindSchema.safeParse(i.kind).success) issue('kind', 'unknown verification kind');
    if (i.status && !initialStatuses(i.type).includes(i.status)) issue('status', `a ${i.type} case cannot start as ${i.status}`);
  });
export type OpenCaseInput = z.input<typeof OpenCaseInputSchema>;
export type OpenCase = z.output<typeof OpenCaseInputSchema>;

export function parseOpenInput(input: OpenCaseInput): OpenCase {
  const r = OpenCaseInputSchema.safeParse(input);
  if (r.success) return r.data;
  throw new CourierError('CASE_INVALID', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
}

/** What update() may change. */
export const CasePatchSchema = z.object({
  /** null clears the due time. */
  slaDueAt: z.number().int().nullable().optional(),
  /** Shallow-merged into case.data. */
  data: z.record(z.string(), z.unknown()).optional(),
  priority: PrioritySchema.optional(),
});
export type CasePatch = z.infer<typeof CasePatchSchema>;

/** The one-open-case slot: per waybill and type, and per kind for claims (a damaged claim does not absorb a lost one). */
export const openSlot = (c: { type: Case['type']; kind?: string | undefined }): string => (c.type === 'claim' ? `claim.${c.kind}` : c.type);

export const sameCustomer = (a: { channel: string; id: string }, b: { channel: string; id: string }) => a.channel === b.channel && a.id === b.id;

export function entry(at: number, actor: string, action: string, note?: string, ref?: string): TimelineEntry {
  return { at, actor, action, ...(note ? { note } : {}), ...(ref ? { ref } : {}) };
}

export function newCase(i: OpenCase, id: string, now: number): Case {
  return {
    id,
    type: i.type,
    ...(i.kind ? { kind: i.kind } : {}),
    waybill: i.waybill,
    status: i.status ?? defaultInitialStatus(i.type),
    priority: i.priority ?? 'normal',
    ...(i.assignee ? { assignee: i.assignee } : {}),
    ...(i.stationId ? { stationId: i.stationId } : {}),
    customers: [i.customer],
    ...(i.slaDueAt !== undefined ? { slaDueAt: i.slaDueAt } : {}),
    createdAt: now,
    updatedAt: now,
    evidence: [],
    timeline: [entry(now, i.actor, 'opened', i.note, i.ref)],
    data: i.data ?? {},
  };
}

export interface Joined {
  next: Case;
  /** Set when the request was already applied (same ref): nothing to write. */
  unchanged?: { created: boolean };
  newCustomer?: CaseCustomer;
}

/**
 * Folds a repeat or a second party into the open case. What the first request set stands (its
 * promise and SLA are what the first customer was told); the join only fills gaps, learns a role
 * that was unknown, and raises priority, never lowers it.
 */
export function joinCase(c: Case, i: OpenCase, now: number): Joined {
  const seen = i.ref ? c.timeline.find((t) => t.ref === i.ref) : undefined;
  if (seen) return { next: c, unchanged: { created: seen.action === 'opened' } };
  const known = c.customers.find((x) => sameCustomer(x, i.customer));
  const customers = known
    ? c.customers.map((x) => (x === known && x.role === 'unknown' ? { ...x, role: i.customer.role } : x))
    : [...c.customers, i.customer];
  const next: Case = {
    ...c,
    customers,
    priority: c.priority === 'high' || i.priority === 'high' ? 'high' : 'normal',
    ...(c.assignee || !i.assignee ? {} : { assignee: i.assignee }),
    ...(c.stationId || !i.stationId ? {} : { stationId: i.stationId }),
    ...(c.slaDueAt !== undefined || i.slaDueAt === undefined ? {} : { slaDueAt: i.slaDueAt }),
    data: { ...(i.data ?? {}), ...c.data },
    updatedAt: now,
    timeline: [...c.timeline, entry(now, i.actor, known ? 'repeated' : 'joined', i.note, i.ref)],
  };
  return known ? { next } : { next, newCustomer: i.customer };
}
