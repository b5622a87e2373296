import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, formatDurationZh, isDuration, parseDuration } from '../../src/lib/duration.js';

const H = 3_600_000;
const M = 60_000;

describe('parseDuration', () => {
  it.each([
    ['-76h', -76 * H],
    ['+10h', 10 * H],
    ['30m', 30 * M],
    ['2d', 48 * H],
    ['90s', 90_000],
    ['1h30m', 90 * M],
    ['-3h30m', -210 * M],
    ['1d2h3m4s5ms', 86_400_000 + 2 * H + 3 * M + 4_005],
    ['500ms', 500],
    ['1.5h', 90 * M],
    [' 2h ', 2 * H],
    ['0', 0],
    ['-0', 0],
    ['0h', 0],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', '-', 'h', '2x', '2 h', '30m1h', '1h1h', 'tomorrow', '-2h garbage', '1e3h'])(
    'rejects %j with a coded error that shows the input',
    (text) => {
      expect(() => parseDuration(text)).toThrow(DurationError);
      try {
        parseDuration(text);
      } catch (e) {
        expect((e as DurationError).code).toBe('DURATION_INVALID');
        expect((e as Error).message).toContain(JSON.stringify(text));
      }
    },
  );

  it('explains a missing unit', () => {
    expect(() => parseDuration('10')).toThrow(/no unit/);
  });

  it('rejects a non-string at runtime', () => {
    expect(() => parseDuration(10 as unknown as string)).toThrow(DurationError);
  });

  it('answers isDuration without throwing', () => {
    expect(isDuration('2h')).toBe(true);
    expect(isDuration('2 hours')).toBe(false);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0'],
    [90 * M, '1h30m'],
    [-(3 * 86_400_000 + 4 * H), '-3d4h'],
    [1_500, '1s500ms'],
  ])('writes %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('marks positive relative times with + when signed', () => {
    expect(formatDuration(10 * H, { signed: true })).toBe('+10h');
    expect(formatDuration(-10 * H, { signed: true })).toBe('-10h');
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 61_000, 26 * H + 5 * M, -76 * H]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it('refuses a non-finite value', () => {
    expect(() => formatDuration(Number.NaN)).toThrow(DurationError);
  });
});

describe('formatDurationZh', () => {
  it('keeps the two largest units for replies', () => {
    expect(formatDurationZh(3 * 86_400_000 + 4 * H + 5 * M)).toBe('3 天 4 小时');
    expect(formatDurationZh(90 * M)).toBe('1 小时 30 分钟');
    expect(formatDurationZh(-45 * M)).toBe('45 分钟');
    expect(formatDurationZh(86_400_000 + 5 * M)).toBe('1 天');
    expect(formatDurationZh(20_000)).toBe('不到 1 分钟');
  });
});
