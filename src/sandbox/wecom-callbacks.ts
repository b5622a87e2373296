// The sandbox side of a WeCom app callback: builds exactly the request WeCom would POST to /wecom
// (PROTOCOL.md §4.2) — query msg_signature, timestamp, nonce; body `<xml><ToUserName/><AgentID/>
// <Encrypt/></xml>` with the member's message encrypted for the CorpID — and the GET verification
// request. The WeCom variant of callbacks.ts; posting it exercises production verification code.
import { randomInt } from 'node:crypto';
import type { WxBizMsgCrypt } from '../channels/shared/aes.js';
import { sha1Signature } from '../channels/shared/signature.js';
import { buildXml, type XmlFields, type XmlValue } from '../channels/shared/xml.js';

export interface WecomCallbackOptions {
  token: string;
  /** Made with the CorpID as receive-id. */
  crypto: WxBizMsgCrypt;
  corpId: string;
  agentId: string;
  userid: string;
  /** Seconds; also the query `timestamp`. */
  createTime: number;
  nonce?: string;
  /** The 16 random bytes of the ciphertext; fixed only to reproduce vectors. */
  random?: Buffer;
  /** MsgType and the type's fields. */
  fields: XmlFields;
}

export interface WecomCallbackRequest {
  query: Record<string, string>;
  /** `/wecom?…`, ready to POST. */
  path: string;
  body: string;
}

const nonceOf = (n?: string) => n ?? String(randomInt(100_000_000, 10_000_000_000));

export function buildWecomCallback(o: WecomCallbackOptions): WecomCallbackRequest {
  const timestamp = String(o.createTime);
  const nonce = nonceOf(o.nonce);
  const plaintext = buildXml({ ToUserName: o.corpId, FromUserName: o.userid, CreateTime: o.createTime, ...onTheWire(o.fields), AgentID: Number(o.agentId) });
  const encrypted = o.crypto.encrypt(plaintext, o.random);
  const query = { msg_signature: sha1Signature(o.token, timestamp, nonce, encrypted), timestamp, nonce };
  const body = buildXml({ ToUserName: o.corpId, AgentID: Number(o.agentId), Encrypt: encrypted });
  return { query, path: `/wecom?${new URLSearchParams(query).toString()}`, body };
}

/** GET /wecom URL verification: an encrypted echostr the webhook must answer decrypted. */
export function buildWecomEcho(o: { token: string; crypto: WxBizMsgCrypt; timestamp: number; echo: string; nonce?: string }): WecomCallbackRequest {
  const timestamp = String(o.timestamp);
  const nonce = nonceOf(o.nonce);
  const echostr = o.crypto.encrypt(o.echo);
  const query = { msg_signature: sha1Signature(o.token, timestamp, nonce, echostr), timestamp, nonce, echostr };
  return { query, path: `/wecom?${new URLSearchParams(query).toString()}`, body: '' };
}

/** 64-bit ids go on the wire as bare digits. */
function onTheWire(fields: XmlFields): XmlFields {
  const out: Record<string, XmlValue> = { ...fields };
  const v = out['MsgId'];
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) out['MsgId'] = BigInt(v);
  return out;
}

// ---- field helpers, one per MsgType / Event (names as in §4.2, §4.4) ----

export const wecomTextFields = (text: string, msgId: string): XmlFields => ({ MsgType: 'text', Content: text, MsgId: msgId });

export const wecomImageFields = (mediaId: string, picUrl: string, msgId: string): XmlFields => ({
  MsgType: 'image',
  PicUrl: picUrl,
  MediaId: mediaId,
  MsgId: msgId,
});

export const enterAgentFields = (): XmlFields => ({ MsgType: 'event', Event: 'enter_agent', EventKey: '' });

/**
 * A button click on a template card. `spelling` picks the option nodes of a selection:
 * `Opiton` is the doc/SDK spelling (sic), `Option` the corrected one (§4.4 ⚠).
 */
export function cardClickFields(
  c: { taskId: string; key: string; responseCode: string; cardType?: string; selected?: { questionKey: string; optionIds: string[] }[] },
  spelling: 'Opiton' | 'Option' = 'Opiton',
): XmlFields {
  const item = (s: { questionKey: string; optionIds: string[] }): XmlFields => {
    const options: XmlFields = { [`${spelling}Id`]: s.optionIds };
    return { QuestionKey: s.questionKey, [`${spelling}Ids`]: options };
  };
  const selected: XmlFields = c.selected?.length ? { SelectedItems: { SelectedItem: c.selected.map(item) } } : {};
  return {
    MsgType: 'event',
    Event: 'template_card_event',
    EventKey: c.key,
    TaskId: c.taskId,
    CardType: c.cardType ?? 'button_interaction',
    ResponseCode: c.responseCode,
    ...selected,
  };
}
