// PROTOCOL.md §7.2 / §10 item 10: wechatpay-node-v3@2.2.1's decipher_gcm never calls final(), so
// it returns the plaintext of a resource whose GCM tag or AAD was tampered with. Ours refuses both.
import { describe, expect, it } from 'vitest';
import Pay from 'wechatpay-node-v3';
import { decryptResource, encryptResource, type EncryptedResource } from '../../src/payments/aead.js';
import { API_V3_KEY, merchantKey, merchantPublicKey } from './pay-keys.js';

const plaintext = JSON.stringify({ mchid: '1900009999', out_bill_no: 'C7KQ2MX3', state: 'SUCCESS', transfer_amount: 15000 });
const good = encryptResource(plaintext, API_V3_KEY, 'mch_payment', 'A1B2C3D4E5F6');

/** Flips one bit of the 16-byte tag at the end of the ciphertext. */
function tamperTag(r: EncryptedResource): EncryptedResource {
  const raw = Buffer.from(r.ciphertext, 'base64');
  raw[raw.length - 1] = raw[raw.length - 1]! ^ 0x01;
  return { ...r, ciphertext: raw.toString('base64') };
}

const library = new Pay({
  appid: 'wx5a4db0c0ffee0001',
  mchid: '1900009999',
  serial_no: 'SERIAL',
  publicKey: Buffer.from(merchantPublicKey.export({ type: 'spki', format: 'pem' })),
  privateKey: Buffer.from(merchantKey.export({ type: 'pkcs8', format: 'pem' })),
  key: API_V3_KEY,
});

describe('resource decryption (AEAD_AES_256_GCM)', () => {
  it('decrypts a genuine resource', () => {
    expect(JSON.parse(decryptResource(good, API_V3_KEY))).toMatchObject({ out_bill_no: 'C7KQ2MX3', state: 'SUCCESS' });
  });

  it('the library defect: decipher_gcm accepts a tampered tag and a wrong AAD', () => {
    const t = tamperTag(good);
    expect(library.decipher_gcm(t.ciphertext, t.associated_data, t.nonce)).toMatchObject({ state: 'SUCCESS' });
    expect(library.decipher_gcm(good.ciphertext, 'transfer', good.nonce)).toMatchObject({ state: 'SUCCESS' });
  });

  it('ours refuses a tampered tag with DECRYPT_FAILED', () => {
    expect(() => decryptResource(tamperTag(good), API_V3_KEY)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
  });

  it('ours refuses a wrong associated_data, a wrong key and a wrong nonce', () => {
    expect(() => decryptResource({ ...good, associated_data: 'transfer' }, API_V3_KEY)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    expect(() => decryptResource(good, 'X'.repeat(32))).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    expect(() => decryptResource({ ...good, nonce: 'A1B2C3D4E5F7' }, API_V3_KEY)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
  });

  it('ours refuses a ciphertext too short to carry a tag', () => {
    expect(() => decryptResource({ ...good, ciphertext: Buffer.alloc(10).toString('base64') }, API_V3_KEY)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
  });
});
