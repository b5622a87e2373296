// The counter fields of the hourly and daily hashes, and which of them one event increments.
//   c|<category>|<dim>|<value>   contacts (first turn of a category per conversation and day)
//   h|<hour of day>              all contacts by hour of day (daily hash: the seasonal profile)
//   t, t|<outcome>               turns by outcome (answered, workflow, handoff, failed)
//   o|<outcome>[|<category>]     contacts, handoffs (once per conversation and day) and case steps
//                                (workflow, kept, late, missed)
//   x|<route>, n|<route>         trunk transit time of complained-about parcels (tenths of hours)
import { hourOf, hourOfDay } from './time.js';
import { ALL_VALUE, DIMENSIONS, type Category, type InsightEvent, type SeriesDimension, type SeriesKey } from './types.js';

export interface Counts {
  hour: Record<string, number>;
  day: Record<string, number>;
}

const clean = (v: string) => v.replace(/\|/g, '¦');

export const contactField = (s: SeriesKey): string => `c|${s.category}|${s.dim}|${clean(s.value)}`;
export const profileField = (hourOfDay: number): string => `h|${hourOfDay}`;
export const outcomeField = (outcome: string, category?: Category): string => (category ? `o|${outcome}|${category}` : `o|${outcome}`);
export const transitSumField = (route: string): string => `x|${clean(route)}`;
export const transitCountField = (route: string): string => `n|${clean(route)}`;

const parsed = new Map<string, SeriesKey | null>();
const PARSED_MAX = 100_000;

/** `c|urge|station|qibao` → the series; null for any other field. Memoised: detection parses the same fields every run. */
export function parseContactField(field: string): SeriesKey | null {
  const hit = parsed.get(field);
  if (hit !== undefined) return hit;
  const parts = field.split('|');
  const key = parts.length === 4 && parts[0] === 'c' ? { category: parts[1] as Category, dim: parts[2] as SeriesDimension, value: parts[3]! } : null;
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(field, key);
  return key;
}

/** `c|…` without allocating (the detection loop checks every field of every hour). */
export const isContactField = (field: string): boolean => field.charCodeAt(0) === 99 && field.charCodeAt(1) === 124;

/** `firstHandoff`: the conversation's first handoff of the day (the recorder decides). */
export function countsOf(ev: InsightEvent, flags: { firstHandoff?: boolean } = {}): Counts {
  const both: Record<string, number> = {};
  const dayOnly: Record<string, number> = {};
  const add = (to: Record<string, number>, f: string, n = 1) => (to[f] = (to[f] ?? 0) + n);
  const outcome = (name: string) => {
    add(both, outcomeField(name));
    add(both, outcomeField(name, ev.category));
  };
  if (ev.kind === 'turn') {
    add(both, 't');
    add(both, `t|${ev.outcome}`);
  } else if (ev.outcome !== 'handoff') {
    outcome(ev.outcome);
  }
  if (flags.firstHandoff) outcome('handoff');
  if (ev.contact) {
    outcome('contact');
    add(both, contactField({ category: ev.category, dim: 'all', value: ALL_VALUE }));
    for (const dim of DIMENSIONS) {
      const value = ev.dims[dim];
      if (value) add(both, contactField({ category: ev.category, dim, value }));
    }
    add(dayOnly, profileField(hourOfDay(hourOf(ev.at))));
    if (ev.dims.route && ev.features?.transitH !== undefined) {
      add(dayOnly, transitSumField(ev.dims.route), Math.round(ev.features.transitH * 10));
      add(dayOnly, transitCountField(ev.dims.route));
    }
  }
  return { hour: { ...both }, day: { ...both, ...dayOnly } };
}
