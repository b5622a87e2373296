// The seasonal profile of contacts: when in the day people write (hour of day) and how much more
// or less per parcel on each day of the week. It is estimated from all contacts of the baseline
// weeks together, so even a rare category gets a stable "same hour of the week" expectation.
import { profileField } from './fields.js';
import { dayOfHour, hourOfDay, weekdayOf } from './time.js';

export interface Profile {
  /** Share of a day's contacts in each hour (sums to 1). */
  hod: number[];
  /** Contacts per parcel on each weekday relative to the week (mean 1). */
  dow: number[];
}

export interface ProfileDay {
  day: number;
  counts: Record<string, number>;
  /** Total parcel volume of the day (1 when volumes are unknown). */
  volume: number;
}

// Pseudo-counts keep an hour or weekday with little data near the flat profile.
const HOUR_PRIOR = 2;
const WEEKDAY_PRIOR = 20;

export function estimateProfile(days: readonly ProfileDay[]): Profile {
  const byHour = Array.from({ length: 24 }, () => HOUR_PRIOR);
  const contacts = Array.from({ length: 7 }, () => 0);
  const volume = Array.from({ length: 7 }, () => 0);
  for (const d of days) {
    let total = 0;
    for (let h = 0; h < 24; h++) {
      const n = d.counts[profileField(h)] ?? 0;
      byHour[h]! += n;
      total += n;
    }
    contacts[weekdayOf(d.day)]! += total;
    volume[weekdayOf(d.day)]! += d.volume;
  }
  const hourSum = byHour.reduce((a, b) => a + b, 0);
  const hod = byHour.map((n) => n / hourSum);
  const allContacts = contacts.reduce((a, b) => a + b, 0);
  const allVolume = volume.reduce((a, b) => a + b, 0);
  const mean = allVolume > 0 && allContacts > 0 ? allContacts / allVolume : 0;
  const raw = contacts.map((c, j) => (mean > 0 ? (c + WEEKDAY_PRIOR) / (volume[j]! + WEEKDAY_PRIOR / mean) / mean : 1));
  const avg = raw.reduce((a, b) => a + b, 0) / 7;
  return { hod, dow: raw.map((f) => f / avg) };
}

/** The expected share of a day's contacts (per unit of volume) that falls into this hour. */
export const hourWeight = (p: Profile, hour: number): number => p.hod[hourOfDay(hour)]! * p.dow[weekdayOf(dayOfHour(hour))]!;
