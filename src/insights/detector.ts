// Spike detection: evaluate every series (evaluate.ts), group the significant ones into hot spots
// (merge.ts), and attach the likely cause from the scans of the parcels complained about.
import { likelyCauses, type Cause } from './cause.js';
import { evaluate, type Evaluation } from './evaluate.js';
import { transitCountField, transitSumField } from './fields.js';
import { groupHotspots, type Hotspot } from './merge.js';
import { DEFAULT_PARAMS, type DetectionParams } from './params.js';
import type { InsightsStore } from './store.js';
import { HOUR_MS, dayOf, dayStart } from './time.js';
import { loadBaselineContext, type BaselineContext } from './baseline-context.js';
import { ALL_VALUE, type InsightEvent, type SeriesKey } from './types.js';
import type { Volumes } from './volumes.js';
import { WindowCounts } from './window-counts.js';

export interface DetectedHotspot extends Hotspot {
  causes: Cause[];
}

export interface DetectorDeps {
  store: InsightsStore;
  volumes?: Volumes;
  params?: Partial<DetectionParams>;
}

const MAX_EVENTS = 5000;

export class Detector {
  readonly params: DetectionParams;

  private readonly counts: WindowCounts;

  constructor(private readonly d: DetectorDeps) {
    this.params = { ...DEFAULT_PARAMS, ...d.params };
    this.counts = new WindowCounts(d.store, this.params.windowsH);
  }

  private cached: BaselineContext | undefined;

  async evaluate(now: number): Promise<Evaluation> {
    return evaluate({ counts: this.counts, ...(this.d.volumes && { volumes: this.d.volumes }), params: this.params }, await this.context(now), now);
  }

  /** Today's baseline, read once a day (past days do not change, bar a few late events). */
  private async context(now: number): Promise<BaselineContext> {
    if (this.cached?.today === dayOf(now)) return this.cached;
    this.cached = await loadBaselineContext(this.d.store, this.d.volumes, this.params, dayOf(now));
    return this.cached;
  }

  async detect(now: number): Promise<{ evaluation: Evaluation; hotspots: DetectedHotspot[] }> {
    const evaluation = await this.evaluate(now);
    const significant = evaluation.tests.filter((t) => t.significant);
    if (!significant.length) return { evaluation, hotspots: [] };
    const cooling = await this.cooling(now);
    const hotspots: DetectedHotspot[] = [];
    const categories = [...new Set(significant.map((t) => t.series.category))];
    for (const category of categories) {
      const tests = significant.filter((t) => t.series.category === category);
      const from = Math.min(...tests.map((t) => t.from));
      const events = (await this.d.store.events({ category, dim: 'all', value: ALL_VALUE }, from, now, MAX_EVENTS)).filter((e) => e.contact);
      for (const h of groupHotspots(tests, events, cooling.filter((s) => s.category === category), this.params)) {
        hotspots.push({ ...h, causes: await this.causes(h, evaluation) });
      }
    }
    return { evaluation, hotspots };
  }

  /** Series alerted (as leader or "also") within the cool-down. */
  private async cooling(now: number): Promise<SeriesKey[]> {
    const recent = await this.d.store.alerts(now - this.params.coolDownH * HOUR_MS, now + 1, 1000);
    return recent.flatMap((a) => [{ category: a.category, dim: a.dim, value: a.value }, ...a.also.map((s) => ({ category: a.category, ...s }))]);
  }

  private async causes(h: Hotspot, ev: Evaluation): Promise<Cause[]> {
    // "Usual" is the baseline's own period: the days just before (the guard) may already be the incident.
    const days = ev.context.days;
    const from = dayStart(days[0]?.day ?? dayOf(ev.now));
    const to = Math.min(h.test.from, dayStart((days.at(-1)?.day ?? dayOf(ev.now)) + 1));
    const before: InsightEvent[] = (await this.d.store.events(h.test.series, from, to, 1000)).filter((e) => e.contact);
    const usualTransit = (route: string) => {
      let sum = 0;
      let n = 0;
      for (const d of ev.context.days) {
        sum += d.counts[transitSumField(route)] ?? 0;
        n += d.counts[transitCountField(route)] ?? 0;
      }
      return n >= 3 ? sum / 10 / n : undefined;
    };
    return likelyCauses({ events: h.events, before, usualTransit, dim: h.test.series.dim });
  }
}

