import { describe, expect, it } from 'vitest';
import { binomialUpperTail, logGamma, negBinUpperTail, poissonUpperTail, predictiveSize } from '../../src/insights/stats.js';

describe('logGamma', () => {
  it('matches factorials and Γ(1/2)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
  });
});

describe('poissonUpperTail', () => {
  it('matches known Poisson tails', () => {
    expect(poissonUpperTail(10, 2)).toBeCloseTo(4.649807e-5, 10);
    expect(poissonUpperTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 12);
    expect(poissonUpperTail(3, 3)).toBeCloseTo(0.5768099, 6);
  });

  it('is 1 at zero and 0 for a zero mean', () => {
    expect(poissonUpperTail(0, 5)).toBe(1);
    expect(poissonUpperTail(3, 0)).toBe(0);
  });

  it('keeps tiny tails accurate', () => {
    // P(X ≥ 20 | 1) ≈ e^-1 / 20! · (1 + 1/21 + …)
    const first = Math.exp(-1 - logGamma(21));
    expect(poissonUpperTail(20, 1) / first).toBeCloseTo(1.0499, 3);
  });
});

describe('negBinUpperTail', () => {
  it('is the geometric tail for size 1', () => {
    // NB(size 1, mean μ): P(X ≥ k) = (μ / (1 + μ))^k
    expect(negBinUpperTail(5, 3, 1)).toBeCloseTo(0.75 ** 5, 12);
    expect(negBinUpperTail(1, 3, 1)).toBeCloseTo(0.75, 12);
  });

  it('approaches Poisson as the size grows and is heavier for small sizes', () => {
    expect(negBinUpperTail(10, 2, 1e9)).toBeCloseTo(poissonUpperTail(10, 2), 9);
    expect(negBinUpperTail(10, 2, 5)).toBeGreaterThan(poissonUpperTail(10, 2) * 10);
  });

  it('decreases with the observed count', () => {
    let last = 1;
    for (let x = 0; x < 30; x++) {
      const p = negBinUpperTail(x, 4, 8);
      expect(p).toBeLessThanOrEqual(last);
      last = p;
    }
  });
});

describe('predictiveSize', () => {
  it('is limited by the baseline count and by the dispersion', () => {
    expect(predictiveSize(9, 1, 0)).toBeCloseTo(10, 9);
    expect(predictiveSize(1e9, 0, 0.05)).toBeCloseTo(20, 6);
    // No baseline and no prior: no information, so the predictive spread is unbounded.
    expect(predictiveSize(0, 0, 0)).toBeLessThan(1e-6);
  });
});

describe('binomialUpperTail', () => {
  it('matches exact binomial tails', () => {
    expect(binomialUpperTail(12, 14, 0.5)).toBeCloseTo(106 / 16384, 12);
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(binomialUpperTail(3, 3, 0.5)).toBeCloseTo(0.125, 12);
  });
});
