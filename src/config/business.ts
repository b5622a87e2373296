// Business configuration: service promises (SLA) and working hours, validated at startup.
// The reply states the promise from here and a follow-up job checks it (DESIGN.md "Rules").
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const minutes = z.number().int().positive();
const Sla = z.strictObject({
  urge: minutes,
  verification: minutes,
  fresh_delay: minutes,
  claim_decision: minutes,
  delivery_change: minutes,
  handoff_accept: minutes,
});
export type SlaKey = keyof z.infer<typeof Sla>;

const BusinessFile = z.object({
  sla: Sla,
  /** How much later the customer is promised an answer after a missed SLA was escalated. */
  escalationExtension: Sla,
  workingHours: z.object({ start: z.string().regex(/^\d\d:\d\d$/), end: z.string().regex(/^\d\d:\d\d$/) }),
});

export interface Business {
  slaMs(key: SlaKey): number;
  extensionMs(key: SlaKey): number;
  /** “30 分钟” / “2 小时” / “24 小时” for a promise sentence. */
  slaText(key: SlaKey): string;
  workingHours: { start: string; end: string };
}

export function minutesText(m: number): string {
  if (m < 60) return `${m} 分钟`;
  if (m % 60 === 0) return `${m / 60} 小时`;
  return `${Math.floor(m / 60)} 小时 ${m % 60} 分钟`;
}

export function loadBusiness(path = 'config/business.json'): Business {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const parsed = BusinessFile.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  const b = parsed.data;
  return {
    slaMs: (k) => b.sla[k] * 60_000,
    extensionMs: (k) => b.escalationExtension[k] * 60_000,
    slaText: (k) => minutesText(b.sla[k]),
    workingHours: b.workingHours,
  };
}
