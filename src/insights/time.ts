// Time buckets in China Standard Time: counts are kept per CST hour and per CST day, and the
// seasonal profile is by hour of day and day of week, so "Monday 10:00" means what staff mean.
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const CST_MS = 8 * HOUR_MS; // Asia/Shanghai has no daylight saving time

/** Hours since the epoch, CST-aligned. */
export const hourOf = (ms: number): number => Math.floor((ms + CST_MS) / HOUR_MS);
/** Days since the epoch, CST-aligned. */
export const dayOf = (ms: number): number => Math.floor((ms + CST_MS) / DAY_MS);
export const hourStart = (hour: number): number => hour * HOUR_MS - CST_MS;
export const dayStart = (day: number): number => day * DAY_MS - CST_MS;
export const dayOfHour = (hour: number): number => Math.floor(hour / 24);
/** 0–23 */
export const hourOfDay = (hour: number): number => ((hour % 24) + 24) % 24;
/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

/** `2026-11-11` for a CST day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `11-11 09:05` in CST. */
export function shortTime(ms: number): string {
  const d = new Date(ms + CST_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
