// The sandbox side of a WeChat Pay notification: exactly what WeChat Pay POSTs to notify_url for a
// finished 商家转账 bill (PROTOCOL.md §7.1) — the resource encrypted with AEAD_AES_256_GCM under the
// APIv3 key, the envelope signed with the platform key over `TIMESTAMP\nNONCE\nBODY\n`, and the
// Wechatpay-* headers. Posting it exercises the production verification and decryption code.
import { randomBytes, type KeyObject } from 'node:crypto';
import { encryptResource, type EncryptedResource } from '../payments/aead.js';
import { AUTH_TYPE, newNonce, responseMessage, signMessage } from '../payments/signature.js';
import { TRANSFER_FINISHED } from '../payments/wire.js';

export interface PlatformSigner {
  /** The platform private key (sandbox-only) and the id it is published under. */
  key: KeyObject;
  keyId: string;
}

export interface BuiltNotification {
  headers: Record<string, string>;
  body: string;
}

/** Signs any platform body (a notification or an API answer) the way WeChat Pay does. */
export function platformHeadersFor(signer: PlatformSigner, body: string, timestampS: number, nonce = newNonce()): Record<string, string> {
  const timestamp = String(timestampS);
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': signer.keyId,
    'wechatpay-signature': signMessage(signer.key, responseMessage(timestamp, nonce, body)),
    'wechatpay-signature-type': AUTH_TYPE,
    'request-id': randomBytes(16).toString('hex'),
  };
}

/** The envelope around an already encrypted resource (tests tamper with the resource first). */
export function notificationBody(resource: EncryptedResource, o: { id?: string; at: number; eventType?: string; summary?: string }): string {
  return JSON.stringify({
    id: o.id ?? `EV-${randomBytes(10).toString('hex')}`,
    create_time: new Date(o.at).toISOString(),
    resource_type: 'encrypt-resource',
    event_type: o.eventType ?? TRANSFER_FINISHED,
    summary: o.summary ?? '商家转账单据终态通知',
    resource: { original_type: 'mch_payment', algorithm: 'AEAD_AES_256_GCM', ...resource },
  });
}

export function buildPayNotification(o: {
  signer: PlatformSigner;
  apiV3Key: string;
  /** The decrypted resource (mchid, out_bill_no, state, transfer_amount, …). */
  resource: Record<string, unknown>;
  at: number;
  id?: string;
  associatedData?: string;
}): BuiltNotification {
  const resource = encryptResource(JSON.stringify(o.resource), o.apiV3Key, o.associatedData ?? 'mch_payment');
  const body = notificationBody(resource, { at: o.at, ...(o.id ? { id: o.id } : {}) });
  return { body, headers: { 'content-type': 'application/json', ...platformHeadersFor(o.signer, body, Math.floor(o.at / 1000)) } };
}
