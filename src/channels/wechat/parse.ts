// Official Account XML fields → InboundMessage (PROTOCOL.md §2.5 messages, §2.6 events). Runs once
// at the edge after verification and decryption; everything downstream sees only the zod-checked
// shape. Types the platform may add later become `unknown` rather than errors, so a new MsgType
// is acknowledged instead of retried three times (§2.3).
import { CourierError } from '../../domain/errors.js';
import { InboundMessage, type EventType } from '../../domain/inbound.js';

type Fields = Record<string, unknown>;
type Common = { channel: 'wechat'; account: string; from: string; at: number };

/** Platform event names, matched case-insensitively (the wire mixes `subscribe` and `CLICK`). */
const EVENTS = new Map<string, EventType>([
  ['subscribe', 'subscribe'],
  ['unsubscribe', 'unsubscribe'],
  ['scan', 'scan'],
  ['click', 'click'],
  ['view', 'view'],
  ['location', 'location'],
  ['scancode_push', 'scancode_push'],
  ['scancode_waitmsg', 'scancode_waitmsg'],
  ['pic_sysphoto', 'pic_sysphoto'],
  ['pic_photo_or_album', 'pic_photo_or_album'],
  ['pic_weixin', 'pic_weixin'],
  ['location_select', 'location_select'],
  ['templatesendjobfinish', 'template_send_finish'],
]);

const KNOWN_MESSAGES = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link']);

/** MsgId is a 64-bit integer: kept as its decimal string, never a JS number (§2.3). */
const MSG_ID = /^\d{1,20}$/;

export function parseOaMessage(fields: Fields): InboundMessage {
  const from = str(fields, 'FromUserName');
  const createTime = str(fields, 'CreateTime');
  const msgType = str(fields, 'MsgType');
  if (!from || !createTime || !msgType) throw invalid('FromUserName, CreateTime and MsgType are required');
  if (!/^\d{1,12}$/.test(createTime)) throw invalid('CreateTime is not an integer number of seconds');

  const common: Common = { channel: 'wechat', account: raw(fields, 'ToUserName') ?? '', from, at: Number(createTime) * 1000 };
  const candidate =
    msgType.toLowerCase() === 'event' ? eventOf(fields, common, createTime) : messageOf(fields, common, msgType, createTime);

  const parsed = InboundMessage.safeParse(defined(candidate));
  if (!parsed.success) {
    // Paths and zod's wording only: field values may be personal data.
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
    throw invalid(`${msgType} message does not match its schema: ${issues}`, parsed.error);
  }
  return parsed.data;
}

function messageOf(f: Fields, common: Common, msgType: string, createTime: string): Record<string, unknown> {
  const type = msgType.toLowerCase();
  const msgId = str(f, 'MsgId');
  if (!KNOWN_MESSAGES.has(type)) {
    // Dedupe still needs a key: MsgId when the platform sent one, else the event-style triple.
    const id = msgId && MSG_ID.test(msgId) ? msgId : undefined;
    const key = id ? `wechat:msg:${id}` : `wechat:evt:${common.from}:${createTime}:${msgType}`;
    return { ...common, key, type: 'unknown', rawType: msgType, msgId: id };
  }
  if (!msgId) throw invalid(`${msgType} message without MsgId`);
  if (!MSG_ID.test(msgId)) throw invalid('MsgId is not a decimal integer');
  const m = { ...common, key: `wechat:msg:${msgId}`, msgId };

  switch (type) {
    case 'text':
      // bizmsgmenuid: the customer tapped an option of a 客服 menu message.
      return { ...m, type: 'text', text: raw(f, 'Content'), menuId: str(f, 'bizmsgmenuid') };
    case 'image':
      return { ...m, type: 'image', mediaId: str(f, 'MediaId'), picUrl: str(f, 'PicUrl') };
    case 'voice':
      // Recognition is often empty (§2.5 note): '' means "no transcript", not a blank utterance.
      return { ...m, type: 'voice', mediaId: str(f, 'MediaId'), format: str(f, 'Format'), recognition: str(f, 'Recognition') };
    case 'video':
    case 'shortvideo':
      return { ...m, type: 'video', mediaId: str(f, 'MediaId'), thumbMediaId: str(f, 'ThumbMediaId'), short: type === 'shortvideo' };
    case 'location':
      return { ...m, type: 'location', lat: num(f, 'Location_X'), lng: num(f, 'Location_Y'), scale: num(f, 'Scale'), label: str(f, 'Label') };
    default: // 'link'
      return { ...m, type: 'link', title: raw(f, 'Title'), description: str(f, 'Description'), url: str(f, 'Url') };
  }
}

function eventOf(f: Fields, common: Common, createTime: string): Record<string, unknown> {
  const rawEvent = str(f, 'Event');
  if (!rawEvent) throw invalid('event without Event');
  const event = EVENTS.get(rawEvent.toLowerCase());
  // Events have no MsgId; FromUserName + CreateTime (+ Event) identify a retry (§2.3). Template
  // results carry MsgID (capital ID, §2.6) instead: two sends to one user may finish in one second.
  const templateId = event === 'template_send_finish' ? str(f, 'MsgID') : undefined;
  const instant = templateId && MSG_ID.test(templateId) ? templateId : createTime;
  // The EventKey joins the key: two different menu clicks within one second are two events, while
  // a platform retry repeats the same EventKey and still dedupes.
  const eventKey = str(f, 'EventKey');
  const key = `wechat:evt:${common.from}:${instant}:${rawEvent}${eventKey ? `:${eventKey}` : ''}`;
  if (!event) return { ...common, key, type: 'unknown', rawType: 'event', rawEvent };

  const e = { ...common, key, type: 'event', event, eventKey: str(f, 'EventKey') };
  switch (event) {
    case 'subscribe': {
      // Subscribing through a parametric QR code prefixes the scene (§2.6); SCAN sends it bare.
      const scene = e.eventKey?.startsWith('qrscene_') ? e.eventKey.slice('qrscene_'.length) : e.eventKey;
      return { ...e, eventKey: scene || undefined, ticket: str(f, 'Ticket') };
    }
    case 'scan':
      return { ...e, ticket: str(f, 'Ticket') };
    case 'location':
      return { ...e, lat: num(f, 'Latitude'), lng: num(f, 'Longitude'), precision: num(f, 'Precision') };
    case 'scancode_push':
    case 'scancode_waitmsg': {
      const info = group(f, 'ScanCodeInfo');
      return { ...e, scanType: info && str(info, 'ScanType'), scanResult: info && str(info, 'ScanResult') };
    }
    case 'pic_sysphoto':
    case 'pic_photo_or_album':
    case 'pic_weixin':
      return { ...e, picMd5s: picMd5s(f) };
    case 'location_select': {
      const info = group(f, 'SendLocationInfo');
      return {
        ...e,
        lat: info && num(info, 'Location_X'),
        lng: info && num(info, 'Location_Y'),
        label: info && (str(info, 'Label') ?? str(info, 'Poiname')),
      };
    }
    case 'template_send_finish':
      return { ...e, msgId: templateId, status: str(f, 'Status') };
    default: // unsubscribe, click, view: EventKey is all they carry
      return e;
  }
}

/** SendPicsInfo.PicList.item is one object for one picture and an array for several (§2.6). */
function picMd5s(f: Fields): string[] {
  const list = group(group(f, 'SendPicsInfo'), 'PicList');
  const items = list?.['item'];
  const all: unknown[] = Array.isArray(items) ? items : items === undefined ? [] : [items];
  return all.flatMap((item) => {
    const md5 = isRecord(item) ? str(item, 'PicMd5Sum') : undefined;
    return md5 ? [md5] : [];
  });
}

// ---- field access: xml2js gives strings, nested records, or arrays for repeated elements ----

const isRecord = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The element's text, '' included; undefined when absent, repeated or nested. */
function raw(f: Fields, name: string): string | undefined {
  const v = Object.hasOwn(f, name) ? f[name] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Like raw(), but an empty element counts as absent. */
function str(f: Fields, name: string): string | undefined {
  const v = raw(f, name);
  return v === '' ? undefined : v;
}

/** A decimal number; anything else becomes NaN so zod refuses the message. */
function num(f: Fields, name: string): number | undefined {
  const v = str(f, name);
  if (v === undefined) return undefined;
  const n = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : Number.NaN;
}

function group(f: Fields | undefined, name: string): Fields | undefined {
  const v = f && Object.hasOwn(f, name) ? f[name] : undefined;
  return isRecord(v) ? v : undefined;
}

/** Drops undefined entries so the parsed message carries only what the platform sent. */
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const invalid = (reason: string, cause?: unknown) => new CourierError('MESSAGE_INVALID', reason, 400, { cause });
