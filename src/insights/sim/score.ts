// Scoring a simulation: an alert belongs to an injected hot spot when it is of the same category,
// comes while the hot spot lasts (or within a day after), and either names the hot spot's place
// (as leader or "also") or the hot spot's conversations make up at least half of its excess over
// normal (an alert for the district that contains the station). Any other alert is a false alarm.
import type { StoredAlert } from '../store.js';
import { DAY_MS } from '../time.js';
import type { Injected } from './hotspots.js';

export interface SimScore {
  detected: number;
  total: number;
  falseAlarms: number;
  /** Minutes from a hot spot's start to its first alert (detected ones only). */
  timesToDetect: number[];
  medianTimeToDetectMin: number;
  /** Per alert: the hot spot it matched, or null for a false alarm. */
  matches: (string | null)[];
}

export function score(hotspots: readonly Injected[], alerts: readonly StoredAlert[], injectedOf: ReadonlyMap<string, string>): SimScore {
  const first = new Map<string, number>();
  const matches = alerts.map((a) => {
    const h = hotspots.find((x) => belongs(a, x, injectedOf));
    if (h && !first.has(h.id)) first.set(h.id, a.at - h.start);
    return h?.id ?? null;
  });
  const times = [...first.values()].map((ms) => Math.round(ms / 60_000)).sort((a, b) => a - b);
  return {
    detected: first.size,
    total: hotspots.length,
    falseAlarms: matches.filter((m) => m === null).length,
    timesToDetect: times,
    medianTimeToDetectMin: median(times),
    matches,
  };
}

function belongs(a: StoredAlert, h: Injected, injectedOf: ReadonlyMap<string, string>): boolean {
  if (a.category !== h.category || a.at < h.start || a.at > h.end + DAY_MS) return false;
  const names = [{ dim: a.dim, value: a.value }, ...a.also].some((s) => s.dim === h.dim && s.value === h.value);
  const ours = a.eventIds.filter((id) => injectedOf.get(id) === h.id).length;
  return names || ours * 2 >= a.count - a.expected;
}

function median(xs: readonly number[]): number {
  if (!xs.length) return Number.NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid]! : Math.round((xs[mid - 1]! + xs[mid]!) / 2);
}
