// The emulated Official Account platform: the state behind the /sandbox/oa API paths, with the
// real rules the bot must live with (PROTOCOL.md §3): token issue/expiry/rotation by the sandbox
// clock (§3.1), the customer-service window and quota per openid (§3.2), template messages with
// client_msg_id (§3.3), temporary media (§3.5), menu limits (§3.6) and injectable failures (§3.7).
// Everything successfully sent lands in the Outbox. HTTP lives in oa-emulator.ts.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { Outbox, templateText } from './outbox.js';
import { OaTokens } from './oa-tokens.js';
import { OaWindows, type InboundTrigger, type WindowView } from './oa-window.js';
import { TOKEN_APIS, menuErrcode, normalizeApi, oaError, oaOk, type OaReply } from './oa-rules.js';

export type { OaReply } from './oa-rules.js';
export type { InboundTrigger, WindowView } from './oa-window.js';
export type OaMediaType = 'image' | 'voice' | 'video' | 'thumb';
export interface StoredMedia {
  data: Buffer;
  contentType: string;
  type: OaMediaType;
  filename: string;
  createdAt: number;
}
const MEDIA_TTL_MS = 72 * 3_600_000;
const MEDIA_CAP = 10_000;
const MEDIA_LIMITS: Record<OaMediaType, [bytes: number, errcode: number]> = {
  image: [10 << 20, 40009],
  voice: [2 << 20, 40010],
  video: [10 << 20, 40011],
  thumb: [64 << 10, 40012],
};

interface Failure {
  api: string;
  errcode: number;
  remaining: number;
  httpStatus?: number;
}

export interface OaPlatformOptions {
  clock: Clock;
  appId: string;
  secret: string;
  /** Shared with the other emulated platforms; one is created when omitted. */
  outbox?: Outbox;
  /** When given, template ids outside this list answer 40037. */
  templateIds?: readonly string[];
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const join = (...xs: unknown[]) => xs.filter((x): x is string => typeof x === 'string' && x !== '').join('\n');
const mediaTypeOf = (contentType: string): OaMediaType =>
  contentType.startsWith('audio/') ? 'voice' : contentType.startsWith('video/') ? 'video' : 'image';

export class OaPlatform {
  readonly outbox: Outbox;
  readonly tokens: OaTokens;
  readonly counters = { sends: 0, injectedFailures: 0 };
  /** The last menu accepted by menu/create. */
  menu: Obj | undefined;
  private ticket: { value: string; expiresAt: number } | undefined;
  private readonly clock: Clock;
  private readonly windows: OaWindows;
  private failures: Failure[] = [];
  private media = new Map<string, StoredMedia>();
  private templateIdem = new Map<string, string>();
  private msgSeq = 0;

  constructor(private readonly opts: OaPlatformOptions) {
    this.clock = opts.clock;
    this.outbox = opts.outbox ?? new Outbox({ clock: opts.clock });
    this.tokens = new OaTokens(opts);
    this.windows = new OaWindows(opts.clock);
  }

  /** Successful answers of /cgi-bin/token and /cgi-bin/stable_token so far. */
  get tokenIssues(): number {
    return this.tokens.counters.tokenIssues;
  }

  /** Every token issued so far stops working; the next API call sees 40001. */
  invalidateTokens(): void {
    this.tokens.invalidateAll();
  }

  // ---- failures for tests and scenarios (`platform: { fail: 45015 }`, SCENARIOS.md) ----

  /** The next `times` calls of `api` (default the 客服消息 send; `*` = any non-token API) fail. */
  failNext(errcode: number, o: { api?: string; times?: number; httpStatus?: number } = {}): void {
    const api = o.api === '*' ? '*' : normalizeApi(o.api ?? 'message/custom/send');
    this.failures.push({ api, errcode, remaining: Math.max(1, o.times ?? 1), httpStatus: o.httpStatus });
  }

  get pendingFailures(): number {
    return this.failures.reduce((n, f) => n + f.remaining, 0);
  }

  /** What a call meets before the API's own rules: an injected failure, then the token check. */
  preflight(api: string, token: string | undefined): { errcode: number; httpStatus?: number } | undefined {
    const name = normalizeApi(api);
    const i = this.failures.findIndex((f) => f.api === name || (f.api === '*' && !TOKEN_APIS.has(name)));
    const f = this.failures[i];
    if (f) {
      f.remaining -= 1;
      if (f.remaining <= 0) this.failures.splice(i, 1);
      this.counters.injectedFailures += 1;
      return f.httpStatus ? { errcode: f.errcode, httpStatus: f.httpStatus } : { errcode: f.errcode };
    }
    if (TOKEN_APIS.has(name)) return undefined;
    const errcode = this.tokens.check(token);
    return errcode ? { errcode } : undefined;
  }

  // ---- customer-service window and quota (§3.2, oa-window.ts) ----

  /** The user did something: opens this openid's window per the §3.2 table; unsubscribe closes it. */
  noteInbound(openid: string, trigger: InboundTrigger): void {
    this.windows.note(openid, trigger);
  }

  windowOf(openid: string): WindowView {
    return this.windows.view(openid);
  }

  // ---- 客服消息 and typing (§3.2) ----

  /** POST /cgi-bin/message/custom/send: payload checks first, so a bad message costs no quota. */
  sendCustom(body: Obj): OaReply {
    const to = str(body.touser);
    if (!to) return oaError(40003);
    const content = this.customContent(body);
    if (typeof content === 'number') return oaError(content);
    const errcode = this.windows.consume(to);
    if (errcode) return oaError(errcode);
    this.counters.sends += 1;
    this.outbox.record({ channel: 'wechat', to, ...content });
    return oaOk();
  }

  private customContent(b: Obj): { kind: string; text: string; mediaId?: string; url?: string } | number {
    const kind = str(b.msgtype) ?? '';
    const part = asObj(b[kind]);
    if (!part) return kind ? 47001 : 40008;
    switch (kind) {
      case 'text': {
        const text = str(part.content);
        if (!text) return 44004;
        return Buffer.byteLength(text, 'utf8') > 2048 ? 45002 : { kind, text };
      }
      case 'image':
      case 'voice':
      case 'video': {
        const mediaId = str(part.media_id);
        if (!mediaId || !this.getMedia(mediaId)) return 40007;
        return { kind, text: join(part.title, part.description), mediaId };
      }
      case 'news': {
        const a = Array.isArray(part.articles) ? asObj(part.articles[0]) : undefined;
        if (!a) return 47001;
        const url = str(a.url);
        return { kind, text: join(a.title, a.description), ...(url ? { url } : {}) };
      }
      case 'msgmenu': {
        const items = Array.isArray(part.list) ? part.list.map((i) => asObj(i)?.content) : [];
        return { kind, text: join(part.head_content, ...items, part.tail_content) };
      }
      case 'miniprogrampage':
      case 'music':
      case 'mpnews':
      case 'mpnewsarticle':
      case 'wxcard':
        return { kind, text: join(part.title, part.description) };
      default:
        return 40008;
    }
  }

  /** POST /cgi-bin/message/custom/typing {touser, command: Typing | CancelTyping}. */
  typing(body: Obj): OaReply {
    const to = str(body.touser);
    if (!to) return oaError(40003);
    if (body.command !== 'Typing' && body.command !== 'CancelTyping') return oaError(47003, 'command');
    const errcode = this.windows.typing(to, body.command);
    return errcode ? oaError(errcode) : oaOk();
  }

  // ---- 模板消息 (§3.3) ----

  /** POST /cgi-bin/message/template/send; msgid is a 64-bit digit string (written as a bare number). */
  sendTemplate(body: Obj): OaReply {
    const to = str(body.touser);
    if (!to) return oaError(40003);
    if (this.windows.isUnsubscribed(to)) return oaError(43004);
    const templateId = str(body.template_id);
    if (!templateId || (this.opts.templateIds && !this.opts.templateIds.includes(templateId))) return oaError(40037);
    const data: Record<string, { value: string }> = {};
    for (const [k, v] of Object.entries(asObj(body.data) ?? {})) {
      const value = asObj(v)?.value;
      if (typeof value !== 'string') return oaError(47003, `data.${k}`);
      data[k] = { value };
    }
    if (!Object.keys(data).length) return oaError(47003, 'data');
    const idem = str(body.client_msg_id);
    const seen = idem && this.templateIdem.get(idem);
    if (seen) return oaOk({ msgid: seen }); // anti-replay: the first send stands, nothing is re-sent
    this.msgSeq += 1;
    const msgid = String(3n * 10n ** 18n + BigInt(this.msgSeq));
    if (idem) this.templateIdem.set(idem, msgid);
    const url = str(body.url);
    this.counters.sends += 1;
    this.outbox.record({ channel: 'wechat', to, kind: 'template', text: templateText(data), templateId, data, msgid, ...(url ? { url } : {}) });
    return oaOk({ msgid });
  }

  // ---- temporary media (§3.5) ----

  /** Stores bytes as an upload would (the phone pre-uploads customer photos and voices). */
  putMedia(data: Buffer, contentType: string, filename?: string, type: OaMediaType = mediaTypeOf(contentType)): string {
    if (this.media.size >= MEDIA_CAP) this.media.delete(this.media.keys().next().value as string);
    const id = randomBytes(48).toString('base64url');
    this.media.set(id, { data, contentType, type, filename: filename ?? `${id.slice(0, 12)}.bin`, createdAt: this.clock.now() });
    return id;
  }

  /** POST /cgi-bin/media/upload?type= with the size limits per type. */
  uploadMedia(type: string, data: Buffer, contentType: string, filename: string): OaReply {
    const limit = MEDIA_LIMITS[type as OaMediaType];
    if (!limit) return oaError(40004);
    if (!data.length) return oaError(41005);
    if (data.length > limit[0]) return oaError(limit[1]);
    const mediaId = this.putMedia(data, contentType, filename, type as OaMediaType);
    return oaOk({ type, media_id: mediaId, created_at: Math.floor(this.clock.now() / 1000) });
  }

  /** Media is kept 3 days (⚠ §3.5), then answers 40007 like an unknown id. */
  getMedia(mediaId: string): StoredMedia | undefined {
    const m = this.media.get(mediaId);
    if (m && m.createdAt + MEDIA_TTL_MS <= this.clock.now()) this.media.delete(mediaId);
    return this.media.get(mediaId);
  }

  // ---- JS-SDK ticket (网页开发 JS-SDK 附录1) ----

  /** One ticket per 7,200 s like the real host; pages sign wx.config with it. */
  jsapiTicket(): OaReply {
    const now = this.clock.now();
    if (!this.ticket || this.ticket.expiresAt <= now) this.ticket = { value: `sandbox_jsapi_${randomBytes(12).toString('base64url')}`, expiresAt: now + 7200_000 };
    return oaOk({ ticket: this.ticket.value, expires_in: Math.round((this.ticket.expiresAt - now) / 1000) });
  }

  /** The ticket a page's wx.config must be signed with (the sandbox JS bridge checks it). */
  currentJsapiTicket(): string | undefined {
    return this.ticket && this.ticket.expiresAt > this.clock.now() ? this.ticket.value : undefined;
  }

  // ---- custom menu (§3.6) ----

  createMenu(body: Obj): OaReply {
    const errcode = menuErrcode(body);
    if (errcode) return oaError(errcode);
    this.menu = body;
    return oaOk();
  }

  /** Forgets everything (a scenario starts from an empty platform); credentials stay. */
  reset(): void {
    this.tokens.reset();
    this.menu = undefined;
    this.ticket = undefined;
    this.windows.reset();
    this.failures = [];
    this.media.clear();
    this.templateIdem.clear();
    this.outbox.clear();
    Object.assign(this.counters, { sends: 0, injectedFailures: 0 });
  }
}
