// Callback authentication shared by the Official Account and WeCom: the SHA-1 signature over the
// sorted parameters, a constant-time comparison of hex digests, and the replay window on the
// callback `timestamp` (PROTOCOL.md §1 table rows "msg_signature" / "OA plain signature").
import { createHash, timingSafeEqual } from 'node:crypto';
import { CourierError } from '../../domain/errors.js';
import type { Clock } from '../../lib/clock.js';

/**
 * `sha1_hex(concat(sort(parts)))`, lower-case. Plain `sort()` compares UTF-16 code units, which is
 * the order the platform uses for its ASCII parameters (PROTOCOL.md §1 "Gotchas").
 */
export function sha1Signature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join(''), 'utf8').digest('hex');
}

const HEX = /^[0-9a-f]*$/i;

/**
 * Compares two hex digests without leaking where they differ (PROTOCOL.md §1: "Use constant-time
 * compare"). A length mismatch or a non-hex input is simply unequal; the length itself is public.
 */
export function safeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length || !HEX.test(a) || !HEX.test(b)) return false;
  return timingSafeEqual(Buffer.from(a.toLowerCase(), 'latin1'), Buffer.from(b.toLowerCase(), 'latin1'));
}

/**
 * Refuses a callback whose `timestamp` is not a whole number of seconds or lies more than
 * `windowSeconds` from our clock in either direction. A signature alone never expires, so this
 * window is what stops a captured request from being replayed later.
 */
export function assertFreshTimestamp(ts: string, clock: Clock, windowSeconds: number): void {
  if (!/^\d{1,12}$/.test(ts)) {
    throw new CourierError('TIMESTAMP_STALE', 'timestamp is not an integer number of seconds', 400);
  }
  const skew = Math.abs(Math.floor(clock.now() / 1000) - Number(ts));
  if (skew > windowSeconds) {
    throw new CourierError('TIMESTAMP_STALE', `timestamp is ${skew}s away from now (window ${windowSeconds}s)`, 400);
  }
}
