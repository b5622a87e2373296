// 微信客服 API client (PROTOCOL.md §5): sync_msg, send_msg, send_msg_on_event, service_state get/
// trans and customer/batchget. The access_token comes from the 微信客服 secret — its own token,
// not the WeCom app's (§4.1, §5) — through the shared AccessTokenCache under platform 'wecom-kf'.
// A token error (40001/40014/42001) invalidates it and the call is retried ONCE (§10.7); every
// other failure is thrown as PlatformApiError / PlatformUnreachableError for the caller to judge.
import { z } from 'zod';
import { AccessTokenCache, type PlatformClientOptions, type TokenFetcher } from '../shared/access-token.js';
import { PlatformApiError } from '../shared/api-error.js';
import { getJson, postJson, type JsonObject } from '../shared/http.js';
import { kfWire, type KfContent, type KfEventContent } from './messages.js';

/** apiBase: `https://qyapi.weixin.qq.com` or the sandbox `…/sandbox/wecom-kf`. */
export interface KfApiOptions extends PlatformClientOptions {
  corpId: string;
  /** The 微信客服 secret (§5 "Auth"). */
  secret: string;
}

export interface SyncRequest {
  openKfId: string;
  cursor?: string;
  /** The callback Token (§5.1); omitted when expired. */
  token?: string;
  limit?: number;
}

export interface SyncPage {
  nextCursor: string;
  hasMore: boolean;
  /** Raw msg_list items; normalize.ts checks each one. */
  msgList: unknown[];
}

/** 0 new · 1 bot · 2 queued · 3 human · 4 ended (§5.5). */
export type KfServiceState = 0 | 1 | 2 | 3 | 4;

const Token = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const Page = z.object({
  next_cursor: z.string().optional(),
  has_more: z.union([z.number(), z.boolean()]).optional(),
  msg_list: z.array(z.unknown()).optional(),
});
const Sent = z.object({ msgid: z.string().optional() });
const ServiceState = z.object({ service_state: z.number().int().min(0).max(4), servicer_userid: z.string().optional() });
const Trans = z.object({ msg_code: z.string().optional() });
const Customer = z.looseObject({ external_userid: z.string(), nickname: z.string().optional(), unionid: z.string().optional() });
const Customers = z.object({ customer_list: z.array(Customer).optional(), invalid_external_userid: z.array(z.string()).optional() });
export type KfCustomer = z.infer<typeof Customer>;

/** `GET /cgi-bin/gettoken?corpid=&corpsecret=` (§4.1) with the 微信客服 secret. */
export function kfTokenFetcher(o: Pick<KfApiOptions, 'corpId' | 'secret' | 'apiBase' | 'timeoutMs'>): TokenFetcher {
  const base = baseOf(o.apiBase);
  return async () => {
    const qs = new URLSearchParams({ corpid: o.corpId, corpsecret: o.secret });
    const res = Token.safeParse(await getJson(`${base()}/cgi-bin/gettoken?${qs.toString()}`, { api: 'gettoken', timeoutMs: o.timeoutMs }));
    if (!res.success) throw malformed('gettoken');
    return { token: res.data.access_token, expiresIn: res.data.expires_in };
  };
}

export class KfApi {
  readonly tokens: AccessTokenCache;
  private readonly base: () => string;

  constructor(private readonly opts: KfApiOptions) {
    this.base = baseOf(opts.apiBase);
    this.tokens = new AccessTokenCache({
      redis: opts.redis,
      keys: opts.keys,
      platform: 'wecom-kf',
      appId: opts.corpId,
      clock: opts.clock,
      logger: opts.logger,
      fetchToken: kfTokenFetcher(opts),
    });
  }

  /** One page of `kf/sync_msg` (§5.2); the caller loops while hasMore and persists nextCursor. */
  async syncMsg(r: SyncRequest): Promise<SyncPage> {
    const body: JsonObject = { open_kfid: r.openKfId, limit: r.limit ?? 1000, voice_format: 0 };
    if (r.cursor) body.cursor = r.cursor;
    if (r.token) body.token = r.token;
    const res = Page.safeParse(await this.post('kf/sync_msg', body));
    if (!res.success) throw malformed('kf/sync_msg');
    const hasMore = res.data.has_more === 1 || res.data.has_more === true;
    return { nextCursor: res.data.next_cursor ?? '', hasMore, msgList: res.data.msg_list ?? [] };
  }

  /** `kf/send_msg` (§5.3): only in session states 0/1, 48 h and ≤5 per customer message. */
  async sendMsg(touser: string, openKfId: string, content: KfContent, msgid?: string): Promise<{ msgid?: string }> {
    const body: JsonObject = { touser, open_kfid: openKfId, ...(msgid ? { msgid } : {}), ...kfWire(content) };
    return this.sent('kf/send_msg', body);
  }

  /** `kf/send_msg_on_event` (§5.4): the code (welcome_code, msg_code) is single-use. */
  async sendMsgOnEvent(code: string, content: KfEventContent, msgid?: string): Promise<{ msgid?: string }> {
    return this.sent('kf/send_msg_on_event', { code, ...(msgid ? { msgid } : {}), ...kfWire(content) });
  }

  async getServiceState(openKfId: string, externalUserId: string): Promise<{ state: KfServiceState; servicerUserId?: string }> {
    const res = ServiceState.safeParse(await this.post('kf/service_state/get', { open_kfid: openKfId, external_userid: externalUserId }));
    if (!res.success) throw malformed('kf/service_state/get');
    const { service_state: state, servicer_userid: servicerUserId } = res.data;
    return { state: state as KfServiceState, ...(servicerUserId ? { servicerUserId } : {}) };
  }

  /** `kf/service_state/trans` (§5.5): 3 needs a receiving servicer (else 95014); 4 cannot be left. */
  async transServiceState(openKfId: string, externalUserId: string, state: KfServiceState, servicerUserId?: string): Promise<{ msgCode?: string }> {
    const body: JsonObject = { open_kfid: openKfId, external_userid: externalUserId, service_state: state };
    if (servicerUserId) body.servicer_userid = servicerUserId;
    const res = Trans.safeParse(await this.post('kf/service_state/trans', body));
    if (!res.success) throw malformed('kf/service_state/trans');
    return res.data.msg_code ? { msgCode: res.data.msg_code } : {};
  }

  /** `kf/customer/batchget` (§5.6), 1..100 ids. */
  async batchGetCustomers(ids: string[]): Promise<{ customers: KfCustomer[]; invalid: string[] }> {
    const res = Customers.safeParse(await this.post('kf/customer/batchget', { external_userid_list: ids }));
    if (!res.success) throw malformed('kf/customer/batchget');
    return { customers: res.data.customer_list ?? [], invalid: res.data.invalid_external_userid ?? [] };
  }

  private async sent(api: string, body: JsonObject): Promise<{ msgid?: string }> {
    const res = Sent.safeParse(await this.post(api, body));
    return res.success && res.data.msgid ? { msgid: res.data.msgid } : {};
  }

  /** POST with the shared token; on a token error refreshes and retries exactly once. */
  private async post(api: string, body: JsonObject): Promise<JsonObject> {
    const call = (token: string) => postJson(`${this.base()}/cgi-bin/${api}?access_token=${encodeURIComponent(token)}`, body, { api, timeoutMs: this.opts.timeoutMs });
    const token = await this.tokens.get();
    try {
      return await call(token);
    } catch (e) {
      if (!(e instanceof PlatformApiError) || e.kind !== 'token') throw e;
      this.opts.logger.warn({ api, errcode: e.errcode }, 'kf access_token rejected; refreshing and retrying once');
      await this.tokens.invalidate(token, { force: e.errcode !== 42001 });
      return call(await this.tokens.get());
    }
  }
}

function baseOf(apiBase: string | (() => string)): () => string {
  const read = typeof apiBase === 'string' ? () => apiBase : apiBase;
  return () => read().replace(/\/+$/, '');
}

const malformed = (api: string) => new PlatformApiError({ api, errcode: -1, errmsg: 'unexpected response shape', kind: 'permanent' });
