// Official Account outbound API client (PROTOCOL.md §3): 客服消息, typing, 模板消息, temporary media,
// the custom menu and the JS-SDK ticket. Every call carries the shared access_token in the query; a token error
// (40001/40014/42001) invalidates it and the call is retried ONCE (§3.7, §10.7). Every other
// failure is thrown as PlatformApiError / PlatformUnreachableError: retries, window checks and
// template fallback are outbound/'s decisions, not this client's.
// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
import { z } from 'zod';
import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/logger.js';
import { AccessTokenCache, type PlatformClientOptions, type TokenFetcher } from '../shared/access-token.js';
import { PlatformApiError } from '../shared/api-error.js';
import { getBinary, getJson, postJson, postMultipart, type BinaryResponse, type JsonObject } from '../shared/http.js';
import type { Menu } from './menu.js';

/** 客服消息 text content limit in UTF-8 bytes; longer text is the caller's to split. */
export const OA_TEXT_LIMIT_BYTES = 2048;

export type OaMediaType = 'image' | 'voice' | 'video' | 'thumb';
export type TypingCommand = 'Typing' | 'CancelTyping';

export interface TemplateMessage {
  touser: string;
  templateId: string;
  data: Record<string, { value: string }>;
  url?: string;
  /** Idempotency key: the platform drops a second send with the same id (§3.3). */
  clientMsgId?: string;
}

/** apiBase: `https://api.weixin.qq.com`, or the sandbox emulator `http://127.0.0.1:PORT/sandbox/oa`. */
export interface OaApiOptions extends PlatformClientOptions {
  appId: string;
  secret: string;
}

const StableToken = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const Uploaded = z.object({ media_id: z.string().min(1) });
const TemplateSent = z.object({ msgid: z.union([z.string(), z.number()]) });
const Ticket = z.object({ ticket: z.string().min(1), expires_in: z.number().int().positive() });

/** `POST /cgi-bin/stable_token` (§3.1): the same token while valid; force_refresh only on demand. */
export function oaStableTokenFetcher(o: Pick<OaApiOptions, 'appId' | 'secret' | 'apiBase' | 'timeoutMs'>): TokenFetcher {
  const base = baseOf(o.apiBase);
  return async (force) => {
    const url = `${base()}/cgi-bin/stable_token`;
    const body = { grant_type: 'client_credential', appid: o.appId, secret: o.secret, force_refresh: force };
    const res = StableToken.safeParse(await postJson(url, body, { timeoutMs: o.timeoutMs }));
    if (!res.success) throw malformed('stable_token');
    return { token: res.data.access_token, expiresIn: res.data.expires_in };
  };
}

export class OaApi {
  readonly tokens: AccessTokenCache;
  /** jsapi_ticket for JS-SDK pages, cached like the token (7,200 s, limited daily calls). */
  private readonly tickets: AccessTokenCache;
  private readonly base: () => string;
  private readonly timeoutMs: number | undefined;
  private readonly logger: Logger;

  constructor(opts: OaApiOptions) {
    this.base = baseOf(opts.apiBase);
    this.timeoutMs = opts.timeoutMs;
    this.logger = opts.logger;
    this.tokens = new AccessTokenCache({
      redis: opts.redis,
      keys: opts.keys,
      platform: 'wechat',
      appId: opts.appId,
      clock: opts.clock,
      logger: this.logger,
      fetchToken: oaStableTokenFetcher(opts),
    });
    this.tickets = new AccessTokenCache({
      redis: opts.redis,
      keys: opts.keys,
      platform: 'wechat-jsapi',
      appId: opts.appId,
      clock: opts.clock,
      logger: this.logger,
      fetchToken: async () => {
        const api = 'ticket/getticket';
        const res = Ticket.safeParse(await this.withToken(api, (token) => getJson(this.url(api, token, { type: 'jsapi' }), this.req(api))));
        if (!res.success) throw malformed(api);
        return { token: res.data.ticket, expiresIn: res.data.expires_in };
      },
    });
  }

  /**
   * The JS-SDK jsapi_ticket (网页开发 JS-SDK 附录1): signs wx.config on our web pages, here the
   * 确认收款 page. Shared through Redis with one refresher, like the access token.
   * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html
   */
  jsapiTicket(): Promise<string> {
    return this.tickets.get();
  }

  /** 客服消息 text (§3.2). Content beyond OA_TEXT_LIMIT_BYTES is refused by the platform (45002). */
  async sendText(openid: string, content: string): Promise<void> {
    await this.post('message/custom/send', { touser: openid, msgtype: 'text', text: { content } });
  }

  async sendImage(openid: string, mediaId: string): Promise<void> {
    await this.post('message/custom/send', { touser: openid, msgtype: 'image', image: { media_id: mediaId } });
  }

  /** 客服输入状态: lasts ~15 s, needs an interaction in the last 30 s (45080), best effort (§3.2). */
  async typing(openid: string, command: TypingCommand): Promise<void> {
    await this.post('message/custom/typing', { touser: openid, command });
  }

  /** 模板消息 (§3.3); needs no window, only that the user follows (43004). */
  async sendTemplate(msg: TemplateMessage): Promise<{ msgid: string }> {
    const body: JsonObject = { touser: msg.touser, template_id: msg.templateId, data: msg.data };
    if (msg.url) body.url = msg.url;
    if (msg.clientMsgId) body.client_msg_id = msg.clientMsgId;
    const res = TemplateSent.safeParse(await this.post('message/template/send', body, ['msgid']));
    if (!res.success) throw malformed('message/template/send');
    return { msgid: String(res.data.msgid) };
  }

  /** Temporary media upload, kept ~3 days by the platform (§3.5); multipart field `media`. */
  async uploadMedia(type: OaMediaType, data: Buffer, filename: string, contentType: string): Promise<{ mediaId: string }> {
    const api = 'media/upload';
    const json = await this.withToken(api, (token) =>
      postMultipart(this.url(api, token, { type }), { field: 'media', data, filename, contentType }, this.req(api)),
    );
    const res = Uploaded.safeParse(json);
    if (!res.success) throw malformed(api);
    return { mediaId: res.data.media_id };
  }

  /** Downloads an inbound or uploaded media (§3.5); a JSON error body is thrown (40007). */
  async getMedia(mediaId: string): Promise<BinaryResponse> {
    const api = 'media/get';
    return this.withToken(api, (token) => getBinary(this.url(api, token, { media_id: mediaId }), this.req(api)));
  }

  /** Replaces the custom menu (§3.6); validate with parseMenu() first for a readable error. */
  async createMenu(menu: Menu): Promise<void> {
    await this.post('menu/create', menu);
  }

  private post(api: string, body: unknown, bigIntFields?: readonly string[]): Promise<JsonObject> {
    return this.withToken(api, (token) => postJson(this.url(api, token), body, { ...this.req(api), bigIntFields }));
  }

  /** Runs `call` with the shared token; on a token error refreshes and retries exactly once. */
  private async withToken<T>(api: string, call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get();
    try {
      return await call(token);
    } catch (e) {
      if (!(e instanceof PlatformApiError) || e.kind !== 'token') throw e;
      this.logger.warn({ api, errcode: e.errcode }, 'access_token rejected; refreshing and retrying once');
      await this.tokens.invalidate(token, { force: e.errcode !== 42001 });
      return call(await this.tokens.get());
    }
  }

  private url(api: string, token: string, query: Record<string, string> = {}): string {
    const qs = new URLSearchParams({ access_token: token, ...query });
    return `${this.base()}/cgi-bin/${api}?${qs.toString()}`;
  }

  private req(api: string) {
    return { api, timeoutMs: this.timeoutMs };
  }
}

function baseOf(apiBase: string | (() => string)): () => string {
  const trim = (b: string) => b.replace(/\/+$/, '');
  if (typeof apiBase === 'string') {
    const fixed = trim(apiBase);
    return () => fixed;
  }
  return () => trim(apiBase());
}

const malformed = (api: string) =>
  new PlatformApiError({ api, errcode: -1, errmsg: 'unexpected response shape', kind: 'permanent' });
