import { describe, expect, it } from 'vitest';
import { WxBizMsgCrypt } from '../../../src/channels/shared/aes.js';
import { sha1Signature } from '../../../src/channels/shared/signature.js';
import { openWecomCallback, verifyWecomEcho, type WecomAuth } from '../../../src/channels/wecom/verify.js';
import { ManualClock } from '../../../src/lib/clock.js';
import { D, E, envelope, type Vector } from './vectors.js';

const authAt = (v: Vector, ts: string): WecomAuth => ({
  token: v.token,
  crypto: new WxBizMsgCrypt(v.key, v.corpId),
  clock: new ManualClock(Number(ts) * 1000),
  windowSeconds: 300,
});
const echoQuery = (v: Vector) => ({ msg_signature: v.get.msgSignature, timestamp: v.get.timestamp, nonce: v.get.nonce, echostr: v.get.echostr });
const postQuery = (v: Vector) => ({ msg_signature: v.post.msgSignature, timestamp: v.post.timestamp, nonce: v.post.nonce });
const open = (v: Vector, query = postQuery(v), body = envelope(v)) =>
  openWecomCallback(query, body, { ...authAt(v, v.post.timestamp), maxBytes: 64 * 1024 });

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return { code: (e as { code?: string }).code, status: (e as { statusCode?: number }).statusCode };
  }
  return undefined;
};

describe.each([
  ['D (WeCom doc sample)', D],
  ['E (weworkapi_python Sample.py)', E],
])('vector %s', (_name, v) => {
  it('answers the GET verification with the decrypted echostr', () => {
    expect(verifyWecomEcho(echoQuery(v), authAt(v, v.get.timestamp))).toBe(v.get.plaintext);
  });

  it('restores a + that form decoding turned into a space before signing and decrypting', () => {
    const mangled = { ...echoQuery(v), echostr: v.get.echostr.replace(/\+/g, ' ') };
    expect(v.get.echostr).toContain('+');
    expect(verifyWecomEcho(mangled, authAt(v, v.get.timestamp))).toBe(v.get.plaintext);
  });

  it('opens the POST and parses the text message', () => {
    const { event } = open(v);
    expect(event).toMatchObject({
      type: 'text',
      corpId: v.corpId,
      agentId: v.agentId,
      from: v.post.from,
      text: v.post.content,
      msgId: v.post.msgId,
      key: `wecom:msg:${v.post.msgId}`,
      at: Number(v.post.timestamp) * 1000,
    });
  });

  it('refuses a forged GET msg_signature with 401', () => {
    expect(codeOf(() => verifyWecomEcho({ ...echoQuery(v), msg_signature: '0'.repeat(40) }, authAt(v, v.get.timestamp)))).toEqual({ code: 'SIGNATURE_INVALID', status: 401 });
  });

  it('refuses a stale GET timestamp', () => {
    const late = authAt(v, String(Number(v.get.timestamp) + 3600));
    expect(codeOf(() => verifyWecomEcho(echoQuery(v), late))?.code).toBe('TIMESTAMP_STALE');
  });

  it('refuses a POST whose Encrypt was altered (the signature no longer covers it)', () => {
    const altered = `${v.post.encrypt.slice(0, 10)}${v.post.encrypt[10] === 'A' ? 'B' : 'A'}${v.post.encrypt.slice(11)}`;
    expect(codeOf(() => open(v, postQuery(v), envelope(v, altered)))).toEqual({ code: 'SIGNATURE_INVALID', status: 401 });
  });

  it('refuses a POST without msg_signature, timestamp or nonce', () => {
    for (const drop of ['msg_signature', 'timestamp', 'nonce'] as const) {
      const q: Record<string, string | undefined> = { ...postQuery(v) };
      delete q[drop];
      expect(codeOf(() => open(v, q as ReturnType<typeof postQuery>))?.status).toBe(401);
    }
  });

  it('refuses a POST body that is not XML with 400', () => {
    expect(codeOf(() => open(v, postQuery(v), 'not xml'))).toEqual({ code: 'XML_INVALID', status: 400 });
  });
});

describe('WeCom callback receive-id', () => {
  it('refuses ciphertext made for another CorpID, correctly signed', () => {
    const foreign = new WxBizMsgCrypt(D.key, 'ww_other_corp').encrypt('<xml><MsgType>text</MsgType></xml>');
    const ts = D.post.timestamp;
    const query = { msg_signature: sha1Signature(D.token, ts, '1', foreign), timestamp: ts, nonce: '1' };
    expect(codeOf(() => open(D, query, envelope(D, foreign)))?.code).toBe('RECEIVE_ID_MISMATCH');
  });

  it('refuses a DOCTYPE in the envelope before anything is decrypted', () => {
    const body = `<!DOCTYPE x [<!ENTITY a "b">]>${envelope(D)}`;
    expect(codeOf(() => open(D, postQuery(D), body))?.code).toBe('XML_ENTITY_FORBIDDEN');
  });
});
