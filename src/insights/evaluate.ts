// One detection pass over the counters: every series with enough recent complaints is tested
// against its expected count in each window with the negative-binomial tail (stats.ts).
import { baselineOf, expectationOf, type BaselineDay } from './expectation.js';
import { contactField, parseContactField } from './fields.js';
import type { DetectionParams } from './params.js';
import { estimateProfile, hourWeight, type Profile } from './profile.js';
import { negBinUpperTail } from './stats.js';
import type { InsightsStore } from './store.js';
import { dayOf, hourOf, hourStart, HOUR_MS } from './time.js';
import { ALL_VALUE, type SeriesKey } from './types.js';
import { volumeOf, type VolumeTable, type Volumes } from './volumes.js';

export interface SeriesTest {
  series: SeriesKey;
  windowH: number;
  /** Window start (epoch ms); the window ends now. */
  from: number;
  count: number;
  expected: number;
  /** NB size of the expectation (how certain the baseline is). */
  size: number;
  pValue: number;
  /** Complaints per 10,000 parcels per day, now and normally; undefined without volumes. */
  per10k?: number;
  normalPer10k?: number;
  significant: boolean;
}

export interface Evaluation {
  now: number;
  /** The best window of every series tested, most significant first. */
  tests: SeriesTest[];
  baselineDays: BaselineDay[];
  profile: Profile;
  /** False while there is too little history to judge. */
  ready: boolean;
}

export interface EvaluateDeps {
  store: InsightsStore;
  volumes?: Volumes;
  params: DetectionParams;
}

export async function evaluate(deps: EvaluateDeps, now: number): Promise<Evaluation> {
  const { store, params } = deps;
  const today = dayOf(now);
  const dayNumbers = Array.from({ length: params.baselineDays }, (_, i) => today - params.baselineDays + i);
  const dailies = await store.days(dayNumbers);
  const baselineDays: BaselineDay[] = [];
  for (const day of dayNumbers) baselineDays.push({ day, counts: dailies.get(day) ?? {}, volumes: (await deps.volumes?.day(day, today)) ?? null });
  const profile = estimateProfile(baselineDays.map((d) => ({ day: d.day, counts: d.counts, volume: d.volumes?.total ?? 1 })));
  const withData = baselineDays.filter((d) => Object.keys(d.counts).some((f) => f.startsWith('h|'))).length;
  if (withData < params.minBaselineDays) return { now, tests: [], baselineDays, profile, ready: false };

  const current = hourOf(now);
  const longest = Math.max(...params.windowsH);
  const hours = Array.from({ length: longest }, (_, i) => current - longest + 1 + i);
  const hourly = await store.hours(hours);
  const elapsed = (now - hourStart(current)) / HOUR_MS;
  const windows = params.windowsH.map((w) => {
    const inWindow = hours.slice(hours.length - w);
    const weight = inWindow.reduce((sum, h) => sum + hourWeight(profile, h) * (h === current ? elapsed : 1), 0);
    return { w, hours: new Set(inWindow), weight, from: hourStart(inWindow[0]!) };
  });
  const recent = (await deps.volumes?.rolling(now)) ?? null;
  const volumeKnown = baselineDays.some((d) => d.volumes);

  // Count each series per window; only those that reach minCount somewhere can alarm.
  const counts = new Map<string, number[]>();
  for (const [h, fields] of hourly) {
    for (const [field, n] of Object.entries(fields)) {
      if (!field.startsWith('c|')) continue;
      const row = counts.get(field) ?? windows.map(() => 0);
      windows.forEach((win, i) => win.hours.has(h) && (row[i]! += n));
      counts.set(field, row);
    }
  }
  const tests: SeriesTest[] = [];
  const parents = new Map<string, number | undefined>();
  for (const [field, row] of counts) {
    const series = parseContactField(field);
    if (!series || Math.max(...row) < params.minCount) continue;
    const prior = series.dim === 'all' ? undefined : priorRate(series, parents, baselineDays, profile, today, params);
    if (series.dim !== 'all' && prior === undefined) continue;
    const base = baselineOf(field, series.dim, series.value, baselineDays, profile, today, params.halfLifeDays);
    const volumeNow = volumeNowOf(recent, series, base.meanVolume, baselineDays);
    let best: SeriesTest | undefined;
    windows.forEach((win, i) => {
      const e = expectationOf(base, volumeNow * win.weight, prior, params);
      if (!e) return;
      const count = row[i]!;
      const pValue = negBinUpperTail(count, e.mean, e.size);
      const test: SeriesTest = {
        series,
        windowH: win.w,
        from: win.from,
        count,
        expected: e.mean,
        size: e.size,
        pValue,
        ...(volumeKnown && win.weight > 0 && volumeNow > 0 && { per10k: (count / (volumeNow * win.weight)) * 1e4, normalPer10k: e.rate * 1e4 }),
        significant: count >= params.minCount && count >= params.minRatio * e.mean && pValue < params.alpha,
      };
      if (!best || rank(test) < rank(best)) best = test;
    });
    if (best) tests.push(best);
  }
  tests.sort((a, b) => a.pValue - b.pValue);
  return { now, tests, baselineDays, profile, ready: true };
}

/** Significant windows first, then the smaller tail probability. */
const rank = (t: SeriesTest) => (t.significant ? 0 : 1) + t.pValue;

function volumeNowOf(recent: VolumeTable | null, s: SeriesKey, meanVolume: number, days: readonly BaselineDay[]): number {
  if (!days.some((d) => d.volumes)) return 1;
  const v = recent ? volumeOf(recent, s.dim, s.value) : 0;
  // A series with no parcel scanned in the last day (lost parcels, a quiet route) keeps its usual volume.
  return v > 0 ? v : meanVolume;
}

/**
 * The prior rate of a series: its category's rate per parcel for dimensions with their own
 * volume; for the others (whose exposure is the total) the category's rate split evenly over
 * the values seen. Undefined when the category itself has no history.
 */
function priorRate(s: SeriesKey, cache: Map<string, number | undefined>, days: readonly BaselineDay[], profile: Profile, today: number, params: DetectionParams): number | undefined {
  const key = `${s.category}|${s.dim}`;
  if (cache.has(key)) return cache.get(key);
  const all = contactField({ category: s.category, dim: 'all', value: ALL_VALUE });
  const base = baselineOf(all, 'all', ALL_VALUE, days, profile, today, params.halfLifeDays);
  let rate: number | undefined = base.exposure > 0 ? (base.count + params.priorCount) / base.exposure : undefined;
  if (rate !== undefined && !['station', 'community', 'route'].includes(s.dim)) {
    const prefix = `c|${s.category}|${s.dim}|`;
    const values = new Set(days.flatMap((d) => Object.keys(d.counts).filter((f) => f.startsWith(prefix))));
    rate /= Math.max(1, values.size);
  }
  cache.set(key, rate);
  return rate;
}
