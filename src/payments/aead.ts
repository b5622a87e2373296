// AEAD_AES_256_GCM of notification resources (PROTOCOL.md §7.1): key = the APIv3 key (32 ASCII
// bytes), IV = `nonce` (12 bytes), AAD = `associated_data` (may be ""), tag = the last 16 bytes of
// the base64-decoded ciphertext. decipher.final() is what checks the tag — wechatpay-node-v3@2.2.1's
// decipher_gcm never calls it and accepts a tampered tag or AAD (PROTOCOL.md §7.2, §10 item 10).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CourierError } from '../domain/errors.js';

const TAG_BYTES = 16;

export interface EncryptedResource {
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

function keyOf(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new CourierError('CONFIG_INVALID', 'the APIv3 key must be 32 bytes', 500);
  return key;
}

/** The plaintext, or DECRYPT_FAILED when the tag, the AAD, the key or the nonce does not fit. */
export function decryptResource(r: EncryptedResource, apiV3Key: string): string {
  const raw = Buffer.from(r.ciphertext, 'base64');
  const iv = Buffer.from(r.nonce, 'utf8');
  if (raw.length <= TAG_BYTES || iv.length !== 12) throw new CourierError('DECRYPT_FAILED', 'resource ciphertext or nonce has the wrong length');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(apiV3Key), iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    decipher.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
    const plain = Buffer.concat([decipher.update(raw.subarray(0, raw.length - TAG_BYTES)), decipher.final()]);
    return plain.toString('utf8');
  } catch (err) {
    if (err instanceof CourierError) throw err;
    throw new CourierError('DECRYPT_FAILED', 'resource did not authenticate (GCM tag check failed)');
  }
}

/** The platform's side, for the sandbox and tests. The nonce is 12 ASCII characters, as WeChat Pay sends. */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData = '', nonce = randomBytes(6).toString('hex')): EncryptedResource {
  const cipher = createCipheriv('aes-256-gcm', keyOf(apiV3Key), Buffer.from(nonce, 'utf8'), { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext: body.toString('base64'), associated_data: associatedData, nonce };
}
