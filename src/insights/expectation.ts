// The expected count of a series in a window, from its own volume-normalised history.
//
// rate  = (baseline complaints + prior) / (baseline exposure + prior / prior rate)
// mean  = rate · window exposure
// exposure = parcel volume × seasonal weight (profile.ts): a 小区 with twice the parcels, or a
// Monday morning, is expected to have more complaints, so only an unusual *rate* alarms.
// Baseline days are weighted exponentially (newest heaviest) so a slow trend is followed.
import type { DetectionParams } from './params.js';
import type { Profile } from './profile.js';
import { predictiveSize } from './stats.js';
import { weekdayOf } from './time.js';
import { volumeOf, type VolumeTable } from './volumes.js';
import type { SeriesDimension } from './types.js';

export interface BaselineDay {
  day: number;
  counts: Record<string, number>;
  /** null when the backend cannot count parcels: rates become plain counts. */
  volumes: VolumeTable | null;
}

export interface Baseline {
  /** Weighted complaints. */
  count: number;
  /** Weighted parcel-days (seasonally adjusted). */
  exposure: number;
  /** Weighted mean daily volume, the fallback when the recent volume is unknown. */
  meanVolume: number;
}

export function baselineOf(field: string, dim: SeriesDimension, value: string, days: readonly BaselineDay[], profile: Profile, today: number, halfLifeDays: number): Baseline {
  let count = 0;
  let exposure = 0;
  let volume = 0;
  let weights = 0;
  for (const d of days) {
    const w = 0.5 ** ((today - 1 - d.day) / halfLifeDays);
    const v = d.volumes ? volumeOf(d.volumes, dim, value) : 1;
    count += w * (d.counts[field] ?? 0);
    exposure += w * v * profile.dow[weekdayOf(d.day)]!;
    volume += w * v;
    weights += w;
  }
  return { count, exposure, meanVolume: weights > 0 ? volume / weights : 0 };
}

export interface Expectation {
  mean: number;
  /** NB size: the baseline's own uncertainty plus day-to-day dispersion. */
  size: number;
  /** Complaints per parcel-day the baseline implies. */
  rate: number;
}

/** `priorRate` undefined: no prior (the category as a whole); then an empty baseline expects nothing. */
export function expectationOf(b: Baseline, windowExposure: number, priorRate: number | undefined, p: Pick<DetectionParams, 'priorCount' | 'dispersion'>): Expectation | null {
  const priorExposure = priorRate && priorRate > 0 ? p.priorCount / priorRate : 0;
  const denominator = b.exposure + priorExposure;
  if (!(denominator > 0)) return null;
  const rate = (b.count + p.priorCount) / denominator;
  return { mean: rate * windowExposure, size: predictiveSize(b.count, p.priorCount, p.dispersion), rate };
}
