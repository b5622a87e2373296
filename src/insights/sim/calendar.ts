// Ordinary ups and downs of parcel volume and of how often people write: the daily rhythm,
// weekends, a slow trend, day-to-day noise, and the 双十一 season (a pre-sale bump around
// 11-01 and the main peak of parcels in the network a day after 11-11).
import { DAY_MS, HOUR_MS, dayOf, hourOfDay, hourOf, weekdayOf } from '../time.js';
import type { Random } from './random.js';

// When in the day people write to customer service (relative; normalised below).
const RHYTHM = [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 1.4, 1.8, 1.9, 1.8, 1.5, 1.6, 1.7, 1.7, 1.6, 1.5, 1.4, 1.5, 1.6, 1.4, 0.9, 0.5];
const RHYTHM_SUM = RHYTHM.reduce((a, b) => a + b, 0);

export interface Season {
  /** The 双十一 peak multiplier of parcels in the network (1 = no peak). */
  peak: number;
  /** Centre of the peak (epoch ms). */
  peakAt: number;
}

export class Calendar {
  private readonly dayNoise = new Map<number, number>();

  constructor(
    private readonly rnd: Random,
    private readonly start: number,
    private readonly season: Season,
  ) {}

  /** Parcels in the network relative to an ordinary weekday, at this hour. */
  volume(at: number): number {
    const days = (at - this.start) / DAY_MS;
    const weekday = weekdayOf(dayOf(at));
    const weekend = weekday >= 5 ? 0.85 : 1;
    const trend = 1 + 0.003 * days;
    const bump = (centre: number, height: number, widthDays: number) => (height - 1) * Math.exp(-0.5 * ((at - centre) / (widthDays * DAY_MS)) ** 2);
    const seasonal = 1 + bump(this.season.peakAt, this.season.peak, 1.6) + bump(this.season.peakAt - 11 * DAY_MS, 1 + (this.season.peak - 1) * 0.15, 0.8);
    return weekend * trend * seasonal * this.noise(dayOf(at));
  }

  /** Share of a day's contacts written in this hour, times the weekend propensity. */
  contactShare(at: number): number {
    const weekend = weekdayOf(dayOf(at)) >= 5 ? 1.1 : 1;
    return (RHYTHM[hourOfDay(hourOf(at))]! / RHYTHM_SUM) * weekend;
  }

  private noise(day: number): number {
    let n = this.dayNoise.get(day);
    if (n === undefined) {
      n = Math.exp(0.03 * this.rnd.normal());
      this.dayNoise.set(day, n);
    }
    return n;
  }
}

export const hoursBetween = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let t = from; t < to; t += HOUR_MS) out.push(t);
  return out;
};
