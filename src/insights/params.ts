// Detection parameters. The defaults are what the simulator (npm run insights:sim) is scored
// with: every injected hot spot found, at most one false alarm over weeks of traffic.
export interface DetectionParams {
  /** Recent windows compared with the baseline, in hours (the current hour counts as begun). */
  windowsH: number[];
  /** Days of history the baseline rate is estimated from. */
  baselineDays: number;
  /**
   * The most recent days left out of the baseline, so an incident that began yesterday is not
   * already "normal" today (its first day would otherwise weigh most in the smoothed trend).
   */
  guardDays: number;
  /** Older baseline days weigh less (a smoothed trend): weight halves every this many days. */
  halfLifeDays: number;
  /** No detection before this many days have contacts (a fresh install). */
  minBaselineDays: number;
  /**
   * The tail probability below which a rise is a spike, for a 24-hour window; a window of w hours
   * uses alpha · w / 24, so each window length raises false alarms at the same rate per day
   * (a 6-hour window is tested on four times as many independent stretches).
   */
  alpha: number;
  /** At least this many complaints in the window. */
  minCount: number;
  /** And at least this many times the expected count. */
  minRatio: number;
  /** Day-to-day variation beyond Poisson: variance = mean + dispersion · mean². */
  dispersion: number;
  /** Pseudo-complaints for a series without a fitted prior (the category as a whole). */
  priorCount: number;
  /** After an alert, the same series (and those merged into it) stay quiet this long. */
  coolDownH: number;
}

export const DEFAULT_PARAMS: Readonly<DetectionParams> = Object.freeze({
  windowsH: [6, 24],
  baselineDays: 28,
  guardDays: 1,
  halfLifeDays: 7,
  minBaselineDays: 7,
  alpha: 1e-6,
  minCount: 5,
  minRatio: 2,
  dispersion: 0.03,
  priorCount: 0.5,
  coolDownH: 24,
});
