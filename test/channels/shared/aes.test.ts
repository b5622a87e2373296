import { createCipheriv } from 'node:crypto';
import * as wecom from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { WxBizMsgCrypt } from '../../../src/channels/shared/aes.js';

// PROTOCOL.md §8 vectors B (OA doc safe mode), C (OA Java sample) and F (fresh OA vector).
const B = {
  key: 'A'.repeat(43),
  appId: 'wxba5fad812f8e6fb9',
  encrypt:
    '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
  message:
    '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}',
  replyRandom: '707722b803182950',
  reply: '{"demo_resp":"good luck"}',
  replyEncrypt: 'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==',
};
const C = {
  key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  encrypt: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
};
const F = {
  key: 'Courier0Bot0Safe0Mode0Test0Vector0Key012340',
  appId: 'wx1234567890abcdef',
  random: '000102030405060708090a0b0c0d0e0f',
  plaintext:
    '<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oUSER_openid_example_000001]]></FromUserName><CreateTime>1735689600</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[查询快递 SF1234567890]]></Content><MsgId>24680135792468013</MsgId></xml>',
  encrypt:
    'DNXfgLRjBykGIjssQ/oiysNZJ5lNH1CSBhoyJ04vVPT1oir3V+FbdqZqUJOzqg3Rv1wzWM11s/fgPEEE3wmgCDgMZS8FL5+VV9Eo4hImISmD8/tfAMZTn1tko4XaCzb0NLFqaIxyyr7lN0W25syKpnbmn+ldAnuahJwDEfW9+1tZZfxrsk1hhJ8i1XuHGsO9XKj6wMCEiz6n57B19EhrURCfjUQvYkG49kcSzkXsxKmwoYqYxQtWDYmKpIh64xYTQ0oMiLlzp4UawobGBCe8cwt3pqZDWFb3XI+UYyA/J5jKnnjbqF4GLgRWZaZ8jm/RphKs3CM43iJ843er2DQNECQnRs71UWIhZgla6NI9wmcvKadR9tjwMbHnrRoL3KIokW0P8wLn3jg0MOTjjDUuY62zJYvRmILHqtjF8P0T69OawxQs2qeG8IXxqxDtKfzd0SNKfG/ZGaSfiPNxrr5P6g==',
};

/** AES-256-CBC with the scheme's key and IV but no padding of its own: lets a test forge layouts. */
function sealRaw(key43: string, plain: Buffer): string {
  const key = Buffer.from(`${key43}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** random(16) ‖ BE32(msgLen) ‖ msg ‖ id — msgLen may lie. */
function fullStr(msg: string, id: string, msgLen = Buffer.byteLength(msg)): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msgLen);
  return Buffer.concat([Buffer.alloc(16, 7), len, Buffer.from(msg), Buffer.from(id)]);
}

const pkcs7 = (b: Buffer) => {
  const pad = 32 - (b.length % 32);
  return Buffer.concat([b, Buffer.alloc(pad, pad)]);
};

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  return 'no error';
};

describe('WxBizMsgCrypt', () => {
  describe('with the official vectors', () => {
    it('decrypts the OA doc safe-mode push: random, msg_len, message and AppID (vector B)', () => {
      const crypto = new WxBizMsgCrypt(B.key, B.appId);
      const { message, random } = crypto.decrypt(B.encrypt);
      expect(Buffer.from(B.encrypt, 'base64')).toHaveLength(224); // B3
      expect(random.toString('latin1')).toBe('a8eedb185eb2fecf'); // B5
      expect(Buffer.byteLength(message)).toBe(167); // B6: msg_len counts bytes
      expect(message).toBe(B.message); // B7
      // B8: the trailing id is checked — the same ciphertext is refused for any other AppID.
      expect(codeOf(() => new WxBizMsgCrypt(B.key, 'wxba5fad812f8e6fb8').decrypt(B.encrypt))).toBe('RECEIVE_ID_MISMATCH');
    });

    it('encrypts the doc reply byte for byte with its random (vector B9)', () => {
      const crypto = new WxBizMsgCrypt(B.key, B.appId);
      expect(crypto.encrypt(B.reply, Buffer.from(B.replyRandom))).toBe(B.replyEncrypt);
    });

    it('encrypts Chinese text like the official Java sample (vector C1)', () => {
      const crypto = new WxBizMsgCrypt(C.key, C.appId);
      expect(crypto.encrypt('我是中文abcd123', Buffer.from(C.random))).toBe(C.encrypt);
      expect(crypto.decrypt(C.encrypt).message).toBe('我是中文abcd123');
    });

    it('decrypts and re-encrypts the fresh OA vector exactly (vector F)', () => {
      const crypto = new WxBizMsgCrypt(F.key, F.appId);
      const { message, random } = crypto.decrypt(F.encrypt);
      expect(message).toBe(F.plaintext);
      expect(random.toString('hex')).toBe(F.random);
      expect(crypto.encrypt(F.plaintext, Buffer.from(F.random, 'hex'))).toBe(F.encrypt);
    });
  });

  describe('against @wecom/crypto', () => {
    const crypto = new WxBizMsgCrypt(F.key, F.appId);

    it('decrypts what @wecom/crypto encrypts and the other way round', () => {
      const theirs = wecom.encrypt(F.key, '运单 SF1234567890 正在派送中', F.appId);
      expect(crypto.decrypt(theirs).message).toBe('运单 SF1234567890 正在派送中');
      const ours = crypto.encrypt('<xml><a>1</a></xml>');
      expect(wecom.decrypt(F.key, ours)).toMatchObject({ message: '<xml><a>1</a></xml>', id: F.appId });
    });

    it('refuses a foreign receive-id that @wecom/crypto happily returns', () => {
      const foreign = wecom.encrypt(F.key, F.plaintext, 'wx_someone_else');
      expect(wecom.decrypt(F.key, foreign).id).toBe('wx_someone_else');
      expect(codeOf(() => crypto.decrypt(foreign))).toBe('RECEIVE_ID_MISMATCH');
    });

    it('refuses an id that merely starts with ours', () => {
      const longer = wecom.encrypt(F.key, F.plaintext, `${F.appId}x`);
      expect(codeOf(() => crypto.decrypt(longer))).toBe('RECEIVE_ID_MISMATCH');
    });

    it('refuses bad pad bytes behind a valid last byte, which @wecom/crypto accepts', () => {
      const padded = pkcs7(fullStr(F.plaintext, F.appId)); // 25 bytes of 0x19
      padded[padded.length - 25] = 0x00;
      const forged = sealRaw(F.key, padded);
      expect(wecom.decrypt(F.key, forged)).toMatchObject({ message: F.plaintext, id: F.appId });
      expect(codeOf(() => crypto.decrypt(forged))).toBe('PADDING_INVALID');
    });

    it('refuses a last byte outside 1..32, which @wecom/crypto leaves unstripped', () => {
      const body = fullStr(F.plaintext, F.appId);
      for (const last of [0, 33, 0xff]) {
        const padded = Buffer.concat([body, Buffer.alloc(32 - (body.length % 32), last)]);
        const forged = sealRaw(F.key, padded);
        expect(() => wecom.decrypt(F.key, forged)).not.toThrow();
        expect(codeOf(() => crypto.decrypt(forged)), `pad byte ${last}`).toBe('PADDING_INVALID');
      }
    });
  });

  describe('refusing bad ciphertext', () => {
    const crypto = new WxBizMsgCrypt(F.key, F.appId);

    it('accepts spaces where form decoding turned "+" into " "', () => {
      const spaced = F.encrypt.replace(/\+/g, ' ');
      expect(spaced).not.toBe(F.encrypt);
      expect(crypto.decrypt(spaced).message).toBe(F.plaintext);
    });

    it('refuses bad base64 as DECRYPT_FAILED', () => {
      const cases = {
        empty: '',
        'foreign character': `${F.encrypt.slice(0, -4)}!!==`,
        'URL-safe alphabet': F.encrypt.replace(/\//g, '_'),
        'length not a multiple of 4': F.encrypt.slice(0, -1),
        'padding in the middle': `AAAA=AAA${F.encrypt.slice(8)}`,
        'non-canonical trailing bits': `${F.encrypt.slice(0, -3)}h==`,
      };
      for (const [name, b64] of Object.entries(cases)) expect(codeOf(() => crypto.decrypt(b64)), name).toBe('DECRYPT_FAILED');
    });

    it('refuses a ciphertext that is not a whole number of 32-byte blocks', () => {
      const sixteen = Buffer.from(F.encrypt, 'base64').subarray(0, 48).toString('base64');
      expect(codeOf(() => crypto.decrypt(sixteen))).toBe('DECRYPT_FAILED');
    });

    it('refuses a msg_len that runs past the plaintext', () => {
      const forged = sealRaw(F.key, pkcs7(fullStr('hello', F.appId, 10_000)));
      expect(codeOf(() => crypto.decrypt(forged))).toBe('DECRYPT_FAILED');
    });

    it('refuses a plaintext shorter than its 20-byte header', () => {
      const forged = sealRaw(F.key, pkcs7(Buffer.alloc(10, 1)));
      expect(codeOf(() => crypto.decrypt(forged))).toBe('DECRYPT_FAILED');
    });

    it('refuses a message that is not valid UTF-8', () => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(2);
      const body = Buffer.concat([Buffer.alloc(16), len, Buffer.from([0xc3, 0x28]), Buffer.from(F.appId)]);
      expect(codeOf(() => crypto.decrypt(sealRaw(F.key, pkcs7(body))))).toBe('DECRYPT_FAILED');
    });

    it('decrypts garbage of the right shape only to a refusal, never to a message', () => {
      const garbage = Buffer.alloc(64, 0x5a).toString('base64');
      expect(['PADDING_INVALID', 'DECRYPT_FAILED', 'RECEIVE_ID_MISMATCH']).toContain(codeOf(() => crypto.decrypt(garbage)));
    });
  });

  describe('keys and receive-ids', () => {
    it('refuses an EncodingAESKey that is not 43 characters of [A-Za-z0-9]', () => {
      for (const key of ['', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}+`, `${'A'.repeat(42)}-`, `${'A'.repeat(42)}=`]) {
        expect(codeOf(() => new WxBizMsgCrypt(key, F.appId)), JSON.stringify(key)).toBe('AES_KEY_INVALID');
      }
    });

    it('accepts keys with non-canonical trailing bits as the admin console issues them', () => {
      const sandboxKey = 'SandboxCourierKefuAesKey0123456789abcdefABC';
      const crypto = new WxBizMsgCrypt(sandboxKey, 'wx5a4db0c0ffee0001');
      expect(crypto.decrypt(crypto.encrypt('hi')).message).toBe('hi');
    });

    it('works with an empty receive-id (WeCom robot callbacks)', () => {
      const crypto = new WxBizMsgCrypt(F.key, '');
      expect(crypto.decrypt(crypto.encrypt('ping')).message).toBe('ping');
      expect(codeOf(() => crypto.decrypt(new WxBizMsgCrypt(F.key, F.appId).encrypt('ping')))).toBe('RECEIVE_ID_MISMATCH');
    });

    it('uses fresh random bytes for each encryption unless told otherwise', () => {
      const crypto = new WxBizMsgCrypt(F.key, F.appId);
      expect(crypto.encrypt('same')).not.toBe(crypto.encrypt('same'));
    });

    it('refuses a random that is not 16 bytes', () => {
      const crypto = new WxBizMsgCrypt(F.key, F.appId);
      expect(() => crypto.encrypt('x', Buffer.alloc(8))).toThrow(RangeError);
    });
  });
});
