// Durations and relative times as scenario files and config write them: `-76h`, `+10h`, `30m`,
// `2d`, `90s`, `1h30m`, `500ms`. A leading sign makes a time relative to the scenario clock
// (`-2h` two hours ago, `+10h` in ten hours); no sign means positive.

const UNIT_MS = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
} as const;
type Unit = keyof typeof UNIT_MS;

/** Largest units first, each at most once: `1d2h30m`, not `30m1h` or `1h1h`. */
const UNIT_ORDER: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];
const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/y;

export class DurationError extends RangeError {
  readonly code = 'DURATION_INVALID' as const;
  constructor(readonly input: unknown, reason: string) {
    super(`${JSON.stringify(input)} is not a duration: ${reason} (write e.g. -76h, +10h, 30m, 2d, 1h30m)`);
    this.name = 'DurationError';
  }
}

/**
 * Parses a duration into signed milliseconds. `0` (without a unit) is accepted; any other number
 * needs a unit, because a bare `10` could mean seconds or hours.
 */
export function parseDuration(input: string): number {
  if (typeof input !== 'string') throw new DurationError(input, 'expected a string');
  const text = input.trim();
  if (text === '') throw new DurationError(input, 'empty');
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '').trim();
  if (/^0+$/.test(body)) return 0;
  if (body === '') throw new DurationError(input, 'a sign needs a number and a unit after it');

  let total = 0;
  let lastUnit = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < body.length) {
    const start = PART.lastIndex;
    const m = PART.exec(body);
    if (!m) {
      const rest = body.slice(start);
      const reason = /^\d+(?:\.\d+)?$/.test(rest)
        ? `"${rest}" has no unit (d, h, m, s, ms)`
        : `unexpected "${rest}"`;
      throw new DurationError(input, reason);
    }
    const unit = m[2] as Unit;
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastUnit) throw new DurationError(input, `units must go from largest to smallest, each once`);
    lastUnit = rank;
    total += Number(m[1]) * UNIT_MS[unit];
  }
  if (!Number.isSafeInteger(Math.round(total))) throw new DurationError(input, 'too large');
  return sign * Math.round(total);
}

/** True when `input` parses; for validators that report their own message. */
export function isDuration(input: string): boolean {
  try {
    parseDuration(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * The compact form `parseDuration` reads back: 5_400_000 → `1h30m`, -273_600_000 → `-3d4h`, 0 → `0`.
 * `signed` adds `+` to positive values, as a relative time (`+10h`).
 */
export function formatDuration(ms: number, options: { signed?: boolean } = {}): string {
  if (!Number.isFinite(ms)) throw new DurationError(ms, 'not a finite number');
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0';
  let out = '';
  for (const unit of UNIT_ORDER) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * UNIT_MS[unit];
    }
  }
  const sign = ms < 0 ? '-' : options.signed ? '+' : '';
  return sign + out;
}

/**
 * A rounded zh-CN reading for replies: `3 天 4 小时`, `1 小时 30 分钟`, `45 分钟`, `不到 1 分钟`.
 * Only the two largest non-zero units are kept; the sign is ignored (callers add 前/后).
 */
export function formatDurationZh(ms: number): string {
  const abs = Math.abs(ms);
  if (!Number.isFinite(abs)) throw new DurationError(ms, 'not a finite number');
  if (abs < UNIT_MS.m) return '不到 1 分钟';
  const parts: string[] = [];
  let rest = abs;
  const zh: [Unit, string][] = [
    ['d', '天'],
    ['h', '小时'],
    ['m', '分钟'],
  ];
  for (const [unit, label] of zh) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    rest -= n * UNIT_MS[unit];
    if (n > 0 || parts.length > 0) parts.push(`${n} ${label}`);
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith('0 ')).join(' ');
}
