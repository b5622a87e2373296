// One channel-free shape for every inbound customer message or event, parsed once at the edge
// (channels/*/parse.ts) and checked with zod. Job payloads carry only `key` and `conversationId`;
// the message itself is kept in Redis (intake/inbox).
import { z } from 'zod';

export const ChannelName = z.enum(['wechat', 'wecom-kf']);
export type ChannelName = z.infer<typeof ChannelName>;

export const EventType = z.enum([
  'subscribe',
  'unsubscribe',
  'scan',
  'click',
  'view',
  'location',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'template_send_finish',
  'enter_session',
]);
export type EventType = z.infer<typeof EventType>;

const base = {
  /** Dedupe key: `wechat:msg:<MsgId>` or `wechat:evt:<FromUserName>:<CreateTime>:<Event>`. */
  key: z.string().min(1),
  channel: ChannelName,
  /** Our account on the platform (OA: the gh_ id; kf: open_kfid). */
  account: z.string(),
  /** The customer: OA openid or kf external_userid. */
  from: z.string().min(1),
  /** Platform CreateTime in milliseconds. */
  at: z.number().int().nonnegative(),
  /** Platform message id as a string (64-bit, exceeds 2^53). */
  msgId: z.string().optional(),
};

export const InboundMessage = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text'), text: z.string(), menuId: z.string().optional() }),
  z.object({ ...base, type: z.literal('image'), mediaId: z.string(), picUrl: z.string().optional() }),
  z.object({
    ...base,
    type: z.literal('voice'),
    mediaId: z.string(),
    format: z.string().optional(),
    /** The platform's speech recognition; often empty (PROTOCOL.md §2.5 note). */
    recognition: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('video'), mediaId: z.string(), thumbMediaId: z.string().optional(), short: z.boolean() }),
  /** A file the customer sent (微信客服 only, PROTOCOL.md §5.2); the media_id is kept ~3 days. */
  z.object({ ...base, type: z.literal('file'), mediaId: z.string() }),
  z.object({
    ...base,
    type: z.literal('location'),
    lat: z.number(),
    lng: z.number(),
    scale: z.number().optional(),
    label: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('link'), title: z.string(), description: z.string().optional(), url: z.string() }),
  z.object({
    ...base,
    type: z.literal('event'),
    event: EventType,
    /** EventKey: menu key, scene (without qrscene_), URL for VIEW. */
    eventKey: z.string().optional(),
    ticket: z.string().optional(),
    scanResult: z.string().optional(),
    scanType: z.string().optional(),
    picMd5s: z.array(z.string()).optional(),
    lat: z.number().optional(),
    lng: z.number().optional(),
    precision: z.number().optional(),
    label: z.string().optional(),
    /** TEMPLATESENDJOBFINISH Status. */
    status: z.string().optional(),
  }),
  /** Anything the platform may add later: acknowledged and logged, never thrown. */
  z.object({ ...base, type: z.literal('unknown'), rawType: z.string(), rawEvent: z.string().optional() }),
]);
export type InboundMessage = z.infer<typeof InboundMessage>;

export const conversationIdOf = (m: Pick<InboundMessage, 'channel' | 'from'>) => `${m.channel}:${m.from}`;
