// The statistics of spike detection: Poisson and negative-binomial upper tails, computed in log
// space so tails as small as 1e-12 stay exact enough to compare with a strict threshold.
//
// Why negative binomial: a baseline rate estimated from `k` past complaints is itself uncertain
// (a Gamma posterior), and complaint counts vary from day to day more than Poisson (weather, a
// sales day). Mixing Poisson over a Gamma rate gives NB with 1/size = 1/k + dispersion, so a
// thin baseline or a noisy category needs a bigger excess before it alarms.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ≈ 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X = k) in log space for NB with mean `mean` and size `size` (size → ∞ is Poisson). */
function logPmf(k: number, mean: number, size: number): number {
  if (!Number.isFinite(size)) return k * Math.log(mean) - mean - logGamma(k + 1);
  return (
    logGamma(k + size) - logGamma(size) - logGamma(k + 1) + size * Math.log(size / (size + mean)) + k * Math.log(mean / (size + mean))
  );
}

/** Ratio P(X = k+1) / P(X = k). */
function step(k: number, mean: number, size: number): number {
  return Number.isFinite(size) ? ((k + size) / (k + 1)) * (mean / (size + mean)) : mean / (k + 1);
}

/** P(X ≥ x) for X ~ NB(mean, size); `size = Infinity` gives the Poisson tail. */
export function negBinUpperTail(x: number, mean: number, size: number): number {
  if (!(size > 0)) throw new RangeError('size must be positive');
  if (x <= 0) return 1;
  if (!(mean > 0)) return 0;
  const k0 = Math.ceil(x);
  if (k0 <= mean) {
    // Left of the mean the tail is large: 1 − P(X < x) is accurate enough there.
    let term = Math.exp(logPmf(0, mean, size));
    let below = 0;
    for (let k = 0; k < k0; k++) {
      below += term;
      term *= step(k, mean, size);
    }
    return Math.min(1, Math.max(0, 1 - below));
  }
  // Right of the mean the terms fall off (the ratio tends to mean/(size+mean) < 1): sum them.
  let term = Math.exp(logPmf(k0, mean, size));
  let sum = 0;
  for (let k = k0; k < k0 + 100_000; k++) {
    sum += term;
    term *= step(k, mean, size);
    if (term < sum * 1e-16) break;
  }
  return Math.min(1, sum);
}

export const poissonUpperTail = (x: number, mean: number): number => negBinUpperTail(x, mean, Number.POSITIVE_INFINITY);

/**
 * The NB size for an expected count built from a baseline of `baselineCount` (weighted)
 * complaints plus `priorCount` pseudo-complaints, with extra day-to-day `dispersion`
 * (variance = mean + dispersion · mean²).
 */
export function predictiveSize(baselineCount: number, priorCount: number, dispersion: number): number {
  const inv = 1 / Math.max(baselineCount + priorCount, 1e-9) + Math.max(dispersion, 0);
  return 1 / inv;
}

/** P(X ≥ k) for X ~ Binomial(n, p): how surprising k of n is when each has probability p. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logC = (m: number) => logGamma(n + 1) - logGamma(m + 1) - logGamma(n - m + 1);
  let sum = 0;
  for (let m = Math.ceil(k); m <= n; m++) sum += Math.exp(logC(m) + m * Math.log(p) + (n - m) * Math.log(1 - p));
  return Math.min(1, sum);
}
