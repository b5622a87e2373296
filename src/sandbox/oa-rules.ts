// Pure rules of the emulated Official Account: error bodies as the platform writes them
// (PROTOCOL.md §3.7), API names, and the custom-menu checks of §3.6. No state here.
import { randomBytes } from 'node:crypto';
import { KEY_TYPES as MENU_KEY_TYPES } from '../channels/wechat/menu.js';

export interface OaReply {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

export const OA_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  41001: 'access_token missing',
  41005: 'media data missing',
  42001: 'access_token expired',
  43004: 'require subscribe',
  44002: 'empty post data',
  44004: 'text content is empty',
  45002: 'content size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
  45080: 'typing requires an interaction within 30 seconds',
  45081: 'already typing',
  47001: 'data format error',
  47003: 'argument invalid!',
};

/** An error body; errmsg ends with a request id like the real one, so nobody matches on it. */
export function oaError(errcode: number, hint?: string): OaReply {
  const msg = OA_ERRMSG[errcode] ?? 'error';
  return { errcode, errmsg: `${msg}${hint ? ` hint: [${hint}]` : ''} rid: ${randomBytes(6).toString('hex')}` };
}

export const oaOk = (extra: Record<string, unknown> = {}): OaReply => ({ errcode: 0, errmsg: 'ok', ...extra });

/** The credential endpoints: failures injected with api `*` never hit them. */
export const TOKEN_APIS: ReadonlySet<string> = new Set(['token', 'stable_token']);

/** `/cgi-bin/message/custom/send` and `message/custom/send` name the same API. */
export const normalizeApi = (api: string) => api.replace(/^\/?(cgi-bin\/)?/, '').replace(/\?.*$/, '');

const KEY_TYPES: ReadonlySet<string> = new Set(MENU_KEY_TYPES);
const OTHER_TYPES = new Set(['view', 'miniprogram', 'media_id', 'view_limited', 'article_id', 'article_view_limited']);

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);

/**
 * The platform's own menu checks (§3.6), independent of the bot's zod schema so the emulator
 * catches what the bot lets through: the errcode (40016–40027) of the first rule broken, or 0.
 */
export function menuErrcode(body: Obj): number {
  const buttons = body.button;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 40016;
  for (const raw of buttons) {
    const b = asObj(raw);
    if (!b) return 40016;
    if (b.sub_button === undefined) {
      const e = leafErrcode(b, 16, { type: 40017, name: 40018, key: 40019, url: 40020 });
      if (e) return e;
      continue;
    }
    if (bytes(b.name) < 1 || bytes(b.name) > 16) return 40018;
    const subs = b.sub_button;
    if (!Array.isArray(subs) || subs.length < 1 || subs.length > 5) return 40023;
    for (const s of subs) {
      const sub = asObj(s);
      const e = sub ? leafErrcode(sub, 60, { type: 40024, name: 40025, key: 40026, url: 40027 }) : 40023;
      if (e) return e;
    }
  }
  return 0;
}

function leafErrcode(b: Obj, nameMax: number, codes: { type: number; name: number; key: number; url: number }): number {
  const type = typeof b.type === 'string' ? b.type : '';
  if (!KEY_TYPES.has(type) && !OTHER_TYPES.has(type)) return codes.type;
  if (bytes(b.name) < 1 || bytes(b.name) > nameMax) return codes.name;
  if (KEY_TYPES.has(type) && (bytes(b.key) < 1 || bytes(b.key) > 128)) return codes.key;
  if ((type === 'view' || type === 'miniprogram') && (bytes(b.url) < 1 || bytes(b.url) > 1024)) return codes.url;
  return 0;
}
