// Forged and malformed Official Account callbacks, and XML bombs. Some carry no or a wrong
// signature (what an outsider can send); others replay a valid query with a body of the attacker's
// choosing (the plain `signature` does not cover the body) or are even correctly signed and
// encrypted (an attacker with the token and key), so every layer — signature, replay window,
// cipher, XML parser, message schema — gets its share. None of them may be accepted.
import { randomBytes } from 'node:crypto';
import { WxBizMsgCrypt } from '../../../src/channels/shared/aes.js';
import { sha1Signature } from '../../../src/channels/shared/signature.js';
import { SANDBOX_DEFAULTS } from '../../../src/config/env.js';
import { buildXml } from '../../../src/channels/shared/xml.js';
import { sandboxCrypto } from './callbacks.js';

export interface Forgery {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  contentType: string;
  body?: string | Buffer;
}

const TOKEN = SANDBOX_DEFAULTS.WECHAT_TOKEN;
const ACCOUNT = SANDBOX_DEFAULTS.WECHAT_ACCOUNT_ID;
const otherAppCrypto = new WxBizMsgCrypt(SANDBOX_DEFAULTS.WECHAT_AES_KEY, 'wx0000000000000bad');

const now = () => String(Math.floor(Date.now() / 1000));
const nonce = () => String(100_000_000 + Math.floor(Math.random() * 1e9));
const qs = (q: Record<string, string>) => new URLSearchParams(q).toString();

/** A correctly signed plain-mode query (replayable with any body within the 300 s window). */
function signedQuery(ts = now(), n = nonce()): Record<string, string> {
  return { signature: sha1Signature(TOKEN, ts, n), timestamp: ts, nonce: n, openid: 'o_attacker' };
}

/** A fully valid safe-mode envelope around `inner` (what only a holder of the token and key can build). */
function safe(inner: string, crypto = sandboxCrypto): { path: string; body: string } {
  const q = signedQuery();
  const encrypt = crypto.encrypt(inner);
  return { path: `/wechat?${qs({ ...q, encrypt_type: 'aes', msg_signature: sha1Signature(TOKEN, q.timestamp!, q.nonce!, encrypt) })}`, body: buildXml({ ToUserName: ACCOUNT, Encrypt: encrypt }) };
}

const plain = (kind: string, body: string | Buffer, contentType = 'text/xml'): Forgery => ({ kind, method: 'POST', path: `/wechat?${qs(signedQuery())}`, contentType, body });
const sealed = (kind: string, inner: string, crypto?: WxBizMsgCrypt): Forgery => ({ kind, method: 'POST', contentType: 'text/xml', ...safe(inner, crypto) });

const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><xml><Content>&lol9;</Content></xml>`;
const xxe = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>gh</ToUserName><Content>&xxe;</Content></xml>';
const paramEntity = '<!DOCTYPE xml [<!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p;]><xml/>';
const deep = (depth: number) => `<xml>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</xml>`;
const wide = (n: number) => `<xml>${'<MsgType>text</MsgType>'.repeat(n)}</xml>`;
const valid = (fields: Record<string, string | number>) => buildXml({ ToUserName: ACCOUNT, FromUserName: 'o_attacker', CreateTime: Math.floor(Date.now() / 1000), ...fields });

/** The kinds, each a maker of one request (called again for fresh nonces and timestamps). */
export const FORGERIES: (() => Forgery)[] = [
  () => ({ kind: 'no query', method: 'POST', path: '/wechat', contentType: 'text/xml', body: valid({ MsgType: 'text', Content: 'hi', MsgId: '1' }) }),
  () => ({ kind: 'wrong signature', method: 'POST', path: `/wechat?${qs({ ...signedQuery(), signature: randomBytes(20).toString('hex') })}`, contentType: 'text/xml', body: valid({ MsgType: 'text', Content: 'hi', MsgId: '2' }) }),
  () => {
    const ts = String(Math.floor(Date.now() / 1000) - 3600);
    return { kind: 'stale timestamp', method: 'POST', path: `/wechat?${qs(signedQuery(ts))}`, contentType: 'text/xml', body: valid({ MsgType: 'text', Content: 'hi', MsgId: '3' }) };
  },
  () => ({ kind: 'future timestamp', method: 'POST', path: `/wechat?${qs(signedQuery(String(Math.floor(Date.now() / 1000) + 3600)))}`, contentType: 'text/xml', body: '<xml/>' }),
  () => ({ kind: 'repeated signature param', method: 'POST', path: `/wechat?${qs(signedQuery())}&signature=${'0'.repeat(40)}`, contentType: 'text/xml', body: '<xml/>' }),
  () => ({ kind: 'huge nonce', method: 'POST', path: `/wechat?${qs({ ...signedQuery(), nonce: '9'.repeat(6000) })}`, contentType: 'text/xml', body: '<xml/>' }),
  () => ({ kind: 'aes without msg_signature', method: 'POST', path: `/wechat?${qs({ ...signedQuery(), encrypt_type: 'aes' })}`, contentType: 'text/xml', body: buildXml({ ToUserName: ACCOUNT, Encrypt: sandboxCrypto.encrypt(valid({ MsgType: 'text', Content: 'x', MsgId: '4' })) }) }),
  () => {
    const q = signedQuery();
    return { kind: 'wrong msg_signature', method: 'POST', path: `/wechat?${qs({ ...q, encrypt_type: 'aes', msg_signature: sha1Signature(TOKEN, q.timestamp!, q.nonce!, 'other') })}`, contentType: 'text/xml', body: buildXml({ ToUserName: ACCOUNT, Encrypt: sandboxCrypto.encrypt(valid({ MsgType: 'text', Content: 'x', MsgId: '5' })) }) };
  },
  () => {
    const q = signedQuery();
    const enc = randomBytes(48).toString('base64').replace(/=+$/, '!');
    return { kind: 'signed garbage ciphertext', method: 'POST', path: `/wechat?${qs({ ...q, encrypt_type: 'aes', msg_signature: sha1Signature(TOKEN, q.timestamp!, q.nonce!, enc) })}`, contentType: 'text/xml', body: buildXml({ ToUserName: ACCOUNT, Encrypt: enc }) };
  },
  () => {
    const q = signedQuery();
    const enc = randomBytes(64).toString('base64'); // base64, whole blocks, wrong key: bad padding
    return { kind: 'signed undecryptable ciphertext', method: 'POST', path: `/wechat?${qs({ ...q, encrypt_type: 'aes', msg_signature: sha1Signature(TOKEN, q.timestamp!, q.nonce!, enc) })}`, contentType: 'text/xml', body: buildXml({ ToUserName: ACCOUNT, Encrypt: enc }) };
  },
  () => sealed('ciphertext for another AppID', valid({ MsgType: 'text', Content: 'x', MsgId: '6' }), otherAppCrypto),
  () => sealed('encrypted billion laughs', laughs),
  () => sealed('encrypted XXE', xxe),
  () => sealed('encrypted non-XML', 'this is not xml at all'),
  () => sealed('encrypted XML without fields', '<xml><Foo>bar</Foo></xml>'),
  () => sealed('encrypted message with a bad CreateTime', buildXml({ ToUserName: ACCOUNT, FromUserName: 'o_attacker', CreateTime: 'yesterday', MsgType: 'text', Content: 'x', MsgId: '7' })),
  () => sealed('encrypted text without MsgId', valid({ MsgType: 'text', Content: 'x' })),
  () => sealed('encrypted text with a non-numeric MsgId', valid({ MsgType: 'text', Content: 'x', MsgId: '12ab' })),
  () => plain('billion laughs', laughs),
  () => plain('XXE (external entity)', xxe),
  () => plain('parameter entity', paramEntity),
  () => plain('DOCTYPE in lower case', laughs.replace('<!DOCTYPE', '<!doctype')),
  () => plain('deep nesting (8,000)', deep(8000)),
  () => plain('wide (2,500 repeated fields)', wide(2500)),
  () => plain('oversized body (200 KiB)', `<xml><Content><![CDATA[${'A'.repeat(200 * 1024)}]]></Content></xml>`),
  () => plain('broken XML', '<xml><MsgType>text</MsgType><Content>unclosed'),
  () => plain('two roots', '<xml></xml><xml></xml>'),
  () => plain('wrong root', '<root><MsgType>text</MsgType></root>'),
  () => plain('invalid UTF-8', Buffer.concat([Buffer.from('<xml><Content>'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('</Content></xml>')])),
  () => plain('NUL bytes', '<xml>\u0000\u0000<MsgType>text</MsgType></xml>'),
  () => plain('JSON body', JSON.stringify({ MsgType: 'text', Content: 'hi' }), 'application/json'),
  () => plain('form body', 'a=1&b=2', 'application/x-www-form-urlencoded'),
  () => plain('text without MsgId', valid({ MsgType: 'text', Content: 'x' })),
  () => plain('message from nowhere', valid({ MsgType: 'text', Content: 'x', MsgId: '8' }).replace(/<FromUserName>.*?<\/FromUserName>/, '')),
  () => ({ kind: 'GET with a wrong signature', method: 'GET', path: `/wechat?${qs({ ...signedQuery(), signature: '0'.repeat(40), echostr: 'x' })}`, contentType: 'text/plain' }),
  () => ({ kind: 'GET without echostr', method: 'GET', path: `/wechat?${qs(signedQuery())}`, contentType: 'text/plain' }),
];
