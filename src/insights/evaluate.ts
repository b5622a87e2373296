// One detection pass over the counters: every series with enough recent complaints is tested
// against its expected count in each window with the negative-binomial tail (stats.ts).
import type { BaselineContext } from './baseline-context.js';
import { expectationOf } from './expectation.js';
import { parseContactField } from './fields.js';
import type { DetectionParams } from './params.js';
import { hourWeight } from './profile.js';
import { negBinUpperTail } from './stats.js';
import { hourOf, hourStart, HOUR_MS } from './time.js';
import type { SeriesKey } from './types.js';
import { volumeOf, type RecentVolumes, type Volumes } from './volumes.js';
import type { WindowCounts } from './window-counts.js';

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
  context: BaselineContext;
  /** False while there is too little history to judge. */
  ready: boolean;
}

export interface EvaluateDeps {
  counts: WindowCounts;
  volumes?: Volumes;
  params: DetectionParams;
}

export async function evaluate(deps: EvaluateDeps, ctx: BaselineContext, now: number): Promise<Evaluation> {
  const { params } = deps;
  if (ctx.daysWithData < params.minBaselineDays) return { now, tests: [], context: ctx, ready: false };

  const current = hourOf(now);
  const longest = Math.max(...params.windowsH);
  const hours = Array.from({ length: longest }, (_, i) => current - longest + 1 + i);
  const elapsed = (now - hourStart(current)) / HOUR_MS;
  const windows = params.windowsH.map((w) => {
    const inWindow = hours.slice(hours.length - w);
    const weight = inWindow.reduce((sum, h) => sum + hourWeight(ctx.profile, h) * (h === current ? elapsed : 1), 0);
    return { w, weight, from: hourStart(inWindow[0]!) };
  });
  const recent = ctx.volumeKnown ? ((await deps.volumes?.recent(now)) ?? null) : null;

  const counts = await deps.counts.at(current);
  const tests: SeriesTest[] = [];
  for (const [field, row] of counts) {
    if (!row.some((c) => c >= params.minCount)) continue;
    const series = parseContactField(field);
    if (!series) continue;
    const { base, volumeNow, trend, prior } = volumeBasis(series, ctx, recent);
    let best: SeriesTest | undefined;
    windows.forEach((win, i) => {
      // The last day's volume describes its middle, 12 hours ago; follow its trend to the window's middle.
      const exposure = volumeNow * win.weight * trendFactor(trend, 12 - win.w / 2);
      const e = expectationOf(base, exposure, prior, params);
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
        ...(ctx.volumeKnown && exposure > 0 && { per10k: (count / exposure) * 1e4, normalPer10k: e.rate * 1e4 }),
        significant: count >= params.minCount && count >= params.minRatio * e.mean && pValue < (params.alpha * win.w) / 24,
      };
      if (!best || rank(test) < rank(best)) best = test;
    });
    if (best) tests.push(best);
  }
  tests.sort((a, b) => a.pValue - b.pValue);
  return { now, tests, context: ctx, ready: true };
}

/** Significant windows first, then the smaller tail probability. */
const rank = (t: SeriesTest) => (t.significant ? 0 : 1) + t.pValue;

/** The series' baseline, its fitted prior, its parcel volume over the last day and that volume's day-on-day change. */
function volumeBasis(s: SeriesKey, ctx: BaselineContext, recent: RecentVolumes | null) {
  const { base, basis } = ctx.baseline(s);
  const last = recent ? volumeOf(recent.last, basis, s.value) : 0;
  const before = recent?.before ? volumeOf(recent.before, basis, s.value) : 0;
  // No parcel scanned for it in the last day (lost parcels, a quiet route): its usual volume.
  const volumeNow = !ctx.volumeKnown ? 1 : last > 0 ? last : base.meanVolume;
  const trend = last > 0 && before > 0 ? last / before : 1;
  return { base, volumeNow, trend, prior: ctx.prior(s.category, s.dim) };
}

/** Extrapolates a day-on-day change `trend` by `hours`, within a factor of two either way. */
function trendFactor(trend: number, hours: number): number {
  return Math.min(2, Math.max(0.5, 1 + ((trend - 1) * hours) / 24));
}
