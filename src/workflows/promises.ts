// Promise sentences built from the SLA configuration and the case's due time — the only source of
// the times the bot states.
import type { Business, SlaKey } from '../config/business.js';
import { render } from '../lib/templates.js';
import { formatWhen } from '../lib/time-zh.js';

export const W = 'workflows.yaml';
export const sayW = (name: string, vars: Record<string, string | number> = {}) => render(W, name, vars);

export function promise(business: Business, key: SlaKey, template: string, dueAt: number, now: number): string {
  return sayW(template, { sla: business.slaText(key), due: formatWhen(dueAt, now) });
}
