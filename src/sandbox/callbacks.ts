// The sandbox "phone" side of an Official Account callback: builds exactly the request WeChat
// would POST to /wechat — query signature, timestamp, nonce and openid, plus encrypt_type and
// msg_signature in safe/compat mode (PROTOCOL.md §2.2), and the XML body of §2.5–2.6. Posting it
// into the real webhook exercises the same verification code as production.
import { randomInt } from 'node:crypto';
import type { WxBizMsgCrypt } from '../channels/shared/aes.js';
import { sha1Signature } from '../channels/shared/signature.js';
import { buildXml, type XmlFields, type XmlValue } from '../channels/shared/xml.js';

export type OaCallbackMode = 'safe' | 'plain' | 'compat';

export interface OaCallbackOptions {
  token: string;
  crypto: WxBizMsgCrypt;
  /** Our gh_ id: the message's ToUserName. */
  accountId: string;
  openid: string;
  /** Seconds; also used as the query `timestamp`. */
  createTime: number;
  /** Defaults to 'safe', the recommended mode. */
  mode?: OaCallbackMode;
  nonce?: string;
  /** The 16 random bytes of the ciphertext; fixed only to reproduce test vectors. */
  random?: Buffer;
  /** MsgType and the type's fields; nested objects (SendPicsInfo…) become nested XML. */
  fields: XmlFields;
}

export interface OaCallbackRequest {
  query: Record<string, string>;
  /** `/wechat?…`, ready to POST. */
  path: string;
  body: string;
}

export function buildOaCallback(o: OaCallbackOptions): OaCallbackRequest {
  const mode = o.mode ?? 'safe';
  const timestamp = String(o.createTime);
  // WeChat's nonces are 9–10 digit strings.
  const nonce = o.nonce ?? String(randomInt(100_000_000, 10_000_000_000));
  const plainFields: XmlFields = {
    ToUserName: o.accountId,
    FromUserName: o.openid,
    CreateTime: o.createTime,
    ...onTheWire(o.fields),
  };
  const plaintext = buildXml(plainFields);
  const query: Record<string, string> = {
    signature: sha1Signature(o.token, timestamp, nonce),
    timestamp,
    nonce,
    openid: o.openid,
  };

  let body = plaintext;
  if (mode !== 'plain') {
    const encrypted = o.crypto.encrypt(plaintext, o.random);
    query['encrypt_type'] = 'aes';
    query['msg_signature'] = sha1Signature(o.token, timestamp, nonce, encrypted);
    // Safe mode sends only ToUserName and Encrypt; compat mode adds Encrypt to the plaintext (§2.2).
    body = buildXml(mode === 'safe' ? { ToUserName: o.accountId, Encrypt: encrypted } : { ...plainFields, Encrypt: encrypted });
  }
  return { query, path: `/wechat?${new URLSearchParams(query).toString()}`, body };
}

/** The platform writes 64-bit ids as bare digits; a decimal string id is sent the same way. */
function onTheWire(fields: XmlFields): XmlFields {
  const out: Record<string, XmlValue> = { ...fields };
  for (const name of ['MsgId', 'MsgID']) {
    const v = out[name];
    if (typeof v === 'string' && /^\d{1,20}$/.test(v)) out[name] = BigInt(v);
  }
  return out;
}

// ---- field helpers, one per MsgType / Event (field names and order as in §2.5–2.6) ----

export const textFields = (text: string, msgId: string): XmlFields => ({ MsgType: 'text', Content: text, MsgId: msgId });

export const imageFields = (mediaId: string, picUrl: string, msgId: string): XmlFields => ({
  MsgType: 'image',
  PicUrl: picUrl,
  MediaId: mediaId,
  MsgId: msgId,
});

/** `recognition` undefined leaves the field out (recognition off); '' sends it empty, as often seen. */
export const voiceFields = (mediaId: string, recognition: string | undefined, msgId: string, format = 'amr'): XmlFields => ({
  MsgType: 'voice',
  MediaId: mediaId,
  Format: format,
  ...(recognition === undefined ? {} : { Recognition: recognition }),
  MsgId: msgId,
});

export const videoFields = (mediaId: string, thumbMediaId: string, msgId: string, short = false): XmlFields => ({
  MsgType: short ? 'shortvideo' : 'video',
  MediaId: mediaId,
  ThumbMediaId: thumbMediaId,
  MsgId: msgId,
});

export interface Place {
  lat: number;
  lng: number;
  scale?: number;
  label?: string;
}

export const locationFields = (place: Place, msgId: string): XmlFields => ({
  MsgType: 'location',
  Location_X: place.lat,
  Location_Y: place.lng,
  Scale: place.scale ?? 15,
  Label: place.label ?? '',
  MsgId: msgId,
});

export const linkFields = (title: string, description: string, url: string, msgId: string): XmlFields => ({
  MsgType: 'link',
  Title: title,
  Description: description,
  Url: url,
  MsgId: msgId,
});

/** Any event by its wire name (`subscribe`, `CLICK`, `VIEW`…), with EventKey and extra fields. */
export const eventFields = (event: string, key?: string, extra: XmlFields = {}): XmlFields => ({
  MsgType: 'event',
  Event: event,
  ...(key === undefined ? {} : { EventKey: key }),
  ...extra,
});

/** Following through a parametric QR code sends `qrscene_<scene>` and the code's Ticket. */
export const subscribeFields = (scene?: string, ticket?: string): XmlFields =>
  scene === undefined ? eventFields('subscribe') : eventFields('subscribe', `qrscene_${scene}`, ticket ? { Ticket: ticket } : {});

export const locationEventFields = (lat: number, lng: number, precision: number): XmlFields =>
  eventFields('LOCATION', undefined, { Latitude: lat, Longitude: lng, Precision: precision });

export const scanCodeFields = (
  event: 'scancode_push' | 'scancode_waitmsg',
  key: string,
  scanResult: string,
  scanType = 'qrcode',
): XmlFields => eventFields(event, key, { ScanCodeInfo: { ScanType: scanType, ScanResult: scanResult } });

export const picsFields = (event: 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin', key: string, md5s: readonly string[]): XmlFields =>
  eventFields(event, key, {
    SendPicsInfo: { Count: md5s.length, PicList: { item: md5s.map((m) => ({ PicMd5Sum: m })) } },
  });

export const locationSelectFields = (key: string, place: Place & { poiname?: string }): XmlFields =>
  eventFields('location_select', key, {
    SendLocationInfo: {
      Location_X: place.lat,
      Location_Y: place.lng,
      Scale: place.scale ?? 15,
      Label: place.label ?? '',
      Poiname: place.poiname ?? '',
    },
  });

/** The result of a template message we sent (note MsgID with a capital ID, §2.6). */
export const templateFinishFields = (msgId: string, status = 'success'): XmlFields =>
  eventFields('TEMPLATESENDJOBFINISH', undefined, { MsgID: msgId, Status: status });
