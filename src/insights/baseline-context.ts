// What every series of one detection day shares: the baseline days with their volumes, the
// seasonal profile, each series' baseline and each dimension's fitted prior. It depends on the
// day only, so the detector keeps it for the day instead of re-reading four weeks of counters
// every 15 minutes.
import { baselineOf, type Baseline, type BaselineDay } from './expectation.js';
import { contactField } from './fields.js';
import type { DetectionParams } from './params.js';
import { fitPrior, type GammaPrior } from './prior.js';
import { estimateProfile, type Profile } from './profile.js';
import type { InsightsStore } from './store.js';
import type { Category, SeriesDimension, SeriesKey } from './types.js';
import type { Volumes } from './volumes.js';

export interface SeriesBaseline {
  base: Baseline;
  /** The dimension whose volume is the series' exposure: its own, or `all` (the total). */
  basis: SeriesDimension;
}

export interface BaselineContext {
  today: number;
  days: BaselineDay[];
  profile: Profile;
  /** Days with any contact; detection waits for params.minBaselineDays of them. */
  daysWithData: number;
  /** Whether the backend counts parcels at all. */
  volumeKnown: boolean;
  baseline(s: SeriesKey): SeriesBaseline;
  /** The empirical-Bayes prior over the values of a dimension; undefined for `all` or one value. */
  prior(category: Category, dim: SeriesDimension): GammaPrior | undefined;
}

const OWN_VOLUME: ReadonlySet<SeriesDimension> = new Set(['station', 'community', 'route']);

export async function loadBaselineContext(store: InsightsStore, volumes: Volumes | undefined, params: DetectionParams, today: number): Promise<BaselineContext> {
  const newest = today - 1 - params.guardDays;
  const numbers = Array.from({ length: params.baselineDays }, (_, i) => newest - params.baselineDays + 1 + i);
  const dailies = await store.days(numbers);
  const days: BaselineDay[] = [];
  for (const day of numbers) days.push({ day, counts: dailies.get(day) ?? {}, volumes: (await volumes?.day(day, today)) ?? null });
  const valuesOf = new Map<string, Set<string>>();
  let daysWithData = 0;
  for (const d of days) {
    let any = false;
    for (const field of Object.keys(d.counts)) {
      if (field.startsWith('h|')) any = true;
      if (!field.startsWith('c|')) continue;
      const cut = field.lastIndexOf('|');
      const key = field.slice(2, cut);
      valuesOf.set(key, (valuesOf.get(key) ?? new Set()).add(field.slice(cut + 1)));
    }
    if (any) daysWithData += 1;
  }
  const profile = estimateProfile(days.map((d) => ({ day: d.day, counts: d.counts, volume: d.volumes?.total ?? 1 })));
  const volumeKnown = days.some((d) => d.volumes);
  const baselines = new Map<string, SeriesBaseline>();
  const priors = new Map<string, GammaPrior | undefined>();

  const baseline = (s: SeriesKey): SeriesBaseline => {
    const field = contactField(s);
    let hit = baselines.get(field);
    if (hit) return hit;
    let basis: SeriesDimension = OWN_VOLUME.has(s.dim) ? s.dim : 'all';
    let base = baselineOf(field, basis, s.value, days, profile, newest, params.halfLifeDays, basis === 'all' && s.dim !== 'all');
    // A value the backend has no parcel count for is measured against the total instead.
    if (volumeKnown && basis !== 'all' && base.meanVolume === 0) {
      basis = 'all';
      base = baselineOf(field, basis, s.value, days, profile, newest, params.halfLifeDays, true);
    }
    baselines.set(field, (hit = { base, basis }));
    return hit;
  };

  return {
    today,
    days,
    profile,
    daysWithData,
    volumeKnown,
    baseline,
    prior(category, dim) {
      if (dim === 'all') return undefined;
      const key = `${category}|${dim}`;
      if (!priors.has(key)) {
        const values = [...(valuesOf.get(key) ?? [])];
        priors.set(key, fitPrior(values.map((value) => baseline({ category, dim, value }).base)));
      }
      return priors.get(key);
    },
  };
}
