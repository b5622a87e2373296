// The prior of a series' rate: empirical Bayes across the values of its dimension (Poisson–Gamma,
// method of moments). Where 小区 have similar complaint rates per parcel, a 小区 with little
// history borrows strength from the others; where they differ widely (customs questions come
// only from international routes), the prior is weak and each value's own history decides.
import type { Baseline } from './expectation.js';

export interface GammaPrior {
  /** Pseudo-complaints. */
  shape: number;
  /** Pseudo-exposure (parcel-days). */
  rate: number;
}

/** A prior never outweighs this many complaints of the series' own history. */
const MAX_SHAPE = 5;

export function fitPrior(values: readonly Baseline[]): GammaPrior | undefined {
  const used = values.filter((b) => b.exposure > 0);
  const exposure = used.reduce((s, b) => s + b.exposure, 0);
  const count = used.reduce((s, b) => s + b.count, 0);
  if (used.length < 2 || exposure <= 0 || count <= 0) return undefined;
  const mean = count / exposure;
  // Between-value variance of the true rates: observed spread minus what Poisson noise explains.
  const spread = used.reduce((s, b) => s + b.exposure * (b.count / b.exposure - mean) ** 2, 0);
  const denominator = exposure - used.reduce((s, b) => s + b.exposure ** 2, 0) / exposure;
  const variance = denominator > 0 ? Math.max(0, (spread - (used.length - 1) * mean) / denominator) : 0;
  const shape = variance > 0 ? Math.min(MAX_SHAPE, (mean * mean) / variance) : MAX_SHAPE;
  return { shape, rate: shape / mean };
}
