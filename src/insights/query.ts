// The dashboard's data: daily contacts by category with volume and rates, the bot's outcome
// rates, the current top hot spots (every series tested, significant or not), recent alerts, a
// series over time, and the conversations behind a hot spot (masked).
import { fmt, plainNames, whereOf, type PlaceNames } from './compose.js';
import type { Detector } from './detector.js';
import { contactField, outcomeField } from './fields.js';
import { CATEGORY_LABEL, OUTCOME_LABEL } from './labels.js';
import { ratesOf, type Rates } from './rates.js';
import { maskConversationId, maskWaybill } from './redact.js';
import { RETENTION, type InsightsStore, type StoredAlert } from './store.js';
import { dayLabel, dayOf, dayStart, hourOf, hourStart, DAY_MS, HOUR_MS, shortTime } from './time.js';
import { CATEGORIES, isMonitored, type Category, type InsightEvent, type SeriesKey } from './types.js';
import type { Volumes } from './volumes.js';

export interface DaySummary {
  day: string;
  contacts: number;
  volume?: number;
  per10k?: number;
  byCategory: Partial<Record<Category, number>>;
  rates: Rates;
}

export interface HotspotRow extends SeriesKey {
  label: string;
  where: string;
  windowH: number;
  count: number;
  expected: number;
  ratio: string;
  pValue: number;
  per10k?: number;
  normalPer10k?: number;
  significant: boolean;
}

export interface ConversationRow {
  at: string;
  conversation?: string;
  category: string;
  outcome: string;
  excerpt?: string;
  caseId?: string;
  waybill?: string;
  dims: InsightEvent['dims'];
}

export interface QueryDeps {
  store: InsightsStore;
  detector: Detector;
  volumes?: Volumes;
  names?: () => Promise<PlaceNames>;
}

export class InsightsQuery {
  constructor(private readonly d: QueryDeps) {}

  async summary(now: number, dayCount: number): Promise<{ days: DaySummary[]; totals: Rates; categories: { category: Category; label: string; count: number }[] }> {
    const today = dayOf(now);
    const numbers = Array.from({ length: dayCount }, (_, i) => today - dayCount + 1 + i);
    const hashes = await this.d.store.days(numbers);
    const days: DaySummary[] = [];
    for (const n of numbers) {
      const h = hashes.get(n) ?? {};
      // The dashboard still shows counts while the courier backend cannot count parcels.
      const volume = (await this.d.volumes?.day(n, today).catch(() => null))?.total;
      const contacts = h[outcomeField('contact')] ?? 0;
      const byCategory: Partial<Record<Category, number>> = {};
      for (const c of CATEGORIES) if (h[outcomeField('contact', c)]) byCategory[c] = h[outcomeField('contact', c)];
      days.push({ day: dayLabel(n), contacts, ...(volume && { volume, per10k: (contacts / volume) * 1e4 }), byCategory, rates: ratesOf([h]) });
    }
    const totals = ratesOf(hashes.values());
    const categories = CATEGORIES.filter(isMonitored)
      .map((category) => ({ category, label: CATEGORY_LABEL[category], count: days.reduce((s, d) => s + (d.byCategory[category] ?? 0), 0) }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count);
    return { days, totals, categories };
  }

  /** The most unusual series right now (every dimension but the category totals). */
  async hotspots(now: number, limit = 15): Promise<{ ready: boolean; rows: HotspotRow[] }> {
    const names = (await this.d.names?.()) ?? plainNames;
    const ev = await this.d.detector.evaluate(now);
    const rows = ev.tests
      .filter((t) => t.count > t.expected)
      .slice(0, limit)
      .map((t) => ({
        ...t.series,
        label: CATEGORY_LABEL[t.series.category],
        where: whereOf(t.series.dim, t.series.value, names),
        windowH: t.windowH,
        count: t.count,
        expected: t.expected,
        ratio: t.expected > 0.05 ? `${fmt(t.count / t.expected)}×` : '新出现',
        pValue: t.pValue,
        ...(t.per10k !== undefined && { per10k: t.per10k }),
        ...(t.normalPer10k !== undefined && { normalPer10k: t.normalPer10k }),
        significant: t.significant,
      }));
    return { ready: ev.ready, rows };
  }

  alerts(now: number, days: number, limit = 50): Promise<StoredAlert[]> {
    return this.d.store.alerts(now - days * DAY_MS, now + 1, limit);
  }

  /** Daily counts of a series, and hourly counts over the last two days. */
  async series(s: SeriesKey, now: number, dayCount: number): Promise<{ daily: { day: string; count: number }[]; hourly: { hour: string; count: number }[] }> {
    const field = contactField(s);
    const today = dayOf(now);
    const numbers = Array.from({ length: dayCount }, (_, i) => today - dayCount + 1 + i);
    const daily = await this.d.store.days(numbers);
    const hours = Array.from({ length: 48 }, (_, i) => hourOf(now) - 47 + i);
    const hourly = await this.d.store.hours(hours);
    return {
      daily: numbers.map((n) => ({ day: dayLabel(n), count: daily.get(n)?.[field] ?? 0 })),
      hourly: hours.map((h) => ({ hour: shortTime(hourStart(h)), count: hourly.get(h)?.[field] ?? 0 })),
    };
  }

  /** The conversations of a series in [from, to), newest first, masked. */
  async conversations(s: SeriesKey | null, from: number, to: number, limit = 100): Promise<ConversationRow[]> {
    const events = await this.d.store.events(s, from, to, limit);
    return events.map(rowOf);
  }

  async alert(id: string, now: number): Promise<StoredAlert | undefined> {
    return (await this.d.store.alerts(now - RETENTION.alertMs, now + 1, 5000)).find((a) => a.id === id);
  }

  /** The conversations behind one alert. */
  async alertConversations(alert: StoredAlert): Promise<ConversationRow[]> {
    const wanted = new Set(alert.eventIds);
    const from = alert.at - (alert.windowH + 1) * HOUR_MS;
    const events = await this.d.store.events({ category: alert.category, dim: alert.dim, value: alert.value }, from, alert.at + 1, 1000);
    return events.filter((e) => wanted.has(e.id)).map(rowOf);
  }

  /** From the start of the CST day `days - 1` days ago. */
  static since(now: number, days: number): number {
    return dayStart(dayOf(now) - days + 1);
  }
}

function rowOf(e: InsightEvent): ConversationRow {
  return {
    at: shortTime(e.at),
    ...(e.conversationId && { conversation: maskConversationId(e.conversationId) }),
    category: CATEGORY_LABEL[e.category],
    outcome: OUTCOME_LABEL[e.outcome],
    ...(e.excerpt && { excerpt: e.excerpt }),
    ...(e.caseId && { caseId: e.caseId }),
    ...(e.waybill && { waybill: maskWaybill(e.waybill) }),
    dims: e.dims,
  };
}
