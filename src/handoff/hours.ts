// Working hours of the people behind the bot (config/business.json `workingHours`, China Standard
// Time, no daylight saving). Outside them a handoff still reaches whoever is on duty, but the
// customer is told the hours and a callback time instead of “a few minutes”.
const TZ_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export interface WorkingHours {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

const minuteOfDay = (ms: number) => Math.floor((ms + TZ_OFFSET_MS - Math.floor((ms + TZ_OFFSET_MS) / DAY_MS) * DAY_MS) / 60_000);

/** True inside the hours; an `end` before `start` means the hours run over midnight. */
export function isWorkingTime(now: number, h: WorkingHours): boolean {
  const m = minuteOfDay(now);
  const [s, e] = [minutesOf(h.start), minutesOf(h.end)];
  return s <= e ? m >= s && m < e : m >= s || m < e;
}

/** The next moment the hours begin (today's start if still ahead, else tomorrow's). */
export function nextOpening(now: number, h: WorkingHours): number {
  const dayStart = Math.floor((now + TZ_OFFSET_MS) / DAY_MS) * DAY_MS - TZ_OFFSET_MS;
  const todayStart = dayStart + minutesOf(h.start) * 60_000;
  return todayStart > now ? todayStart : todayStart + DAY_MS;
}
