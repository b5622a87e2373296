// Pure rules of the emulated 微信客服 platform: error bodies (PROTOCOL.md §4.6, §5.7) and the
// outgoing message checks of send_msg / send_msg_on_event (§5.3, §5.4). No state here.
import { randomBytes } from 'node:crypto';
import type { OaReply } from './oa-rules.js';

export type KfReply = OaReply;

export const KF_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system busy',
  40001: 'invalid secret',
  40008: 'invalid message type',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40058: 'invalid parameter',
  41001: 'access_token missing',
  42001: 'access_token expired',
  44004: 'text content is empty',
  45002: 'content size out of limit',
  45009: 'api freq out of limit',
  47001: 'data format error',
  95000: 'invalid open_kfid',
  95001: 'send msg count limit',
  95007: 'invalid msg token',
  95014: 'servicer not in receiving status or not activated',
  95016: 'service state transition not allowed',
  95018: 'send msg session status invalid',
};

/** An error body; errmsg ends with a hint like the real one, so nobody matches on it (§4.6). */
export function kfError(errcode: number, hint?: string): KfReply {
  const msg = KF_ERRMSG[errcode] ?? 'error';
  return { errcode, errmsg: `${msg}${hint ? `, hint: [${hint}]` : ''} from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode} rid: ${randomBytes(6).toString('hex')}` };
}

export const kfOk = (extra: Record<string, unknown> = {}): KfReply => ({ errcode: 0, errmsg: 'ok', ...extra });

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export interface KfSentContent {
  kind: string;
  /** Searchable text for the Outbox ('' for a bare image). */
  text: string;
  mediaId?: string;
}

const MEDIA = new Set(['image', 'voice', 'video', 'file']);
/** msgid: ≤32 bytes of [0-9a-zA-Z_-] (§5.3). */
export const KF_MSGID = /^[0-9a-zA-Z_-]{1,32}$/;

/** The message part of a send body, or the errcode the platform answers for it. */
export function kfContent(b: Obj, allowed?: ReadonlySet<string>): KfSentContent | number {
  const kind = str(b.msgtype) ?? '';
  if (!kind || (allowed && !allowed.has(kind))) return 40008;
  const part = asObj(b[kind]);
  if (!part) return 47001;
  if (kind === 'text') {
    const text = str(part.content);
    if (!text) return 44004;
    return Buffer.byteLength(text, 'utf8') > 2048 ? 45002 : { kind, text };
  }
  if (MEDIA.has(kind)) {
    const mediaId = str(part.media_id);
    return mediaId ? { kind, text: '', mediaId } : 40058;
  }
  if (kind === 'msgmenu') {
    const list = Array.isArray(part.list) ? part.list : [];
    const items = list.map((i) => {
      const item = asObj(i);
      return str(asObj(item?.[str(item?.type) ?? ''])?.content);
    });
    if (!items.length || items.some((i) => i === undefined)) return 47001;
    return { kind, text: [str(part.head_content), ...items, str(part.tail_content)].filter(Boolean).join('\n') };
  }
  if (kind === 'link' || kind === 'miniprogram' || kind === 'location') {
    return { kind, text: [str(part.title), str(part.desc), str(part.name), str(part.address)].filter(Boolean).join('\n') };
  }
  return 40008;
}
