import { describe, expect, it } from 'vitest';
import { isWorkingTime, nextOpening } from '../../src/handoff/hours.js';

const H = { start: '08:00', end: '22:00' };
const at = (iso: string) => Date.parse(iso);

describe('working hours (China Standard Time)', () => {
  it('is open from start to just before end', () => {
    expect(isWorkingTime(at('2026-11-11T08:00:00+08:00'), H)).toBe(true);
    expect(isWorkingTime(at('2026-11-11T21:59:00+08:00'), H)).toBe(true);
    expect(isWorkingTime(at('2026-11-11T22:00:00+08:00'), H)).toBe(false);
    expect(isWorkingTime(at('2026-11-11T07:59:00+08:00'), H)).toBe(false);
  });

  it('handles hours that run over midnight', () => {
    const night = { start: '20:00', end: '02:00' };
    expect(isWorkingTime(at('2026-11-11T23:00:00+08:00'), night)).toBe(true);
    expect(isWorkingTime(at('2026-11-12T01:30:00+08:00'), night)).toBe(true);
    expect(isWorkingTime(at('2026-11-12T12:00:00+08:00'), night)).toBe(false);
  });

  it('opens next at today’s start when still ahead, else tomorrow’s', () => {
    expect(nextOpening(at('2026-11-11T06:10:00+08:00'), H)).toBe(at('2026-11-11T08:00:00+08:00'));
    expect(nextOpening(at('2026-11-11T23:30:00+08:00'), H)).toBe(at('2026-11-12T08:00:00+08:00'));
    expect(nextOpening(at('2026-11-12T00:05:00+08:00'), H)).toBe(at('2026-11-12T08:00:00+08:00'));
  });
});
