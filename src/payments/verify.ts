// Verification of what WeChat Pay signs — notifications and API answers (PROTOCOL.md §7.1): the
// `Wechatpay-Serial` picks the platform key (certificate serial or PUB_KEY_ID_…, unlike the
// library's verifySign, §7.2), the timestamp must be within the window on the app Clock, probes
// (`WECHATPAY/SIGNTEST/…`) are refused, and RSA-SHA256 is checked over the raw body bytes.
import type { KeyObject } from 'node:crypto';
import { CourierError } from '../domain/errors.js';
import type { Clock } from '../lib/clock.js';
import { platformKey } from './keys.js';
import { AUTH_TYPE, SIGNTEST_PREFIX, responseMessage, verifyMessage } from './signature.js';

export interface PlatformHeaders {
  timestamp?: string;
  nonce?: string;
  signature?: string;
  serial?: string;
  signatureType?: string;
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers;

/** The Wechatpay-* headers of a Fastify request or a fetch Response. */
export function platformHeaders(h: HeaderBag): PlatformHeaders {
  const get = (name: string): string | undefined => {
    const v = h instanceof Headers ? h.get(name) : h[name];
    return Array.isArray(v) ? v[0] : (v ?? undefined);
  };
  return {
    timestamp: get('wechatpay-timestamp'),
    nonce: get('wechatpay-nonce'),
    signature: get('wechatpay-signature'),
    serial: get('wechatpay-serial'),
    signatureType: get('wechatpay-signature-type'),
  };
}

export interface PlatformVerifierOptions {
  keys: ReadonlyMap<string, KeyObject>;
  clock: Clock;
  /** Allowed skew either way; PROTOCOL.md §7.1 suggests 5 minutes. */
  windowSeconds: number;
}

export class PlatformVerifier {
  constructor(private readonly o: PlatformVerifierOptions) {}

  /** Throws SIGNATURE_INVALID, TIMESTAMP_STALE or PAY_SERIAL_UNKNOWN (all 401); returns the serial used. */
  verify(h: PlatformHeaders, raw: Buffer): string {
    const { timestamp, nonce, signature, serial } = h;
    if (!timestamp || !nonce || !signature || !serial) throw invalid('missing Wechatpay-Timestamp/Nonce/Signature/Serial');
    if (h.signatureType !== undefined && h.signatureType !== AUTH_TYPE) throw invalid(`unsupported Wechatpay-Signature-Type ${h.signatureType.slice(0, 40)}`);
    // A probe must fail like any bad signature (PROTOCOL.md §7.1).
    if (signature.startsWith(SIGNTEST_PREFIX)) throw invalid('signature probe (WECHATPAY/SIGNTEST/)');
    if (!/^\d{1,12}$/.test(timestamp)) throw new CourierError('TIMESTAMP_STALE', 'Wechatpay-Timestamp is not a number', 401);
    const skew = Math.abs(Math.floor(this.o.clock.now() / 1000) - Number(timestamp));
    if (skew > this.o.windowSeconds) throw new CourierError('TIMESTAMP_STALE', `Wechatpay-Timestamp is ${skew}s off`, 401);
    const key = platformKey(this.o.keys, serial);
    if (!verifyMessage(key, responseMessage(timestamp, nonce, raw), signature)) throw invalid('RSA-SHA256 signature does not verify');
    return serial;
  }
}

const invalid = (reason: string) => new CourierError('SIGNATURE_INVALID', reason, 401);
