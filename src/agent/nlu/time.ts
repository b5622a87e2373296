// Time expressions for delivery changes and promises: 明天下午, 今晚8点以后, 周六, 下周一上午10点.
// Only what was said is returned; resolving a weekday to a date is the caller's job (it owns the clock).
import type { TimeSlot } from './types.js';

const CN_DIGITS: Record<string, number> = {
  零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 一…二十四 / 两 / Arabic digits → number; undefined when it is not a number. */
export function parseSmallNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  const tens = /^([一二两三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(s);
  if (tens) return (tens[1] ? (CN_DIGITS[tens[1]] ?? 0) : 1) * 10 + (tens[2] ? (CN_DIGITS[tens[2]] ?? 0) : 0);
  if (s.length === 1) return CN_DIGITS[s];
  return undefined;
}

const DAYS: ReadonlyArray<[RegExp, number, TimeSlot['period']?]> = [
  [/大后天/, 3],
  [/后天/, 2],
  [/明早|明天早上|明天上午/, 1, 'morning'],
  [/明晚|明天晚上/, 1, 'evening'],
  [/明天|明日/, 1],
  [/今晚|今夜|今天晚上/, 0, 'evening'],
  [/今天|今日/, 0],
];

const PERIODS: ReadonlyArray<[RegExp, NonNullable<TimeSlot['period']>]> = [
  [/早上|上午|早晨|一早/, 'morning'],
  [/中午/, 'noon'],
  [/下午|午后/, 'afternoon'],
  [/晚上|傍晚|夜里|晚间|今晚|明晚/, 'evening'],
];

const WEEKDAY_NAMES: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 末: 6 };

const WEEKDAY = /(下个?)?(?:周|星期|礼拜)([一二三四五六日天末1-7])/;
// Arabic hours stand alone (8点); Chinese-numeral hours need a suffix or a preceding day/period,
// so that 一点消息都没有 is not 1 o'clock.
const HOUR_ARABIC = /(\d{1,2})\s*(?:点|时|:00)(半|钟)?/;
const HOUR_CN = /([一二两三四五六七八九十]{1,3})(?:点|时)(半|钟)?/;
const HOUR_SUFFIX = /^(?:半|钟)?(?:以后|之后|以前|之前|前|后|左右|到|送|再|过来|来)/;
const QUALIFIER = /^(?:半|钟)?(?:以后|之后|以前|之前|前|后|左右)/;

interface Hit {
  start: number;
  end: number;
}

function locate(text: string, re: RegExp): (Hit & { m: RegExpExecArray }) | undefined {
  const m = re.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, m } : undefined;
}

export function extractTime(text: string): TimeSlot | undefined {
  const hits: Hit[] = [];
  const slot: Omit<TimeSlot, 'text'> = {};

  for (const [re, offset, period] of DAYS) {
    const h = locate(text, re);
    if (!h) continue;
    hits.push(h);
    slot.dayOffset = offset;
    if (period) slot.period = period;
    break;
  }

  const week = locate(text, WEEKDAY);
  if (week) {
    hits.push(week);
    slot.weekday = WEEKDAY_NAMES[week.m[2] ?? ''] ?? Number(week.m[2]);
    if (week.m[1]) slot.weekOffset = 1;
  } else if (/下周/.test(text)) {
    const h = locate(text, /下周/);
    if (h) hits.push(h);
    slot.weekOffset = 1;
  }

  for (const [re, period] of PERIODS) {
    const h = locate(text, re);
    if (!h) continue;
    hits.push(h);
    slot.period ??= period;
    break;
  }

  const arabic = locate(text, HOUR_ARABIC);
  const cn = locate(text, HOUR_CN);
  const hourHit = arabic ?? (cn && (hits.length > 0 || HOUR_SUFFIX.test(text.slice(cn.end))) ? cn : undefined);
  if (hourHit) {
    const n = parseSmallNumber(hourHit.m[1] ?? '');
    if (n !== undefined && n <= 24) {
      const pm = slot.period === 'afternoon' || slot.period === 'evening';
      slot.hour = pm && n < 12 ? n + 12 : n === 24 ? 0 : n;
      const q = QUALIFIER.exec(text.slice(hourHit.end));
      hits.push({ start: hourHit.start, end: hourHit.end + (q?.[0].length ?? 0) });
    }
  }

  if (hits.length === 0) return undefined;
  const start = Math.min(...hits.map((h) => h.start));
  const end = Math.max(...hits.map((h) => h.end));
  // Distant pieces (今天不在家 … 明天下午送) would make a long span: keep the text short and honest.
  const span = text.slice(start, end);
  return { text: span.length <= 16 ? span.trim() : text.slice(hits[hits.length - 1]?.start ?? start, end).trim(), ...slot };
}
