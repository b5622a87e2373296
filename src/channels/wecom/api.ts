// WeCom self-built app API client (PROTOCOL.md §4): gettoken through the shared token cache,
// message/send (text, markdown, textcard, template_card), update_template_card, media, and the
// group-robot webhook for operations alerts. A token error (40014/42001) invalidates the token and
// the call is retried ONCE (§4.6); everything else is thrown as a PlatformApiError classified the
// WeCom way (errors.ts) — retries and backoff belong to the job that called.
// https://developer.work.weixin.qq.com/document/path/90236
import { z } from 'zod';
import { AccessTokenCache, type PlatformClientOptions, type TokenFetcher } from '../shared/access-token.js';
import { PlatformApiError } from '../shared/api-error.js';
import { getBinary, getJson, postJson, postMultipart, type BinaryResponse, type JsonObject } from '../shared/http.js';
import { asWecomError } from './errors.js';
import type { ButtonInteractionCard, RobotMessage, SendResult, TextCard, WecomMediaType } from './messages.js';

/** apiBase: `https://qyapi.weixin.qq.com` or the sandbox `…/sandbox/wecom`. */
export interface WecomApiOptions extends PlatformClientOptions {
  corpId: string;
  agentId: string;
  /** The app's secret: the token is per secret (§4.1), so the cache key names the agent. */
  secret: string;
}

const Token = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const Sent = z.object({ msgid: z.string().optional(), invaliduser: z.string().optional(), response_code: z.string().optional() });
const Uploaded = z.object({ media_id: z.string().min(1) });

/** `GET /cgi-bin/gettoken?corpid&corpsecret` (§4.1); the same token comes back while it is valid. */
export function wecomTokenFetcher(o: Pick<WecomApiOptions, 'corpId' | 'secret' | 'apiBase' | 'timeoutMs'>): TokenFetcher {
  const base = baseOf(o.apiBase);
  return async () => {
    const qs = new URLSearchParams({ corpid: o.corpId, corpsecret: o.secret });
    const json = await getJson(`${base()}/cgi-bin/gettoken?${qs.toString()}`, { api: 'gettoken', timeoutMs: o.timeoutMs }).catch((e: unknown) => {
      throw asWecomError(e);
    });
    const res = Token.safeParse(json);
    if (!res.success) throw malformed('gettoken');
    return { token: res.data.access_token, expiresIn: res.data.expires_in };
  };
}

export class WecomApi {
  readonly tokens: AccessTokenCache;
  private readonly base: () => string;
  private readonly agentId: number;

  constructor(private readonly opts: WecomApiOptions) {
    this.base = baseOf(opts.apiBase);
    this.agentId = Number(opts.agentId);
    this.tokens = new AccessTokenCache({
      redis: opts.redis,
      keys: opts.keys,
      platform: 'wecom',
      appId: `${opts.corpId}.${opts.agentId}`,
      clock: opts.clock,
      logger: opts.logger,
      fetchToken: wecomTokenFetcher(opts),
    });
  }

  /** `duplicateCheck`: the platform drops the same text to the same member within 30 min
   * (enable_duplicate_check, PROTOCOL.md §4.3) — for notices a retried job may send again. */
  sendText(to: readonly string[], content: string, opts: { duplicateCheck?: boolean } = {}): Promise<SendResult> {
    return this.send(to, { msgtype: 'text', text: { content }, ...(opts.duplicateCheck ? { enable_duplicate_check: 1, duplicate_check_interval: 1800 } : {}) });
  }

  /** Rendered by the WeCom client only (⚠ §4.3: not in the WeChat plugin). */
  sendMarkdown(to: readonly string[], content: string): Promise<SendResult> {
    return this.send(to, { msgtype: 'markdown', markdown: { content } });
  }

  sendTextCard(to: readonly string[], card: TextCard): Promise<SendResult> {
    return this.send(to, { msgtype: 'textcard', textcard: card });
  }

  /** A button_interaction card; the answer's response_code lets us update it later (§4.4). */
  sendTemplateCard(to: readonly string[], card: ButtonInteractionCard): Promise<SendResult> {
    return this.send(to, { msgtype: 'template_card', template_card: card });
  }

  /** Greys the card's buttons into one label (e.g. 已处理：今天送达（张伟）); each code works once. */
  async updateCardButton(u: { userids: readonly string[]; responseCode: string; replaceName: string }): Promise<void> {
    await this.post('message/update_template_card', {
      userids: u.userids,
      agentid: this.agentId,
      response_code: u.responseCode,
      button: { replace_name: u.replaceName },
    });
  }

  /** Replaces the whole card for these members (same task_id). */
  async updateCard(u: { userids: readonly string[]; responseCode: string; card: ButtonInteractionCard }): Promise<void> {
    await this.post('message/update_template_card', { userids: u.userids, agentid: this.agentId, response_code: u.responseCode, template_card: u.card });
  }

  /** Temporary media (~3 days), multipart field `media`. */
  async uploadMedia(type: WecomMediaType, data: Buffer, filename: string, contentType: string): Promise<{ mediaId: string }> {
    const api = 'media/upload';
    const json = await this.withToken(api, (token) =>
      postMultipart(this.url(api, token, { type }), { field: 'media', data, filename, contentType }, this.req(api)),
    );
    const res = Uploaded.safeParse(json);
    if (!res.success) throw malformed(api);
    return { mediaId: res.data.media_id };
  }

  /** A photo or voice a member sent (inbound MediaId). */
  getMedia(mediaId: string): Promise<BinaryResponse> {
    const api = 'media/get';
    return this.withToken(api, (token) => getBinary(this.url(api, token, { media_id: mediaId }), this.req(api)));
  }

  /**
   * Group robot webhook (§4.5): no access_token, the key is the secret — it never reaches a log
   * or an error message (errors name the API, not the URL). Limit 20 messages/minute (45009).
   */
  async robotSend(key: string, message: RobotMessage): Promise<void> {
    const url = `${this.base()}/cgi-bin/webhook/send?${new URLSearchParams({ key }).toString()}`;
    await postJson(url, message, this.req('webhook/send')).catch((e: unknown) => {
      throw asWecomError(e);
    });
  }

  private async send(to: readonly string[], message: JsonObject): Promise<SendResult> {
    if (!to.length) throw new RangeError('message/send needs at least one recipient');
    const json = await this.post('message/send', { touser: to.join('|'), agentid: this.agentId, ...message });
    const res = Sent.safeParse(json);
    if (!res.success) throw malformed('message/send');
    const invalidUsers = res.data.invaliduser ? res.data.invaliduser.split('|').filter(Boolean) : [];
    return { msgid: res.data.msgid, invalidUsers, responseCode: res.data.response_code };
  }

  private post(api: string, body: unknown): Promise<JsonObject> {
    return this.withToken(api, (token) => postJson(this.url(api, token), body, this.req(api)));
  }

  /** Runs `call` with the shared token; on a token error refreshes and retries exactly once. */
  private async withToken<T>(api: string, call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get();
    try {
      return await call(token);
    } catch (raw) {
      const e = asWecomError(raw);
      if (!(e instanceof PlatformApiError) || e.kind !== 'token') throw e;
      this.opts.logger.warn({ api, errcode: e.errcode }, 'wecom access_token rejected; refreshing and retrying once');
      await this.tokens.invalidate(token, { force: false });
      try {
        return await call(await this.tokens.get());
      } catch (again) {
        throw asWecomError(again);
      }
    }
  }

  private url(api: string, token: string, query: Record<string, string> = {}): string {
    return `${this.base()}/cgi-bin/${api}?${new URLSearchParams({ access_token: token, ...query }).toString()}`;
  }

  private req(api: string) {
    return { api, timeoutMs: this.opts.timeoutMs };
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

const malformed = (api: string) => new PlatformApiError({ api, errcode: -1, errmsg: 'unexpected response shape', kind: 'permanent' });
