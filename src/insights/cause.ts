// The likely cause of a hot spot, when the parcels' scans show one: complaints concentrated on one
// courier, parcels stalled at one site (scans missing), or one route's trunk transit far above its
// usual time. Each is judged against the same series' own baseline, so a 小区 that always has
// one courier is not "concentrated" on that courier.
import { render } from '../lib/templates.js';
import { binomialUpperTail } from './stats.js';
import type { InsightEvent } from './types.js';

export type CauseKind = 'courier' | 'stalled' | 'transit';

export interface Cause {
  kind: CauseKind;
  /** The courier, site or route the cause names. */
  subject: string;
  text: string;
}

export interface CauseInput {
  /** The hot spot's contacts in its window. */
  events: readonly InsightEvent[];
  /** The same series' contacts before the window (its baseline). */
  before: readonly InsightEvent[];
  /** A route's usual trunk transit in hours from the daily counters, when known. */
  usualTransit(route: string): number | undefined;
  /** The series' own dimension: a courier hot spot is not "caused" by its courier. */
  dim: string;
}

const MIN_EVENTS = 3;
/** How unlikely a concentration must be at the usual share to be named as a cause. */
const SURPRISE = 1e-3;
/** A route's trunk transit counts as "up" from this much above its usual time (both conditions). */
const TRANSIT_RATIO = 1.3;
const TRANSIT_HOURS = 6;
const say = (name: string, vars: Record<string, string | number>) => render('insights.yaml', name, vars);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const hours = (x: number) => String(Math.round(x));

export function likelyCauses(i: CauseInput): Cause[] {
  const out: Cause[] = [];
  const transit = transitCause(i);
  if (transit) out.push(transit);
  const stalled = concentration(i, (e) => e.features?.stalledAt, 0.3);
  if (stalled) {
    const h = Math.min(...i.events.filter((e) => e.features?.stalledAt === stalled.value).map((e) => e.features?.stalledH ?? 24));
    out.push({ kind: 'stalled', subject: stalled.value, text: say('cause_stalled', { n: stalled.n, m: stalled.m, site: stalled.value, hours: hours(h) }) });
  }
  if (i.dim !== 'courier') {
    const courier = concentration(i, (e) => e.dims.courier, 0.5);
    if (courier) out.push({ kind: 'courier', subject: courier.value, text: say('cause_courier', { n: courier.n, m: courier.m, courier: courier.value, usual: pct(courier.usual) }) });
  }
  return out.slice(0, 2);
}

/**
 * The top value of `key` when it covers at least `minShare` of the events and that many would be
 * very unlikely at its usual share (binomial tail; the usual share is smoothed, since a quiet
 * series has only a handful of past complaints to learn it from).
 */
function concentration(i: CauseInput, key: (e: InsightEvent) => string | undefined, minShare: number) {
  const top = topValue(i.events, key);
  if (!top || top.n < MIN_EVENTS || top.n / i.events.length < minShare) return undefined;
  const seen = i.before.filter((e) => key(e) === top.value).length;
  if (binomialUpperTail(top.n, i.events.length, (seen + 0.5) / (i.before.length + 1)) > SURPRISE) return undefined;
  return { ...top, m: i.events.length, usual: i.before.length ? seen / i.before.length : 0 };
}

function transitCause(i: CauseInput): Cause | undefined {
  const top = topValue(i.events, (e) => (e.features?.transitH !== undefined ? e.dims.route : undefined));
  if (!top || top.n < MIN_EVENTS || top.n / i.events.length < 0.5) return undefined;
  const now = meanTransit(i.events, top.value);
  const past = i.before.filter((e) => e.dims.route === top.value && e.features?.transitH !== undefined);
  const usual = past.length >= MIN_EVENTS ? meanTransit(past, top.value) : i.usualTransit(top.value);
  if (now === undefined || usual === undefined || now < TRANSIT_RATIO * usual || now - usual < TRANSIT_HOURS) return undefined;
  return { kind: 'transit', subject: top.value, text: say('cause_transit', { route: top.value, now: hours(now), usual: hours(usual) }) };
}

function meanTransit(events: readonly InsightEvent[], route: string): number | undefined {
  const xs = events.filter((e) => e.dims.route === route).flatMap((e) => (e.features?.transitH !== undefined ? [e.features.transitH] : []));
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

function topValue(events: readonly InsightEvent[], key: (e: InsightEvent) => string | undefined) {
  const counts = new Map<string, number>();
  for (const e of events) {
    const v = key(e);
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best: { value: string; n: number } | undefined;
  for (const [value, n] of counts) if (!best || n > best.n) best = { value, n };
  return best;
}
