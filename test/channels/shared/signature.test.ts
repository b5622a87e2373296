import { beforeEach, describe, expect, it } from 'vitest';
import { assertFreshTimestamp, safeEqualHex, sha1Signature } from '../../../src/channels/shared/signature.js';
import { ManualClock, type Clock } from '../../../src/lib/clock.js';

// PROTOCOL.md §8 vectors A and B.
const A = { token: 'AAAAA', timestamp: '1714037059', nonce: '486452656', signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78' };
const B = {
  token: 'AAAAA',
  timestamp: '1714112445',
  nonce: '415670741',
  signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
  msgSignature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
  encrypt:
    '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
};

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'no error';
};

describe('sha1Signature', () => {
  it('reproduces the OA doc plain signature (vector A1)', () => {
    expect(sha1Signature(A.token, A.timestamp, A.nonce)).toBe(A.signature);
  });

  it('reproduces the safe-mode URL signature and msg_signature (vectors B1, B2)', () => {
    expect(sha1Signature(B.token, B.timestamp, B.nonce)).toBe(B.signature);
    expect(sha1Signature(B.token, B.timestamp, B.nonce, B.encrypt)).toBe(B.msgSignature);
  });

  it('does not depend on the order of its arguments because it sorts them', () => {
    expect(sha1Signature(A.nonce, A.token, A.timestamp)).toBe(A.signature);
  });

  it('does not mutate the caller’s array when spread from one', () => {
    const parts = ['c', 'a', 'b'];
    sha1Signature(...parts);
    expect(parts).toEqual(['c', 'a', 'b']);
  });
});

describe('safeEqualHex', () => {
  it('accepts equal digests, ignoring hex case', () => {
    expect(safeEqualHex(A.signature, A.signature)).toBe(true);
    expect(safeEqualHex(A.signature, A.signature.toUpperCase())).toBe(true);
  });

  it('refuses digests that differ in one character', () => {
    const forged = `${A.signature.slice(0, -1)}9`;
    expect(safeEqualHex(A.signature, forged)).toBe(false);
  });

  it('returns false instead of throwing on a length mismatch', () => {
    expect(safeEqualHex(A.signature, A.signature.slice(1))).toBe(false);
    expect(safeEqualHex(A.signature, '')).toBe(false);
  });

  it('refuses non-hex input even of the right length', () => {
    expect(safeEqualHex('zz', 'zz')).toBe(false);
  });
});

describe('assertFreshTimestamp', () => {
  const clock = new ManualClock(Number(A.timestamp) * 1000);
  beforeEach(() => clock.set(Number(A.timestamp) * 1000));

  it('accepts a timestamp inside the window on either side', () => {
    expect(() => assertFreshTimestamp(A.timestamp, clock, 300)).not.toThrow();
    expect(() => assertFreshTimestamp(String(Number(A.timestamp) - 299), clock, 300)).not.toThrow();
    expect(() => assertFreshTimestamp(String(Number(A.timestamp) + 299), clock, 300)).not.toThrow();
  });

  it('treats the window bounds as inclusive', () => {
    const frozen: Clock = { now: () => Number(A.timestamp) * 1000 };
    expect(() => assertFreshTimestamp(String(Number(A.timestamp) - 300), frozen, 300)).not.toThrow();
    expect(() => assertFreshTimestamp(String(Number(A.timestamp) + 300), frozen, 300)).not.toThrow();
    expect(codeOf(() => assertFreshTimestamp(String(Number(A.timestamp) + 301), frozen, 300))).toBe('TIMESTAMP_STALE');
  });

  it('refuses a timestamp older than the window as TIMESTAMP_STALE', () => {
    expect(codeOf(() => assertFreshTimestamp(String(Number(A.timestamp) - 302), clock, 300))).toBe('TIMESTAMP_STALE');
  });

  it('refuses a timestamp too far in the future', () => {
    expect(codeOf(() => assertFreshTimestamp(String(Number(A.timestamp) + 3600), clock, 300))).toBe('TIMESTAMP_STALE');
  });

  it('refuses anything that is not an integer number of seconds with status 400', () => {
    for (const ts of ['', 'abc', '1714037059.5', '-1714037059', '1e9', ' 1714037059', '0x66299f43']) {
      expect(codeOf(() => assertFreshTimestamp(ts, clock, 300)), ts).toBe('TIMESTAMP_STALE');
    }
    try {
      assertFreshTimestamp('abc', clock, 300);
    } catch (err) {
      expect((err as { statusCode: number }).statusCode).toBe(400);
    }
  });
});
