// InsightsStore in memory: the simulator replays weeks of traffic through the real recorder and
// detector in a second, and unit tests need no Redis. Retention is not enforced here.
import type { Counts } from './fields.js';
import { indexOfSeries, indexesOf, RETENTION, type InsightsStore, type StoredAlert } from './store.js';
import { dayOf, hourOf } from './time.js';
import type { InsightEvent, SeriesKey } from './types.js';

export class MemoryInsightsStore implements InsightsStore {
  private readonly eventsById = new Map<string, InsightEvent>();
  private readonly index = new Map<string, InsightEvent[]>();
  private readonly hourly = new Map<number, Record<string, number>>();
  private readonly daily = new Map<number, Record<string, number>>();
  private readonly claims = new Map<string, { eventId: string; until: number }>();
  private readonly alertList: StoredAlert[] = [];
  private readonly volumes = new Map<number, Record<string, number>>();

  async commit(ev: InsightEvent, counts: Counts): Promise<boolean> {
    if (this.eventsById.has(ev.id)) return false;
    this.eventsById.set(ev.id, ev);
    add(this.hourly, hourOf(ev.at), counts.hour);
    add(this.daily, dayOf(ev.at), counts.day);
    for (const key of indexesOf(ev)) insertByTime(this.index, key, ev);
    return true;
  }

  async claim(scope: string, eventId: string, at: number): Promise<boolean> {
    const held = this.claims.get(scope);
    if (held && held.until > at) return held.eventId === eventId;
    this.claims.set(scope, { eventId, until: at + RETENTION.contactMs });
    return true;
  }

  async hours(hours: readonly number[]) {
    return new Map(hours.map((h) => [h, this.hourly.get(h) ?? {}] as const));
  }

  async days(days: readonly number[]) {
    return new Map(days.map((d) => [d, this.daily.get(d) ?? {}] as const));
  }

  async events(series: SeriesKey | null, from: number, to: number, limit: number): Promise<InsightEvent[]> {
    const list = this.index.get(indexOfSeries(series)) ?? [];
    const out: InsightEvent[] = [];
    for (let i = lowerBound(list, to) - 1; i >= 0 && out.length < limit; i--) {
      const ev = list[i]!;
      if (ev.at < from) break;
      out.push(ev);
    }
    return out;
  }

  async saveAlert(alert: StoredAlert): Promise<void> {
    this.alertList.push(alert);
  }

  async alerts(from: number, to: number, limit: number): Promise<StoredAlert[]> {
    return this.alertList.filter((a) => a.at >= from && a.at < to).sort((a, b) => b.at - a.at).slice(0, limit);
  }

  async dayVolumes(day: number) {
    return this.volumes.get(day) ?? null;
  }

  async saveDayVolumes(day: number, volumes: Record<string, number>) {
    this.volumes.set(day, volumes);
  }
}

function add(map: Map<number, Record<string, number>>, bucket: number, fields: Record<string, number>) {
  const h = map.get(bucket) ?? {};
  for (const [f, n] of Object.entries(fields)) h[f] = (h[f] ?? 0) + n;
  map.set(bucket, h);
}

/** First position whose event is at or after `at`. */
function lowerBound(list: InsightEvent[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertByTime(index: Map<string, InsightEvent[]>, key: string, ev: InsightEvent) {
  const list = index.get(key) ?? [];
  if (!list.length || list[list.length - 1]!.at <= ev.at) list.push(ev);
  else list.splice(lowerBound(list, ev.at + 1), 0, ev);
  index.set(key, list);
}
