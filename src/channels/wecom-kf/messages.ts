// Outgoing 微信客服 message bodies (PROTOCOL.md §5.3 send_msg, §5.4 send_msg_on_event) and their
// limits. A typed KfContent is turned into the wire's `{msgtype, <type>: {…}}` in one place.
import { createHash } from 'node:crypto';
import { render } from '../../lib/templates.js';
import type { JsonObject } from '../shared/http.js';

/** send_msg text content limit in UTF-8 bytes (§5.3). */
export const KF_TEXT_LIMIT_BYTES = 2048;

export type KfMenuItem =
  | { type: 'click'; id: string; content: string }
  | { type: 'view'; url: string; content: string }
  | { type: 'miniprogram'; appid: string; pagepath: string; content: string };

export type KfContent =
  | { msgtype: 'text'; text: string }
  | { msgtype: 'image'; mediaId: string }
  | { msgtype: 'msgmenu'; head?: string; items: KfMenuItem[]; tail?: string };

/** send_msg_on_event accepts only text and msgmenu (§5.4). */
export type KfEventContent = Extract<KfContent, { msgtype: 'text' | 'msgmenu' }>;

export function kfWire(c: KfContent): JsonObject {
  switch (c.msgtype) {
    case 'text':
      return { msgtype: 'text', text: { content: c.text } };
    case 'image':
      return { msgtype: 'image', image: { media_id: c.mediaId } };
    case 'msgmenu':
      return {
        msgtype: 'msgmenu',
        msgmenu: {
          ...(c.head ? { head_content: c.head } : {}),
          list: c.items.map(menuItem),
          ...(c.tail ? { tail_content: c.tail } : {}),
        },
      };
  }
}

function menuItem(i: KfMenuItem): JsonObject {
  switch (i.type) {
    case 'click':
      return { type: 'click', click: { id: i.id, content: i.content } };
    case 'view':
      return { type: 'view', view: { url: i.url, content: i.content } };
    case 'miniprogram':
      return { type: 'miniprogram', miniprogram: { appid: i.appid, pagepath: i.pagepath, content: i.content } };
  }
}

/**
 * A platform `msgid` (≤32 bytes of [0-9a-zA-Z_-], unique per kf account, §5.3) derived from one
 * of our keys, so a retried call names the same message.
 */
export function kfMsgId(key: string): string {
  return createHash('sha1').update(key).digest('hex').slice(0, 32);
}

const WELCOME_ITEMS = ['menu_track', 'menu_urge', 'menu_claim', 'menu_human'] as const;

/**
 * The enter_session welcome (templates/kf.yaml): a msgmenu whose click options come back as a
 * text message with `menu_id` = the option id and the option's text as content (§5.2).
 */
export function kfWelcome(): KfEventContent {
  const T = 'kf.yaml';
  return {
    msgtype: 'msgmenu',
    head: render(T, 'welcome_head'),
    items: WELCOME_ITEMS.map((id) => ({ type: 'click', id, content: render(T, id) })),
    tail: render(T, 'welcome_tail'),
  };
}
