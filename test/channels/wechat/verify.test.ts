import { createCipheriv } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { WxBizMsgCrypt } from '../../../src/channels/shared/aes.js';
import { sha1Signature } from '../../../src/channels/shared/signature.js';
import { buildEncryptedReply, buildXml, parseXml } from '../../../src/channels/shared/xml.js';
import { openOaCallback, verifyOaEcho, type OaCallbackInput } from '../../../src/channels/wechat/verify.js';
import { ManualClock } from '../../../src/lib/clock.js';

// PROTOCOL.md §8.F: a full safe-mode POST and its encrypted passive reply.
const F = {
  token: 'courierbot2024',
  key: 'Courier0Bot0Safe0Mode0Test0Vector0Key012340',
  appId: 'wx1234567890abcdef',
  timestamp: '1735689600',
  nonce: '1234567890',
  openid: 'oUSER_openid_example_000001',
  signature: 'dd19af6ea31d28c1954a44175a4e510f9d6c8fb5',
  msgSignature: '33dd99218a8dcd2cb1106ea024fcc355d00f9e45',
  encrypt:
    'DNXfgLRjBykGIjssQ/oiysNZJ5lNH1CSBhoyJ04vVPT1oir3V+FbdqZqUJOzqg3Rv1wzWM11s/fgPEEE3wmgCDgMZS8FL5+VV9Eo4hImISmD8/tfAMZTn1tko4XaCzb0NLFqaIxyyr7lN0W25syKpnbmn+ldAnuahJwDEfW9+1tZZfxrsk1hhJ8i1XuHGsO9XKj6wMCEiz6n57B19EhrURCfjUQvYkG49kcSzkXsxKmwoYqYxQtWDYmKpIh64xYTQ0oMiLlzp4UawobGBCe8cwt3pqZDWFb3XI+UYyA/J5jKnnjbqF4GLgRWZaZ8jm/RphKs3CM43iJ843er2DQNECQnRs71UWIhZgla6NI9wmcvKadR9tjwMbHnrRoL3KIokW0P8wLn3jg0MOTjjDUuY62zJYvRmILHqtjF8P0T69OawxQs2qeG8IXxqxDtKfzd0SNKfG/ZGaSfiPNxrr5P6g==',
  replyRandom: '101112131415161718191a1b1c1d1e1f',
  replyPlaintext:
    '<xml><ToUserName><![CDATA[oUSER_openid_example_000001]]></ToUserName><FromUserName><![CDATA[gh_0123456789ab]]></FromUserName><CreateTime>1735689601</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[运单 SF1234567890 正在派送中]]></Content></xml>',
  replyEncrypt:
    'vIZFTPV3QYdtOmEcl0zhn3Y2OmRTMvjWfCwjqDR+OuvsrtBnaOYNpRp63TzJVaigFj0oPPs71CFfh7ftcdoOtZlJ5lvegK9l5XcFqZkesYdTygPQTd7ZlOuwZvQKPRfD8QocQ8Of7mngb9bbVoPxtkgVetLsls4tOXyBlxvpq/kX6hibIoVQU/zMQOcoTH4QoiwkHoSrIv+ry/lUQ+/YPWaehCYcsLu/EWabgkGTTngEdEVLlsVvl7DN1OSwMGznjHcZdjfYnVzswcRAekplJ1+grMcr1NynQ1BTndX+sih0AeZUp9CVgsKa+R+W105qBDNCA4HB1ZAvl1xWdICkFI9kVKx/tDa6Jem0wqHDqAcX/6su433o40DwXvzOCsIom+CluLLIWGJF0PC87OJqXwpGHphOyO194eTG0K4Kln8=',
  replyMsgSignature: '8faff2341502bb3fc2ff3d8d0854f6683e1840c6',
};
const envelope = (encrypt: string) => `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
const plainText =
  '<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oUSER_openid_example_000001]]></FromUserName><CreateTime>1735689600</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[查询快递 SF1234567890]]></Content><MsgId>24680135792468013</MsgId></xml>';

const clock = new ManualClock(Number(F.timestamp) * 1000);
const crypto = new WxBizMsgCrypt(F.key, F.appId);

const safeQuery = (): Record<string, string | undefined> => ({
  signature: F.signature,
  timestamp: F.timestamp,
  nonce: F.nonce,
  openid: F.openid,
  encrypt_type: 'aes',
  msg_signature: F.msgSignature,
});
const plainQuery = (): Record<string, string | undefined> => ({
  signature: F.signature,
  timestamp: F.timestamp,
  nonce: F.nonce,
  openid: F.openid,
});
/** A safe-mode request around any ciphertext, correctly signed: reaches the cipher. */
const signedSafe = (encrypt: string) => ({
  query: { ...safeQuery(), msg_signature: sha1Signature(F.token, F.timestamp, F.nonce, encrypt) },
  body: envelope(encrypt),
});

const open = (over: Partial<OaCallbackInput>) =>
  openOaCallback({ query: safeQuery(), body: envelope(F.encrypt), token: F.token, crypto, clock, windowSeconds: 300, maxBytes: 64 * 1024, ...over });

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    const e = err as { code?: string; statusCode?: number; name?: string };
    return `${e.name} ${e.code} ${e.statusCode}`;
  }
  return 'no error';
};
const refused = (code: string, status = 400) => `CourierError ${code} ${status}`;

const TEXT_MESSAGE = {
  key: 'wechat:msg:24680135792468013',
  channel: 'wechat',
  account: 'gh_0123456789ab',
  from: F.openid,
  at: 1_735_689_600_000,
  msgId: '24680135792468013',
  type: 'text',
  text: '查询快递 SF1234567890',
};

beforeEach(() => clock.set(Number(F.timestamp) * 1000));

describe('openOaCallback', () => {
  describe('safe mode (vector F)', () => {
    it('verifies, decrypts and parses the POST into a text message', () => {
      const { message, mode, fields } = open({});
      expect(mode).toBe('safe');
      expect(message).toEqual(TEXT_MESSAGE);
      expect(fields).toMatchObject({ Content: '查询快递 SF1234567890', MsgId: '24680135792468013' });
    });

    it('builds the encrypted passive reply of the vector exactly', () => {
      const xml = buildEncryptedReply(crypto, F.token, F.replyPlaintext, '1735689601', F.nonce, Buffer.from(F.replyRandom, 'hex'));
      expect(parseXml(xml, { maxBytes: 64 * 1024 })).toEqual({
        Encrypt: F.replyEncrypt,
        MsgSignature: F.replyMsgSignature,
        TimeStamp: '1735689601',
        Nonce: F.nonce,
      });
    });

    it('accepts an Encrypt whose "+" became spaces on the way', () => {
      expect(open({ body: envelope(F.encrypt.replace(/\+/g, ' ')) }).message).toEqual(TEXT_MESSAGE);
    });

    it('verifies both signatures of the doc JSON push (vector B), then refuses it as not XML', () => {
      const B = {
        token: 'AAAAA',
        timestamp: '1714112445',
        nonce: '415670741',
        encrypt:
          '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
      };
      const query = {
        signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
        timestamp: B.timestamp,
        nonce: B.nonce,
        encrypt_type: 'aes',
        msg_signature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
      };
      const bClock = new ManualClock(Number(B.timestamp) * 1000);
      const bCrypto = new WxBizMsgCrypt('A'.repeat(43), 'wxba5fad812f8e6fb9');
      const input = { query, body: envelope(B.encrypt), token: B.token, crypto: bCrypto, clock: bClock, windowSeconds: 300, maxBytes: 65536 };
      expect(refusal(() => openOaCallback(input))).toBe(refused('XML_INVALID'));
      // The same request with a wrong AppID fails one step earlier, proving decryption ran.
      expect(refusal(() => openOaCallback({ ...input, crypto: new WxBizMsgCrypt('A'.repeat(43), 'wx0000000000000000') }))).toBe(
        refused('RECEIVE_ID_MISMATCH'),
      );
    });
  });

  describe('authentication', () => {
    it('refuses a forged signature', () => {
      expect(refusal(() => open({ query: { ...safeQuery(), signature: `${F.signature.slice(0, -1)}6` } }))).toBe(refused('SIGNATURE_INVALID', 401));
    });

    it('refuses a forged msg_signature even when the plain signature is right', () => {
      expect(refusal(() => open({ query: { ...safeQuery(), msg_signature: `${F.msgSignature.slice(0, -1)}6` } }))).toBe(refused('SIGNATURE_INVALID', 401));
    });

    it('refuses a swapped Encrypt that the msg_signature does not cover', () => {
      const other = crypto.encrypt(plainText.replace('查询快递', '退款'));
      expect(refusal(() => open({ body: envelope(other) }))).toBe(refused('SIGNATURE_INVALID', 401));
    });

    it.each(['signature', 'timestamp', 'nonce', 'msg_signature'])('refuses a request without %s', (name) => {
      const query = safeQuery();
      delete query[name];
      expect(refusal(() => open({ query }))).toBe(refused('SIGNATURE_INVALID', 401));
    });

    it('refuses a repeated query parameter instead of picking one', () => {
      const query = { ...safeQuery(), signature: [F.signature, F.signature] as unknown as string };
      expect(refusal(() => open({ query }))).toBe(refused('SIGNATURE_INVALID', 401));
    });

    it('refuses an encrypt_type it does not know', () => {
      expect(refusal(() => open({ query: { ...safeQuery(), encrypt_type: 'des' } }))).toBe(refused('SIGNATURE_INVALID', 401));
    });

    it('refuses a stale timestamp, and checks it before the signature', () => {
      clock.advance(301_000);
      expect(refusal(() => open({}))).toBe(refused('TIMESTAMP_STALE'));
      expect(refusal(() => open({ query: { ...safeQuery(), signature: '0'.repeat(40) } }))).toBe(refused('TIMESTAMP_STALE'));
    });

    it('accepts a request that is late but inside the window', () => {
      clock.advance(290_000);
      expect(open({}).message).toEqual(TEXT_MESSAGE);
    });

    it('never parses the body of a request with a forged signature', () => {
      const lol = '<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]><xml>&a;</xml>';
      expect(refusal(() => open({ query: { ...plainQuery(), signature: '0'.repeat(40) }, body: lol }))).toBe(refused('SIGNATURE_INVALID', 401));
    });
  });

  describe('decryption', () => {
    it('refuses a ciphertext made for another AppID', () => {
      expect(refusal(() => open({ crypto: new WxBizMsgCrypt(F.key, 'wx0000000000000000') }))).toBe(refused('RECEIVE_ID_MISMATCH'));
      const foreign = new WxBizMsgCrypt(F.key, 'wx_someone_else').encrypt(plainText);
      expect(refusal(() => open(signedSafe(foreign)))).toBe(refused('RECEIVE_ID_MISMATCH'));
    });

    it('refuses bad base64 in Encrypt', () => {
      expect(refusal(() => open(signedSafe('not*base64')))).toBe(refused('DECRYPT_FAILED'));
      expect(refusal(() => open(signedSafe(F.encrypt.slice(0, -4))))).toBe(refused('DECRYPT_FAILED'));
    });

    it('refuses wrong padding', () => {
      const key = Buffer.from(`${F.key}=`, 'base64');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(Buffer.byteLength(plainText));
      const body = Buffer.concat([Buffer.alloc(16), len, Buffer.from(plainText), Buffer.from(F.appId)]);
      const pad = 32 - (body.length % 32);
      const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
      padded[padded.length - 2] = pad + 1; // last byte still valid, the one before it not
      const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
      const forged = Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
      expect(refusal(() => open(signedSafe(forged)))).toBe(refused('PADDING_INVALID'));
    });

    it('refuses encrypt_type=aes with a body that has no Encrypt', () => {
      expect(refusal(() => open({ body: plainText }))).toBe(refused('MESSAGE_INVALID'));
    });

    it('applies the DTD ban to the decrypted XML too', () => {
      const inner = '<!DOCTYPE xml [<!ENTITY a "b">]><xml><MsgType>text</MsgType></xml>';
      expect(refusal(() => open(signedSafe(crypto.encrypt(inner))))).toBe(refused('XML_ENTITY_FORBIDDEN'));
    });
  });

  describe('plain and compat mode', () => {
    it('parses a plaintext body signed with the plain signature', () => {
      expect(open({ query: plainQuery(), body: plainText })).toMatchObject({ mode: 'plain', message: TEXT_MESSAGE });
    });

    it('accepts encrypt_type=raw as plaintext', () => {
      expect(open({ query: { ...plainQuery(), encrypt_type: 'raw' }, body: plainText }).mode).toBe('plain');
    });

    it('uses the plaintext copy of a compat body that arrives without encrypt_type', () => {
      const body = plainText.replace('</xml>', `<Encrypt><![CDATA[${F.encrypt}]]></Encrypt></xml>`);
      expect(open({ query: plainQuery(), body })).toMatchObject({ mode: 'compat', message: TEXT_MESSAGE });
    });

    it('trusts the signed ciphertext over the unsigned plaintext of a compat body with encrypt_type=aes', () => {
      const tampered = plainText.replace('查询快递 SF1234567890', '全部退款').replace('</xml>', `<Encrypt><![CDATA[${F.encrypt}]]></Encrypt></xml>`);
      expect(open({ body: tampered })).toMatchObject({ mode: 'compat', message: TEXT_MESSAGE });
    });

    it('acknowledges an unknown MsgType as unknown instead of refusing it', () => {
      const body = plainText.replace('<![CDATA[text]]>', '<![CDATA[hologram]]>');
      expect(open({ query: plainQuery(), body }).message).toMatchObject({ type: 'unknown', rawType: 'hologram', key: 'wechat:msg:24680135792468013' });
    });
  });

  describe('hostile or broken bodies behind a valid signature', () => {
    it('refuses an entity-laden body (billion laughs)', () => {
      const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Content>&lol3;</Content></xml>`;
      expect(refusal(() => open({ query: plainQuery(), body: lol }))).toBe(refused('XML_ENTITY_FORBIDDEN'));
    });

    it('refuses an oversized body with 413', () => {
      const big = buildXml({ MsgType: 'text', Content: 'x'.repeat(70_000) });
      expect(refusal(() => open({ query: plainQuery(), body: big }))).toBe(refused('BODY_TOO_LARGE', 413));
    });

    it('refuses a root other than <xml>', () => {
      expect(refusal(() => open({ query: plainQuery(), body: plainText.replace(/<(\/?)xml>/g, '<$1root>') }))).toBe(refused('XML_INVALID'));
    });

    it('refuses malformed XML', () => {
      expect(refusal(() => open({ query: plainQuery(), body: plainText.slice(0, -3) }))).toBe(refused('XML_INVALID'));
    });

    it('refuses a message without MsgId', () => {
      expect(refusal(() => open({ query: plainQuery(), body: plainText.replace(/<MsgId>.*<\/MsgId>/, '') }))).toBe(refused('MESSAGE_INVALID'));
    });
  });
});

describe('verifyOaEcho', () => {
  // Vector A: the doc's URL verification request.
  const A = { token: 'AAAAA', timestamp: '1714037059', nonce: '486452656', signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78' };
  const aClock = new ManualClock(Number(A.timestamp) * 1000);
  beforeEach(() => aClock.set(Number(A.timestamp) * 1000));
  const query = () => ({ signature: A.signature, timestamp: A.timestamp, nonce: A.nonce, echostr: '5837397520665411161' });

  it('returns echostr verbatim for a correctly signed request (vector A1)', () => {
    expect(verifyOaEcho(query(), A.token, aClock, 300)).toBe('5837397520665411161');
  });

  it('refuses a forged signature', () => {
    expect(refusal(() => verifyOaEcho({ ...query(), signature: A.signature.replace('8', '9') }, A.token, aClock, 300))).toBe(refused('SIGNATURE_INVALID', 401));
  });

  it('refuses the right signature under another token', () => {
    expect(refusal(() => verifyOaEcho(query(), 'BBBBB', aClock, 300))).toBe(refused('SIGNATURE_INVALID', 401));
  });

  it('refuses a request without echostr or without a signature', () => {
    expect(refusal(() => verifyOaEcho({ ...query(), echostr: undefined }, A.token, aClock, 300))).toBe(refused('SIGNATURE_INVALID', 401));
    expect(refusal(() => verifyOaEcho({ ...query(), signature: undefined }, A.token, aClock, 300))).toBe(refused('SIGNATURE_INVALID', 401));
  });

  it('refuses a stale request', () => {
    aClock.advance(3_600_000);
    expect(refusal(() => verifyOaEcho(query(), A.token, aClock, 300))).toBe(refused('TIMESTAMP_STALE'));
  });
});
