// The WXBizMsgCrypt scheme shared by OA safe/compat mode and every WeCom callback (PROTOCOL.md §1):
// AES-256-CBC, IV = first 16 bytes of the key, PKCS#7 to 32 bytes, plaintext
// `random(16) ‖ msg_len(4, BE) ‖ msg ‖ receiveId`.
//
// Decryption is our own (node:crypto) because @wecom/crypto's decrypt checks neither the receive-id
// nor the full padding (PROTOCOL.md §6 caveats 1 and 3). Its encrypt is correct and reproduces the
// official vectors (§8 B9, C), so encryption is delegated to it.
//
// Callers must verify `msg_signature` before calling decrypt(): the distinct error codes below
// would otherwise be a padding oracle. With the signature checked first, only ciphertext signed
// with our token ever reaches the cipher.
import { createDecipheriv, randomBytes } from 'node:crypto';
import { encrypt as wecomEncrypt } from '@wecom/crypto';
import { CourierError } from '../../domain/errors.js';

const BLOCK = 32;
const RANDOM_BYTES = 16;
const HEADER_BYTES = RANDOM_BYTES + 4;
const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface Decrypted {
  message: string;
  random: Buffer;
}

export class WxBizMsgCrypt {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly expectedId: Buffer;

  /**
   * @param encodingAesKey the 43-character EncodingAESKey from the admin console
   * @param receiveId OA: the AppID; WeCom app / kf: the CorpID; WeCom bot: '' (PROTOCOL.md §1)
   */
  constructor(
    private readonly encodingAesKey: string,
    readonly receiveId: string,
  ) {
    // Node tolerates any base64 garbage, so the charset and length are checked here (§1 Gotchas).
    // Non-canonical trailing bits are accepted: the console issues 43 random characters.
    if (!ENCODING_AES_KEY.test(encodingAesKey)) {
      throw new CourierError('AES_KEY_INVALID', 'EncodingAESKey must be 43 characters of [A-Za-z0-9]', 500);
    }
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    if (this.key.length !== 32) {
      throw new CourierError('AES_KEY_INVALID', 'EncodingAESKey does not decode to 32 bytes', 500);
    }
    this.iv = this.key.subarray(0, 16);
    this.expectedId = Buffer.from(receiveId, 'utf8');
  }

  /** Decrypts an `Encrypt` value and checks padding, length and the trailing receive-id. */
  decrypt(b64: string): Decrypted {
    const cipherText = decodeCipherText(b64);
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
    decipher.setAutoPadding(false); // the scheme pads to 32, not to AES's 16 (§10 item 1)
    const padded = Buffer.concat([decipher.update(cipherText), decipher.final()]);
    const plain = stripPkcs7(padded);

    if (plain.length < HEADER_BYTES) throw failed('plaintext shorter than its header');
    // msg_len is a big-endian byte count, not a character count (§1).
    const msgLen = plain.readUInt32BE(RANDOM_BYTES);
    if (msgLen > plain.length - HEADER_BYTES) throw failed('msg_len exceeds the plaintext');

    const id = plain.subarray(HEADER_BYTES + msgLen);
    if (!id.equals(this.expectedId)) {
      // The official samples refuse this (-40005); @wecom/crypto does not (§6 caveat 1).
      throw new CourierError('RECEIVE_ID_MISMATCH', 'ciphertext was made for another AppID/CorpID', 400);
    }

    let message: string;
    try {
      message = utf8.decode(plain.subarray(HEADER_BYTES, HEADER_BYTES + msgLen));
    } catch (err) {
      throw new CourierError('DECRYPT_FAILED', 'message is not valid UTF-8', 400, { cause: err });
    }
    return { message, random: Buffer.from(plain.subarray(0, RANDOM_BYTES)) };
  }

  /** Encrypts `message` for the platform; `random` is fixed only by tests and vectors. */
  encrypt(message: string, random: Buffer = randomBytes(RANDOM_BYTES)): string {
    if (random.length !== RANDOM_BYTES) throw new RangeError(`random must be ${RANDOM_BYTES} bytes`);
    return wecomEncrypt(this.encodingAesKey, message, this.receiveId, random);
  }
}

function failed(reason: string): CourierError {
  return new CourierError('DECRYPT_FAILED', reason, 400);
}

/**
 * Strict base64 of a whole number of 32-byte blocks. Spaces are turned back into '+' first: a
 * URL-decoded value may have lost them (§1 Gotchas, §10 item 5).
 */
function decodeCipherText(b64: string): Buffer {
  const text = b64.replace(/ /g, '+');
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) throw failed('Encrypt is not valid base64');
  const bytes = Buffer.from(text, 'base64');
  // Re-encoding catches non-canonical padding bits, which Node would otherwise ignore.
  if (bytes.toString('base64') !== text) throw failed('Encrypt is not canonical base64');
  if (bytes.length === 0 || bytes.length % BLOCK !== 0) throw failed('ciphertext is not a whole number of 32-byte blocks');
  return bytes;
}

/** Full PKCS#7 check for block size 32: pad length 1..32 and every pad byte equal to it. */
function stripPkcs7(padded: Buffer): Buffer {
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > padded.length) {
    throw new CourierError('PADDING_INVALID', 'PKCS#7 pad length out of range', 400);
  }
  let diff = 0;
  for (let i = padded.length - pad; i < padded.length; i++) diff |= (padded[i] ?? 0) ^ pad;
  if (diff !== 0) throw new CourierError('PADDING_INVALID', 'PKCS#7 pad bytes differ', 400);
  return padded.subarray(0, padded.length - pad);
}
