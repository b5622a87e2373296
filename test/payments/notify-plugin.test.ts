// POST /wechatpay/notify through Fastify inject(): the plugin alone, with a recording handler.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { encryptResource, type EncryptedResource } from '../../src/payments/aead.js';
import { payNotifyPlugin } from '../../src/payments/notify-plugin.js';
import { PlatformVerifier } from '../../src/payments/verify.js';
import type { TransferNotice } from '../../src/payments/wire.js';
import { buildPayNotification, notificationBody, platformHeadersFor } from '../../src/sandbox/pay-callbacks.js';
import { API_V3_KEY, CERT_SERIAL, PUB_KEY_ID, platformKeys, platformPrivateKey, strangerKey } from './pay-keys.js';

const now = Date.parse('2026-11-11T10:00:00+08:00');
const clock = new ManualClock(now);
const signer = { key: platformPrivateKey, keyId: PUB_KEY_ID };
const resource = { mchid: '1900009999', out_bill_no: 'C7KQ2MX3', transfer_bill_no: '1330000001', state: 'SUCCESS', transfer_amount: 15000 };
const seen: TransferNotice[] = [];
let app: FastifyInstance;

/** A notification around `r`, correctly signed: only the resource is wrong. */
const signedAround = (r: EncryptedResource, eventType?: string) => {
  const body = notificationBody(r, { at: now, ...(eventType ? { eventType } : {}) });
  return { body, headers: { 'content-type': 'application/json', ...platformHeadersFor(signer, body, Math.floor(now / 1000)) } };
};
const post = (n: { headers: Record<string, string>; body: string }) => app.inject({ method: 'POST', url: '/wechatpay/notify', headers: n.headers, payload: n.body });
const good = () => buildPayNotification({ signer, apiV3Key: API_V3_KEY, resource, at: now });

beforeAll(async () => {
  app = Fastify();
  await app.register(payNotifyPlugin, {
    verifier: new PlatformVerifier({ keys: platformKeys, clock, windowSeconds: 300 }),
    apiV3Key: API_V3_KEY,
    bodyLimit: 64 * 1024,
    onTransfer: async (n) => {
      if (n.out_bill_no === 'BOOM') throw new Error('redis down');
      seen.push(n);
    },
  });
  // Another route of the same app still gets parsed JSON: the raw parser is encapsulated.
  app.post('/other', async (req) => ({ parsed: typeof req.body === 'object' }));
});
afterAll(() => app.close());
beforeEach(() => {
  seen.length = 0;
});

describe('POST /wechatpay/notify', () => {
  it('answers 200 with no body and hands over the decrypted transfer', async () => {
    const res = await post(good());
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(seen).toEqual([expect.objectContaining({ out_bill_no: 'C7KQ2MX3', state: 'SUCCESS', transfer_amount: 15000 })]);
  });

  it('accepts a platform certificate serial as well as a PUB_KEY_ID', async () => {
    const res = await post(buildPayNotification({ signer: { ...signer, keyId: CERT_SERIAL }, apiV3Key: API_V3_KEY, resource, at: now }));
    expect(res.statusCode).toBe(200);
  });

  it.each([
    ['a bad signature', () => buildPayNotification({ signer: { key: strangerKey, keyId: PUB_KEY_ID }, apiV3Key: API_V3_KEY, resource, at: now }), 401],
    ['a stale timestamp', () => buildPayNotification({ signer, apiV3Key: API_V3_KEY, resource, at: now - 10 * 60_000 }), 401],
    ['a SIGNTEST probe', () => ({ ...good(), headers: { ...good().headers, 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abc' } }), 401],
    ['an unknown serial', () => buildPayNotification({ signer: { ...signer, keyId: 'PUB_KEY_ID_9999' }, apiV3Key: API_V3_KEY, resource, at: now }), 401],
    ['a body changed after signing', () => ({ ...good(), body: good().body.replace('MCHTRANSFER', 'XCHTRANSFER') }), 401],
  ])('refuses %s with {"code":"FAIL"} and hands nothing over', async (_name, build, status) => {
    const res = await post(build());
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ code: 'FAIL', message: expect.any(String) });
    expect(seen).toEqual([]);
  });

  it('refuses a correctly signed notification whose GCM tag was tampered with', async () => {
    const r = encryptResource(JSON.stringify(resource), API_V3_KEY, 'mch_payment');
    const raw = Buffer.from(r.ciphertext, 'base64');
    raw[raw.length - 3] = raw[raw.length - 3]! ^ 0x80;
    const res = await post(signedAround({ ...r, ciphertext: raw.toString('base64') }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'FAIL', message: 'DECRYPT_FAILED' });
    expect(seen).toEqual([]);
  });

  it('refuses a correctly signed notification with the wrong associated_data', async () => {
    const r = encryptResource(JSON.stringify(resource), API_V3_KEY, 'mch_payment');
    const res = await post(signedAround({ ...r, associated_data: 'transaction' }));
    expect(res.statusCode).toBe(400);
    expect(seen).toEqual([]);
  });

  it('refuses a signed notification that is not the expected JSON', async () => {
    const body = '{"id":"EV-1"}';
    const res = await post({ body, headers: { 'content-type': 'application/json', ...platformHeadersFor(signer, body, Math.floor(now / 1000)) } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'FAIL', message: 'MESSAGE_INVALID' });
  });

  it('acknowledges another event type without handing it over', async () => {
    const res = await post(signedAround(encryptResource('{}', API_V3_KEY), 'TRANSACTION.SUCCESS'));
    expect(res.statusCode).toBe(200);
    expect(seen).toEqual([]);
  });

  it('answers 500 FAIL when the handler cannot apply it, so WeChat Pay delivers it again', async () => {
    const res = await post(buildPayNotification({ signer, apiV3Key: API_V3_KEY, resource: { ...resource, out_bill_no: 'BOOM' }, at: now }));
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'FAIL' });
  });

  it('leaves JSON parsing of other routes alone', async () => {
    const res = await app.inject({ method: 'POST', url: '/other', payload: { a: 1 } });
    expect(res.json()).toEqual({ parsed: true });
  });
});
