// The scenario-file contract (../shared/SCENARIOS.md): steps and expectations. Every key keeps the
// meaning it has there; extensions are marked. A malformed file is reported with the file, the key
// path and the reason — never a crash and never a silent pass (unknown expectation keys are errors).
import { z } from 'zod';

// Plain YAML turns a bare 13800000031 into a number; in an expectation it always means the text.
const text = z.union([z.string(), z.number()]).transform(String);
const strings = z.array(text).min(1);

export const ReplyExpect = z.strictObject({
  contains: strings.optional(),
  any: strings.optional(),
  not: strings.optional(),
  matches: z.string().optional(),
  none: z.boolean().optional(),
});

export const Expect = z.strictObject({
  reply: ReplyExpect.optional(),
  tools: z.array(z.string()).optional(),
  no_tools: z.array(z.string()).optional(),
  cases: z.array(z.record(z.string(), z.unknown())).optional(),
  to_customer: z
    .array(z.strictObject({ kind: z.enum(['text', 'image', 'template']).optional(), contains: z.union([text, strings]).optional() }))
    .optional(),
  wecom: z.array(z.record(z.string(), z.unknown())).optional(),
  handoff: z.record(z.string(), z.unknown()).optional(),
  context_card: z.strictObject({ contains: strings }).optional(),
  payout: z.record(z.string(), z.unknown()).optional(),
  cases_count: z.number().int().nonnegative().optional(),
});
export type Expect = z.infer<typeof Expect>;

const person = z.strictObject({ user: z.string().min(1), click: z.string().optional(), text: z.string().optional() });

/** The step keys of SCENARIOS.md plus extensions: `unsubscribe`, `retries` (the platform delivers the
 * same callback again N times), `as` (which customer acts, default: the first in the world). */
export const Turn = z
  .strictObject({
    customer: text.pipe(z.string().min(1)).optional(),
    customer_image: z.string().min(1).optional(),
    customer_voice: z.string().min(1).optional(),
    menu: z.string().min(1).optional(),
    subscribe: z.literal(true).optional(),
    unsubscribe: z.literal(true).optional(),
    staff: person.optional(),
    supervisor: person.optional(),
    wait: z.string().min(1).optional(),
    payment: z.strictObject({ result: z.enum(['success', 'fail']) }).optional(),
    platform: z.strictObject({ fail: z.number().int() }).optional(),
    retries: z.number().int().min(0).max(10).optional(),
    as: z.string().min(1).optional(),
    note: z.string().optional(),
    expect: Expect.optional(),
  })
  .superRefine((t, ctx) => {
    const steps = STEP_KEYS.filter((k) => t[k] !== undefined);
    if (steps.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `a turn needs exactly one step (${STEP_KEYS.join(', ')}), found ${steps.length ? steps.join(', ') : 'none'}` });
    }
  });
export type Turn = z.infer<typeof Turn>;

export const STEP_KEYS = ['customer', 'customer_image', 'customer_voice', 'menu', 'subscribe', 'unsubscribe', 'staff', 'supervisor', 'wait', 'payment', 'platform'] as const;
export type StepKey = (typeof STEP_KEYS)[number];

export const ScenarioFile = z.looseObject({
  name: z.string().min(1),
  channel: z.enum(['wechat', 'wecom-kf']).default('wechat'),
  now: z.string().datetime({ offset: true }).optional(),
  world: z.unknown().optional(),
  turns: z.array(Turn).min(1),
});
export type ScenarioFile = z.infer<typeof ScenarioFile>;

export class ScenarioFormatError extends Error {
  readonly code = 'SCENARIO_MALFORMED';
  constructor(
    readonly file: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`${file}: ${key || '(file)'}: ${reason}`);
    this.name = 'ScenarioFormatError';
  }
}

export function issuePath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}
