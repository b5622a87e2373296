import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { PlatformVerifier, platformHeaders } from '../../src/payments/verify.js';
import { platformHeadersFor } from '../../src/sandbox/pay-callbacks.js';
import { CERT_SERIAL, PUB_KEY_ID, platformKeys, platformPrivateKey, strangerKey } from './pay-keys.js';

const now = Date.parse('2026-11-11T10:00:00+08:00');
const clock = new ManualClock(now);
const verifier = new PlatformVerifier({ keys: platformKeys, clock, windowSeconds: 300 });
const body = Buffer.from('{"id":"EV-1","event_type":"MCHTRANSFER.BILL.FINISHED"}');
const signed = (o: { keyId?: string; key?: typeof strangerKey; at?: number; raw?: Buffer } = {}) =>
  platformHeaders(platformHeadersFor({ key: o.key ?? platformPrivateKey, keyId: o.keyId ?? PUB_KEY_ID }, (o.raw ?? body).toString(), Math.floor((o.at ?? now) / 1000)));

describe('PlatformVerifier (PROTOCOL.md §7.1)', () => {
  it('accepts a signature under a 微信支付公钥ID and under a platform certificate serial', () => {
    expect(verifier.verify(signed(), body)).toBe(PUB_KEY_ID);
    expect(verifier.verify(signed({ keyId: CERT_SERIAL }), body)).toBe(CERT_SERIAL);
  });

  it('verifies the raw bytes: the same JSON re-spaced does not verify', () => {
    expect(() => verifier.verify(signed(), Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)))).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
  });

  it('refuses a signature by another key', () => {
    expect(() => verifier.verify(signed({ key: strangerKey }), body)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID', statusCode: 401 }));
  });

  it('refuses timestamps more than 5 minutes off either way, on the app clock', () => {
    expect(() => verifier.verify(signed({ at: now - 301_000 }), body)).toThrow(expect.objectContaining({ code: 'TIMESTAMP_STALE' }));
    expect(() => verifier.verify(signed({ at: now + 301_000 }), body)).toThrow(expect.objectContaining({ code: 'TIMESTAMP_STALE' }));
    expect(verifier.verify(signed({ at: now - 290_000 }), body)).toBe(PUB_KEY_ID);
  });

  it('refuses WECHATPAY/SIGNTEST/ probes', () => {
    const h = { ...signed(), signature: 'WECHATPAY/SIGNTEST/' + signed().signature };
    expect(() => verifier.verify(h, body)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID', message: expect.stringContaining('probe') }));
  });

  it('refuses an unknown Wechatpay-Serial', () => {
    expect(() => verifier.verify(signed({ keyId: 'PUB_KEY_ID_0000000000000000000000000000000000' }), body)).toThrow(expect.objectContaining({ code: 'PAY_SERIAL_UNKNOWN', statusCode: 401 }));
  });

  it('refuses missing headers and another signature type', () => {
    expect(() => verifier.verify({ ...signed(), nonce: undefined }, body)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
    expect(() => verifier.verify({ ...signed(), signatureType: 'WECHATPAY2-SM2-WITH-SM3' }, body)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
  });
});
