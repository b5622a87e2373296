// Phone helpers shared by binding and parcel checks.
import { createHash } from 'node:crypto';
import { normalisePhone } from '../courier/types.js';

const MOBILE = /^1[3-9]\d{9}$/;

/** The normalised 11-digit mainland mobile, or null when the input is not one. */
export function mobileOrNull(phone: string): string | null {
  const digits = normalisePhone(phone);
  return MOBILE.test(digits) ? digits : null;
}

/**
 * A stable tag for a phone inside key names. It keeps the number out of what SCAN, MONITOR and
 * slowlog show; it is not secrecy (the mobile number space is small enough to enumerate).
 */
export function phoneTag(phone: string): string {
  return createHash('sha256').update(`phone:${phone}`).digest('hex').slice(0, 24);
}
