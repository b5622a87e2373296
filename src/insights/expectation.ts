// The expected count of a series in a window, from its own volume-normalised history.
//
// rate  = (baseline complaints + prior) / (baseline exposure + prior / prior rate)
// mean  = rate · window exposure
// exposure = parcel volume × seasonal weight (profile.ts): a 小区 with twice the parcels, or a
// Monday morning, is expected to have more complaints, so only an unusual *rate* alarms.
// Baseline days are weighted exponentially (newest heaviest) so a slow trend is followed.
import type { DetectionParams } from './params.js';
import type { Profile } from './profile.js';
import type { GammaPrior } from './prior.js';
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

/**
 * `newest`: the most recent baseline day, which weighs 1; older days halve every `halfLifeDays`.
 * `sinceFirstSeen`: the series is measured against the total volume (a courier, a district), so
 * it was not "exposed" before its first complaint — a courier who started last week has no
 * month of silence behind them.
 */
export function baselineOf(field: string, dim: SeriesDimension, value: string, days: readonly BaselineDay[], profile: Profile, newest: number, halfLifeDays: number, sinceFirstSeen = false): Baseline {
  let count = 0;
  let exposure = 0;
  let volume = 0;
  let weights = 0;
  const first = sinceFirstSeen ? days.findIndex((d) => (d.counts[field] ?? 0) > 0) : 0;
  for (const d of first < 0 ? [] : days.slice(first)) {
    // A day the backend counted no parcel at all says nothing about rates (its counts are incomplete).
    if (d.volumes && !d.volumes.total) continue;
    const w = 0.5 ** ((newest - d.day) / halfLifeDays);
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

/**
 * The Gamma posterior of the rate, predicted over the window. Without a fitted prior (the
 * category as a whole, or a dimension with one value) `priorCount` pseudo-complaints keep a series
 * with an empty history from expecting exactly nothing.
 */
export function expectationOf(b: Baseline, windowExposure: number, prior: GammaPrior | undefined, p: Pick<DetectionParams, 'priorCount' | 'dispersion'>): Expectation | null {
  const shape = prior?.shape ?? p.priorCount;
  const denominator = b.exposure + (prior?.rate ?? 0);
  if (!(denominator > 0)) return null;
  const rate = (b.count + shape) / denominator;
  return { mean: rate * windowExposure, size: predictiveSize(b.count, shape, p.dispersion), rate };
}
