// Where insights live: events (for drill-down and examples), hourly and daily counter hashes,
// alerts, and the cache of daily parcel volumes. Redis in the service (redis-store.ts); memory
// in the simulator and unit tests (memory-store.ts) — the detection code cannot tell them apart.
import type { Counts } from './fields.js';
import type { Category, InsightEvent, SeriesDimension, SeriesKey } from './types.js';
import { DAY_MS } from './time.js';

/** How long each kind of record is kept. */
export const RETENTION = {
  eventMs: 35 * DAY_MS,
  hourMs: 10 * DAY_MS,
  dayMs: 120 * DAY_MS,
  alertMs: 90 * DAY_MS,
  contactMs: DAY_MS,
} as const;

export interface StoredAlert {
  id: string;
  at: number;
  category: Category;
  dim: SeriesDimension;
  value: string;
  /** Series that rose with it and are explained by the same conversations. */
  also: { dim: SeriesDimension; value: string }[];
  windowH: number;
  count: number;
  expected: number;
  pValue: number;
  /** Complaints per 10,000 parcels (per day), now and normally. */
  per10k?: number;
  normalPer10k?: number;
  causes: string[];
  /** The conversations behind it (event ids, newest first): the drill-down. */
  eventIds: string[];
  examples: string[];
  action: string;
  /** The markdown sent to the operations group. */
  text: string;
  delivered: boolean;
}

export interface InsightsStore {
  /** Stores a new event and adds its counts in one step; false when the id was recorded already. */
  commit(ev: InsightEvent, counts: Counts): Promise<boolean>;
  /**
   * Claims a once-a-day fact (`<conversation>|<category>` for a contact, `<conversation>|handoff`)
   * for this event; true for the claimant, also when the same event retries.
   */
  claim(scope: string, eventId: string, at: number): Promise<boolean>;
  hours(hours: readonly number[]): Promise<Map<number, Record<string, number>>>;
  days(days: readonly number[]): Promise<Map<number, Record<string, number>>>;
  /** Events of a series (null: every event) in [from, to), newest first. */
  events(series: SeriesKey | null, from: number, to: number, limit: number): Promise<InsightEvent[]>;
  saveAlert(alert: StoredAlert): Promise<void>;
  /** Alerts in [from, to), newest first. */
  alerts(from: number, to: number, limit: number): Promise<StoredAlert[]>;
  dayVolumes(day: number): Promise<Record<string, number> | null>;
  saveDayVolumes(day: number, volumes: Record<string, number>): Promise<void>;
}

/** The index an event is listed under: every event, its category, each of its dimension values. */
export function indexesOf(ev: InsightEvent): string[] {
  const out = ['any', `${ev.category}|all|*`];
  for (const [dim, value] of Object.entries(ev.dims)) if (value) out.push(`${ev.category}|${dim}|${value}`);
  return out;
}

export const indexOfSeries = (s: SeriesKey | null): string => (s ? `${s.category}|${s.dim}|${s.value}` : 'any');
