// Times as customers read them, in China Standard Time: “今天 08:00”, “昨天 18:00”, “11月9日 18:00”.
// Every time in a reply comes from the backend or configuration; this only formats it.

const TZ_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai has no daylight saving time

const dayNumber = (ms: number) => Math.floor((ms + TZ_OFFSET_MS) / 86_400_000);

function hhmm(ms: number): string {
  const d = new Date(ms + TZ_OFFSET_MS);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** “今天 08:00” / “昨天 18:00” / “明天 12:00” / “11月9日 18:00”. */
export function formatWhen(ms: number, now: number): string {
  const diff = dayNumber(ms) - dayNumber(now);
  const label = diff === 0 ? '今天' : diff === -1 ? '昨天' : diff === 1 ? '明天' : diff === -2 ? '前天' : diff === 2 ? '后天' : undefined;
  if (label) return `${label} ${hhmm(ms)}`;
  const d = new Date(ms + TZ_OFFSET_MS);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hhmm(ms)}`;
}

/** “3 天” / “5 小时” / “40 分钟”: how long ago or how long until, coarsely. */
export function formatSpan(ms: number): string {
  const m = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (m < 60) return `${m} 分钟`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} 小时`;
  return `${Math.round(h / 24)} 天`;
}
