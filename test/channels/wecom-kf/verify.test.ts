// The 微信客服 callback edge: WeCom's msg_signature over echostr/Encrypt, decryption with the
// CorpID, the `+`/space pitfall (PROTOCOL.md §1, §10.5) and reading the kf_msg_or_event nudge.
import { describe, expect, it } from 'vitest';
import { WxBizMsgCrypt } from '../../../src/channels/shared/aes.js';
import { sha1Signature } from '../../../src/channels/shared/signature.js';
import { buildXml } from '../../../src/channels/shared/xml.js';
import { openKfCallback, verifyKfEcho } from '../../../src/channels/wecom-kf/verify.js';
import { ManualClock } from '../../../src/lib/clock.js';
import { buildKfCallback, buildKfRawCallback } from '../../../src/sandbox/kf-callbacks.js';

// PROTOCOL.md §8 vector D (WeCom doc sample) and E (weworkapi_python Sample.py).
const D = {
  token: 'QDG6eK',
  key: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
  get: {
    msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  },
};
const E = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  key: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corpId: 'ww1436e0e65a779aee',
  post: { msg_signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e', timestamp: '1476422779', nonce: '1597212914' },
  encrypt:
    'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+',
};

const optsD = (clock = new ManualClock(Number(D.get.timestamp) * 1000)) => ({ token: D.token, crypto: new WxBizMsgCrypt(D.key, D.corpId), clock, windowSeconds: 300 });

describe('GET /wecom/kf (verifyKfEcho)', () => {
  it('answers the decrypted echostr of the WeCom doc vector', () => {
    expect(verifyKfEcho(D.get, optsD())).toBe('1616140317555161061');
  });

  it('restores a raw + that form decoding turned into a space', () => {
    expect(verifyKfEcho({ ...D.get, echostr: D.get.echostr.replace(/\+/g, ' ') }, optsD())).toBe('1616140317555161061');
  });

  it('refuses a wrong signature, a stale timestamp, a missing echostr and another CorpID', () => {
    expect(() => verifyKfEcho({ ...D.get, msg_signature: '0'.repeat(40) }, optsD())).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID', statusCode: 401 }));
    expect(() => verifyKfEcho(D.get, optsD(new ManualClock((Number(D.get.timestamp) + 3600) * 1000)))).toThrow(expect.objectContaining({ code: 'TIMESTAMP_STALE' }));
    expect(() => verifyKfEcho({ ...D.get, echostr: undefined }, optsD())).toThrow(expect.objectContaining({ statusCode: 401 }));
    const other = { ...optsD(), crypto: new WxBizMsgCrypt(D.key, 'ww_someone_else') };
    expect(() => verifyKfEcho(D.get, other)).toThrow(expect.objectContaining({ code: 'RECEIVE_ID_MISMATCH', statusCode: 400 }));
  });
});

describe('POST /wecom/kf (openKfCallback)', () => {
  const key = 'SandboxWeComCourierKefuKey0123456789abcdefA';
  const corpId = 'ww5a4db0c0ffee0001';
  const crypto = new WxBizMsgCrypt(key, corpId);
  const clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
  const now = Math.floor(clock.now() / 1000);
  const base = { token: 'kftoken', crypto, clock, windowSeconds: 300, maxBytes: 64 * 1024 };
  const nudge = (over: Partial<Parameters<typeof buildKfCallback>[0]> = {}) =>
    buildKfCallback({ token: 'kftoken', crypto, corpId, openKfId: 'wkAccount01', syncToken: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', createTime: now, ...over });

  it('reads the nudge: OpenKfId and the sync Token, no content', () => {
    const cb = nudge();
    expect(openKfCallback({ ...base, query: cb.query, body: cb.body })).toEqual({
      kind: 'nudge',
      openKfId: 'wkAccount01',
      syncToken: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR',
      createTime: now,
    });
  });

  it('verifies the weworkapi_python POST vector and acknowledges a non-kf message as ignored', () => {
    const body = buildXml({ ToUserName: E.corpId, AgentID: '1000002', Encrypt: E.encrypt });
    const clockE = new ManualClock(Number(E.post.timestamp) * 1000);
    const r = openKfCallback({ token: E.token, crypto: new WxBizMsgCrypt(E.key, E.corpId), clock: clockE, windowSeconds: 300, maxBytes: 65536, query: E.post, body });
    expect(r).toEqual({ kind: 'ignored', msgType: 'text' });
  });

  it('refuses forged, stale and replayed-elsewhere callbacks', () => {
    const cb = nudge();
    expect(() => openKfCallback({ ...base, query: { ...cb.query, msg_signature: 'f'.repeat(40) }, body: cb.body })).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
    expect(() => openKfCallback({ ...base, query: { ...cb.query, timestamp: String(now - 3600) }, body: cb.body })).toThrow(expect.objectContaining({ code: 'TIMESTAMP_STALE' }));
    expect(() => openKfCallback({ ...base, token: 'othertoken', query: cb.query, body: cb.body })).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
  });

  it('refuses malformed bodies and nudges without Token or OpenKfId', () => {
    const cb = nudge();
    expect(() => openKfCallback({ ...base, query: cb.query, body: '<xml><Encrypt>' })).toThrow(expect.objectContaining({ code: 'XML_INVALID' }));
    expect(() => openKfCallback({ ...base, query: cb.query, body: '<xml><ToUserName>x</ToUserName></xml>' })).toThrow(expect.objectContaining({ code: 'MESSAGE_INVALID' }));
    const raw = (plaintext: string) => buildKfRawCallback({ token: 'kftoken', crypto, corpId, createTime: now, plaintext });
    const noToken = raw(buildXml({ ToUserName: corpId, CreateTime: now, MsgType: 'event', Event: 'kf_msg_or_event', OpenKfId: 'wkAccount01' }));
    expect(() => openKfCallback({ ...base, query: noToken.query, body: noToken.body })).toThrow(expect.objectContaining({ code: 'MESSAGE_INVALID' }));
    const badId = raw(buildXml({ ToUserName: corpId, MsgType: 'event', Event: 'kf_msg_or_event', Token: 't', OpenKfId: 'wk bad/id' }));
    expect(() => openKfCallback({ ...base, query: badId.query, body: badId.body })).toThrow(expect.objectContaining({ code: 'MESSAGE_INVALID' }));
  });

  it('accepts an Encrypt whose inner + signs were decoded to spaces', () => {
    // (A leading one would be trimmed away as whitespace by the XML parser; none survives that.)
    const inner = (b: string) => /CDATA\[[^+\]][^\]]*\+/.test(b.slice(b.indexOf('<Encrypt>')));
    let cb = nudge();
    for (let i = 0; i < 200 && !inner(cb.body); i++) cb = nudge();
    expect(inner(cb.body)).toBe(true);
    const [head, tail] = [cb.body.slice(0, cb.body.indexOf('<Encrypt>') + 18), cb.body.slice(cb.body.indexOf('<Encrypt>') + 18)];
    const body = head + tail.replace(/\+/g, ' ');
    expect(openKfCallback({ ...base, query: cb.query, body }).kind).toBe('nudge');
  });

  it('signs what it verifies: sha1(sort(token, timestamp, nonce, Encrypt))', () => {
    const cb = nudge({ nonce: '12345' });
    const encrypt = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(cb.body)![1]!;
    expect(cb.query.msg_signature).toBe(sha1Signature('kftoken', String(now), '12345', encrypt));
  });
});
