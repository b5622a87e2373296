// Times as the console shows them, in China Standard Time whatever the browser's zone.
const CST = 8 * 3600_000;
const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
const pad = (n) => String(n).padStart(2, '0');
const cst = (ms) => new Date(ms + CST);

/** 11月11日 10:00 */
export function fmtTime(ms) {
  const d = cst(ms);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 2026年11月11日（周三）10:00 */
export function fmtClock(ms) {
  const d = cst(ms);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（周${WEEK[d.getUTCDay()]}）${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 1 小时 20 分 / 35 分 / 3 天 */
export function fmtSpan(ms) {
  const m = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (m < 60) return `${m} 分`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return m % 60 ? `${hours} 小时 ${m % 60} 分` : `${hours} 小时`;
  return `${Math.round(hours / 24)} 天`;
}

/** 剩 1 小时 20 分 / 已超时 5 分 */
export function fmtDue(dueAt, now) {
  return dueAt > now ? `剩 ${fmtSpan(dueAt - now)}` : `已超时 ${fmtSpan(now - dueAt)}`;
}
