// The WeCom side of a 微信客服 callback: builds exactly the request WeCom would send to /wecom/kf
// (PROTOCOL.md §4.2, §5.1) — `msg_signature, timestamp, nonce` in the query, the nudge XML
// encrypted with the CorpID as receive-id (§1). Posting it into the real webhook exercises the same
// verification code as production.
import { randomBytes, randomInt } from 'node:crypto';
import type { WxBizMsgCrypt } from '../channels/shared/aes.js';
import { sha1Signature } from '../channels/shared/signature.js';
import { buildXml } from '../channels/shared/xml.js';

export interface KfCallbackOptions {
  token: string;
  /** Receive-id = CorpID. */
  crypto: WxBizMsgCrypt;
  corpId: string;
  openKfId: string;
  /** The sync Token the platform issued for this nudge. */
  syncToken: string;
  /** Seconds; also the query timestamp. */
  createTime: number;
  nonce?: string;
  random?: Buffer;
}

export interface KfCallbackRequest {
  query: Record<string, string>;
  /** `/wecom/kf?…`, ready to POST. */
  path: string;
  body: string;
}

const nonceOf = (n?: string) => n ?? String(randomInt(100_000_000, 10_000_000_000));

/** POST /wecom/kf: the kf_msg_or_event nudge (§5.1). */
export function buildKfCallback(o: KfCallbackOptions): KfCallbackRequest {
  const plaintext = buildXml({
    ToUserName: o.corpId,
    CreateTime: o.createTime,
    MsgType: 'event',
    Event: 'kf_msg_or_event',
    Token: o.syncToken,
    OpenKfId: o.openKfId,
  });
  return encrypted(o.token, o.crypto, o.corpId, plaintext, o.createTime, nonceOf(o.nonce), o.random);
}

/** POST /wecom/kf with any decrypted XML (tests: other events, malformed nudges). */
export function buildKfRawCallback(o: Omit<KfCallbackOptions, 'openKfId' | 'syncToken'> & { plaintext: string }): KfCallbackRequest {
  return encrypted(o.token, o.crypto, o.corpId, o.plaintext, o.createTime, nonceOf(o.nonce), o.random);
}

/** GET /wecom/kf URL verification: an encrypted random echostr (§4.2). */
export function buildKfEcho(o: { token: string; crypto: WxBizMsgCrypt; timestamp: number; echo?: string; nonce?: string }) {
  const echo = o.echo ?? String(randomInt(1, 2 ** 47)) + String(randomInt(1, 2 ** 20));
  const echostr = o.crypto.encrypt(echo, randomBytes(16));
  const timestamp = String(o.timestamp);
  const nonce = nonceOf(o.nonce);
  const query = { msg_signature: sha1Signature(o.token, timestamp, nonce, echostr), timestamp, nonce, echostr };
  return { echo, query, path: `/wecom/kf?${new URLSearchParams(query).toString()}` };
}

function encrypted(token: string, crypto: WxBizMsgCrypt, corpId: string, plaintext: string, createTime: number, nonce: string, random?: Buffer): KfCallbackRequest {
  const encrypt = crypto.encrypt(plaintext, random);
  const timestamp = String(createTime);
  const query = { msg_signature: sha1Signature(token, timestamp, nonce, encrypt), timestamp, nonce };
  // The kf callback body names no AgentID when the 微信客服 secret manages the account.
  const body = buildXml({ ToUserName: corpId, Encrypt: encrypt });
  return { query, path: `/wecom/kf?${new URLSearchParams(query).toString()}`, body };
}
