// sync_msg `msg_list` items → what the channel does with them (PROTOCOL.md §5.2). Only what the
// WeChat customer sent (origin 3) becomes an InboundMessage; system events (msgtype `event`,
// origin 4) become KfEvents; what a servicer wrote in the WeCom client (origin 5) and anything
// unreadable is ignored — never thrown, so one odd item cannot block the cursor forever.
import { z } from 'zod';
import { InboundMessage } from '../../domain/inbound.js';

export interface KfEvent {
  msgid: string;
  /** `event.event_type`: enter_session, msg_send_fail, session_status_change, … */
  type: string;
  openKfId?: string;
  externalUserId?: string;
  /** send_time in epoch ms. */
  at: number;
  /** The `event` object as sent. */
  data: Record<string, unknown>;
}

export type KfItem =
  | { kind: 'message'; message: InboundMessage }
  /** enter_session also carries a message, so the conversation knows the customer arrived. */
  | { kind: 'event'; event: KfEvent; message?: InboundMessage }
  /** Not a turn. A servicer's text (origin 5) still carries what was said, for the chat's history. */
  | { kind: 'ignored'; msgid?: string; reason: string; servicer?: KfServicerText };

/** What a servicer wrote to a customer from the WeCom client (a human-served chat, §5.5 state 3). */
export interface KfServicerText {
  msgid: string;
  externalUserId: string;
  servicerUserId: string;
  text: string;
  at: number;
}

/** origin: 3 customer, 4 system event, 5 servicer via the WeCom client (§5.2). */
export const ORIGIN_CUSTOMER = 3;
export const ORIGIN_SERVICER = 5;

const Item = z.looseObject({
  msgid: z.string().min(1).max(256),
  open_kfid: z.string().min(1).optional(),
  external_userid: z.string().min(1).optional(),
  send_time: z.number().int().nonnegative(),
  origin: z.number().int(),
  msgtype: z.string().min(1),
});
type Obj = Record<string, unknown>;

export function normalizeKfItem(raw: unknown): KfItem {
  const parsed = Item.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored', reason: 'malformed msg_list item' };
  const it = parsed.data;
  const payload = obj(it[it.msgtype]);
  if (it.msgtype === 'event') return eventOf(it.msgid, it.send_time * 1000, payload);
  if (it.origin !== ORIGIN_CUSTOMER) return { kind: 'ignored', msgid: it.msgid, reason: `origin ${it.origin}`, ...servicerText(it, payload) };
  if (!it.open_kfid || !it.external_userid) return { kind: 'ignored', msgid: it.msgid, reason: 'customer message without ids' };

  const base = { key: `wecom-kf:msg:${it.msgid}`, channel: 'wecom-kf', account: it.open_kfid, from: it.external_userid, at: it.send_time * 1000, msgId: it.msgid };
  const candidate = messageOf(it.msgtype, payload);
  if (!candidate) return { kind: 'ignored', msgid: it.msgid, reason: `unsupported msgtype ${it.msgtype}` };
  const msg = InboundMessage.safeParse({ ...base, ...candidate });
  // Paths only in the reason: field values may be personal data.
  if (!msg.success) return { kind: 'ignored', msgid: it.msgid, reason: `bad ${it.msgtype}: ${msg.error.issues.map((i) => i.path.join('.')).join(', ')}` };
  return { kind: 'message', message: msg.data };
}

function messageOf(type: string, p: Obj): Obj | undefined {
  switch (type) {
    case 'text':
      // menu_id: the customer tapped an option of a msgmenu we sent (§5.2).
      return { type: 'text', text: p.content, menuId: str(p.menu_id) };
    case 'image':
      return { type: 'image', mediaId: p.media_id };
    case 'voice':
      // 微信客服 has no speech recognition: a voice is only a media_id. The sandbox emulator adds
      // `voice.recognition` to stand in for the ASR step the bot would run on the downloaded
      // media; the real platform never sends it, so production voices arrive without transcript.
      return { type: 'voice', mediaId: p.media_id, format: 'amr', recognition: str(p.recognition) };
    case 'video':
      return { type: 'video', mediaId: p.media_id, short: false };
    case 'file':
      return { type: 'file', mediaId: p.media_id };
    case 'location': {
      const label = [str(p.name), str(p.address)].filter(Boolean).join(' ');
      return { type: 'location', lat: p.latitude, lng: p.longitude, ...(label ? { label } : {}) };
    }
    case 'link':
      return { type: 'link', title: p.title, description: str(p.desc), url: p.url };
    default:
      return undefined; // business_card, miniprogram, msgmenu, channels… (not handled yet)
  }
}

function eventOf(msgid: string, at: number, e: Obj): KfItem {
  const type = str(e.event_type);
  if (!type) return { kind: 'ignored', msgid, reason: 'event without event_type' };
  const openKfId = str(e.open_kfid);
  const externalUserId = str(e.external_userid);
  const event: KfEvent = { msgid, type, at, data: e, ...(openKfId ? { openKfId } : {}), ...(externalUserId ? { externalUserId } : {}) };
  if (type !== 'enter_session' || !openKfId || !externalUserId) return { kind: 'event', event };
  const message = InboundMessage.safeParse({
    key: `wecom-kf:msg:${msgid}`,
    channel: 'wecom-kf',
    account: openKfId,
    from: externalUserId,
    at,
    msgId: msgid,
    type: 'event',
    event: 'enter_session',
    // The add_contact_way scene; scene_param stays in the event record (§5.6).
    eventKey: str(e.scene),
  });
  return message.success ? { kind: 'event', event, message: message.data } : { kind: 'event', event };
}

function servicerText(it: z.infer<typeof Item>, p: Obj): { servicer: KfServicerText } | Record<string, never> {
  const servicerUserId = str(it.servicer_userid);
  const text = str(p.content);
  if (it.origin !== ORIGIN_SERVICER || it.msgtype !== 'text' || !it.external_userid || !servicerUserId || !text) return {};
  return { servicer: { msgid: it.msgid, externalUserId: it.external_userid, servicerUserId, text, at: it.send_time * 1000 } };
}

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
