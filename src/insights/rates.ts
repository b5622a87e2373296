// The bot's outcome rates from the `o|…` counters of one or more days:
//   resolution = contacts neither handed to a person nor left with a missed promise
//   handoff    = handoffs / contacts;  kept = promises kept / promises checked (kept + missed)
import { outcomeField } from './fields.js';

export interface Rates {
  contacts: number;
  handoffs: number;
  workflows: number;
  kept: number;
  missed: number;
  /** 0–1, or undefined when there is nothing to divide by. */
  resolution?: number;
  handoffRate?: number;
  keptRate?: number;
}

export function ratesOf(hashes: Iterable<Record<string, number>>): Rates {
  let contacts = 0;
  let handoffs = 0;
  let workflows = 0;
  let kept = 0;
  let missed = 0;
  for (const h of hashes) {
    contacts += h[outcomeField('contact')] ?? 0;
    handoffs += h[outcomeField('handoff')] ?? 0;
    workflows += h[outcomeField('workflow')] ?? 0;
    kept += h[outcomeField('kept')] ?? 0;
    missed += h[outcomeField('missed')] ?? 0;
  }
  const out: Rates = { contacts, handoffs, workflows, kept, missed };
  if (contacts > 0) {
    out.resolution = Math.max(0, contacts - handoffs - missed) / contacts;
    out.handoffRate = Math.min(1, handoffs / contacts);
  }
  if (kept + missed > 0) out.keptRate = kept / (kept + missed);
  return out;
}

export const percent = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
