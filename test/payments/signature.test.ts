import { sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../src/config/env.js';
import { AUTH_TYPE, RequestSigner, parseAuthorization, requestMessage, type SignedRequest } from '../../src/payments/signature.js';
import { TRANSFER_BILLS_PATH, billQueryPath } from '../../src/payments/wire.js';
import { merchantKey, merchantPublicKey, strangerKey } from './pay-keys.js';

const signer = new RequestSigner({ appId: SANDBOX_DEFAULTS.WECHAT_APPID, mchId: '1900009999', serial: SANDBOX_DEFAULTS.WECHATPAY_SERIAL, privateKey: merchantKey });
const body = JSON.stringify({ appid: SANDBOX_DEFAULTS.WECHAT_APPID, out_bill_no: 'C7KQ2MX3', transfer_amount: 15000, transfer_remark: '快递理赔赔付' });
const post: SignedRequest = { method: 'POST', path: TRANSFER_BILLS_PATH, body, timestamp: '1735689600', nonce: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS' };
const get: SignedRequest = { method: 'GET', path: billQueryPath('C7KQ2MX3'), body: '', timestamp: '1735689600', nonce: 'NONCE0000000001' };

describe('request signing (PROTOCOL.md §7.1)', () => {
  it('signs METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nBODY\\n and the signature verifies with the merchant public key', async () => {
    const message = `POST\n/v3/fund-app/mch-transfer/transfer-bills\n1735689600\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\n${body}\n`;
    expect(requestMessage(post)).toBe(message);
    const signature = await signer.signature(post);
    expect(verify('sha256', Buffer.from(message), merchantPublicKey, Buffer.from(signature, 'base64'))).toBe(true);
    // PKCS#1 v1.5 is deterministic: the library's getSignature equals node:crypto over our string.
    expect(signature).toBe(sign('sha256', Buffer.from(message), merchantKey).toString('base64'));
  });

  it('signs a GET with an empty body line, so the string ends in \\n\\n', async () => {
    const message = requestMessage(get);
    expect(message.endsWith('NONCE0000000001\n\n')).toBe(true);
    expect(verify('sha256', Buffer.from(message), merchantPublicKey, Buffer.from(await signer.signature(get), 'base64'))).toBe(true);
  });

  it('does not verify for another body or with another key', async () => {
    const signature = Buffer.from(await signer.signature(post), 'base64');
    expect(verify('sha256', Buffer.from(requestMessage({ ...post, body: body.replace('15000', '95000') })), merchantPublicKey, signature)).toBe(false);
    const stranger = sign('sha256', Buffer.from(requestMessage(post)), strangerKey);
    expect(verify('sha256', Buffer.from(requestMessage(post)), merchantPublicKey, stranger)).toBe(false);
  });

  it('builds the Authorization header of §7.1 and parses it back', async () => {
    const header = await signer.authorization(post);
    expect(header).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900009999",nonce_str="5K8264ILTKCH16CQ2502SI8ZNMTM67VS",timestamp="1735689600",serial_no="5A4DB0C0FFEE0000000000000000000000000001",signature="[A-Za-z0-9+/]+={0,2}"$/);
    expect(header.startsWith(`${AUTH_TYPE} `)).toBe(true);
    expect(parseAuthorization(header)).toEqual({ mchid: '1900009999', nonce_str: post.nonce, timestamp: post.timestamp, serial_no: SANDBOX_DEFAULTS.WECHATPAY_SERIAL, signature: await signer.signature(post) });
    expect(parseAuthorization('Bearer x')).toBeNull();
  });

  it('refuses to sign a POST without a body (the library would drop its line)', async () => {
    await expect(signer.signature({ ...post, body: '' })).rejects.toThrow(/needs a body/);
  });
});
