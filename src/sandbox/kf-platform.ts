// The emulated 微信客服 platform: the state behind the /sandbox/wecom-kf API paths with the rules
// the bot must live with (PROTOCOL.md §5): the kf secret's token (kf-tokens), sync_msg with real
// cursors (kf-messages), session states, send rules and event codes (kf-sessions). Everything
// successfully sent lands in the shared Outbox with channel 'wecom-kf'. HTTP is in kf-emulator.ts.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { Outbox } from './outbox.js';
import { KfTokens } from './kf-tokens.js';
import { KfMessageLog } from './kf-messages.js';
import { KfSessions, type KfSessionState } from './kf-sessions.js';
import { KF_MSGID, kfContent, kfError, kfOk, type KfReply } from './kf-rules.js';

export interface KfPlatformOptions {
  clock: Clock;
  corpId: string;
  secret: string;
  /** The kf accounts (`open_kfid`) that exist; others answer 95000. */
  openKfIds: readonly string[];
  outbox?: Outbox;
  /** Servicers in receiving status (§5.6). */
  servicers?: readonly string[];
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const ON_EVENT_TYPES: ReadonlySet<string> = new Set(['text', 'msgmenu']);

export class KfPlatform {
  readonly outbox: Outbox;
  readonly tokens: KfTokens;
  readonly messages: KfMessageLog;
  readonly sessions: KfSessions;
  readonly counters = { sends: 0, eventSends: 0, injectedFailures: 0 };
  private failures: { api: string; errcode: number; remaining: number }[] = [];
  private sentIds = new Set<string>();

  constructor(private readonly o: KfPlatformOptions) {
    this.outbox = o.outbox ?? new Outbox({ clock: o.clock });
    this.tokens = new KfTokens(o);
    this.messages = new KfMessageLog(o.clock);
    this.sessions = new KfSessions(o.clock);
    for (const s of o.servicers ?? []) this.sessions.data.servicers.set(s, 0);
  }

  get syncCalls(): number {
    return this.messages.data.syncCalls;
  }

  /** The next `times` calls of `api` (default `kf/send_msg`; `*` = any but gettoken) fail with errcode. */
  failNext(errcode: number, o: { api?: string; times?: number } = {}): void {
    this.failures.push({ api: o.api ?? 'kf/send_msg', errcode, remaining: Math.max(1, o.times ?? 1) });
  }

  /** Injected failures, then the access_token check (§4.1 codes), before the API's own rules. */
  preflight(api: string, token: string | undefined): number {
    const f = this.failures.find((x) => x.api === api || (x.api === '*' && api !== 'gettoken'));
    if (f) {
      if (--f.remaining <= 0) this.failures.splice(this.failures.indexOf(f), 1);
      this.counters.injectedFailures += 1;
      return f.errcode;
    }
    return api === 'gettoken' ? 0 : this.tokens.check(token);
  }

  // ---- the customer's side (kf-customer.ts): what WeChat stores before it nudges the bot ----

  /** A customer message (origin 3) of `msgtype` with its payload; returns its msgid. */
  customerMessage(openKfId: string, ext: string, msgtype: string, payload: Obj): string {
    this.sessions.customerWrote(openKfId, ext);
    return this.messages.append(openKfId, { open_kfid: openKfId, external_userid: ext, origin: 3, msgtype, [msgtype]: payload });
  }

  /** enter_session (origin 4), with a welcome_code when §5.4's conditions hold. */
  customerEnter(openKfId: string, ext: string, scene?: string, sceneParam?: string): string {
    const welcome = this.sessions.entered(openKfId, ext);
    const event = { event_type: 'enter_session', open_kfid: openKfId, external_userid: ext, ...(scene ? { scene } : {}), ...(sceneParam ? { scene_param: sceneParam } : {}), ...(welcome ? { welcome_code: welcome } : {}) };
    return this.messages.append(openKfId, { origin: 4, msgtype: 'event', event });
  }

  /** A servicer writing from the WeCom client (origin 5): the bot must ignore it. */
  servicerMessage(openKfId: string, ext: string, servicer: string, text: string): string {
    this.sessions.servicerWrote(openKfId, ext, servicer);
    return this.messages.append(openKfId, { open_kfid: openKfId, external_userid: ext, servicer_userid: servicer, origin: 5, msgtype: 'text', text: { content: text } });
  }

  /** Any system event (origin 4), e.g. msg_send_fail or session_status_change. */
  pushEvent(openKfId: string, event: Obj): string {
    return this.messages.append(openKfId, { origin: 4, msgtype: 'event', event: { open_kfid: openKfId, ...event } });
  }

  // ---- API (kf-emulator.ts) ----

  syncMsg(b: Obj): KfReply {
    if (b.open_kfid !== undefined && !this.known(b.open_kfid)) return kfError(95000);
    return this.messages.sync(b);
  }

  /** POST /cgi-bin/kf/send_msg (§5.3): payload, then msgid, then the session rules. */
  sendMsg(b: Obj): KfReply {
    const to = str(b.touser);
    const openKfId = str(b.open_kfid);
    if (!to) return kfError(40058, 'touser');
    if (!openKfId || !this.known(openKfId)) return kfError(95000);
    const content = kfContent(b);
    if (typeof content === 'number') return kfError(content);
    const msgid = this.msgidFor(openKfId, b.msgid);
    if (typeof msgid === 'number') return kfError(msgid, 'msgid');
    const errcode = this.sessions.canSend(openKfId, to);
    if (errcode) return kfError(errcode);
    this.sessions.noteSent(openKfId, to);
    this.remember(`${openKfId}|${msgid}`);
    this.counters.sends += 1;
    this.outbox.record({ channel: 'wecom-kf', to, ...content, msgid, openKfId });
    return kfOk({ msgid });
  }

  /** POST /cgi-bin/kf/send_msg_on_event (§5.4): a single-use code instead of a session. */
  sendMsgOnEvent(b: Obj): KfReply {
    const content = kfContent(b, ON_EVENT_TYPES);
    if (typeof content === 'number') return kfError(content);
    const code = this.sessions.code(str(b.code) ?? '', content.kind);
    if (typeof code === 'number') return kfError(code, 'code');
    const msgid = this.msgidFor(code.openKfId, b.msgid);
    if (typeof msgid === 'number') return kfError(msgid, 'msgid');
    this.sessions.useCode(code);
    this.remember(`${code.openKfId}|${msgid}`);
    this.counters.eventSends += 1;
    this.outbox.record({ channel: 'wecom-kf', to: code.externalUserId, ...content, msgid, openKfId: code.openKfId, event: code.kind });
    return kfOk({ msgid });
  }

  serviceStateGet(b: Obj): KfReply {
    const [openKfId, ext] = [str(b.open_kfid), str(b.external_userid)];
    if (!openKfId || !this.known(openKfId)) return kfError(95000);
    if (!ext) return kfError(40058, 'external_userid');
    const v = this.sessions.view(openKfId, ext);
    return kfOk({ service_state: v.state, ...(v.servicer ? { servicer_userid: v.servicer } : {}) });
  }

  serviceStateTrans(b: Obj): KfReply {
    const [openKfId, ext] = [str(b.open_kfid), str(b.external_userid)];
    if (!openKfId || !this.known(openKfId)) return kfError(95000);
    if (!ext) return kfError(40058, 'external_userid');
    const to = b.service_state;
    if (typeof to !== 'number' || ![1, 2, 3, 4].includes(to)) return kfError(40058, 'service_state');
    const r = this.sessions.trans(openKfId, ext, to as KfSessionState, str(b.servicer_userid));
    return typeof r === 'number' ? kfError(r) : kfOk(r.msgCode ? { msg_code: r.msgCode } : {});
  }

  /** customer/batchget (§5.6): every external_userid that ever wrote is known. */
  customerBatchGet(b: Obj): KfReply {
    const ids = Array.isArray(b.external_userid_list) ? b.external_userid_list.filter((x): x is string => typeof x === 'string') : [];
    if (ids.length < 1 || ids.length > 100) return kfError(40058, 'external_userid_list');
    const seen = new Set(this.messages.data.items.map((i) => i.item.external_userid ?? (i.item.event as Obj | undefined)?.external_userid));
    const known = ids.filter((id) => seen.has(id));
    return kfOk({
      customer_list: known.map((id) => ({ external_userid: id, nickname: `沙盒用户${id.slice(-4)}`, avatar: '', gender: 0, unionid: '' })),
      invalid_external_userid: ids.filter((id) => !seen.has(id)),
    });
  }

  /** The platform's state that survives the bot's restarts (tests of a restart carry it over). */
  snapshot(): unknown {
    return structuredClone({ t: this.tokens.data, m: this.messages.data, s: this.sessions.data, ids: this.sentIds });
  }

  restore(snap: unknown): void {
    const s = structuredClone(snap) as { t: KfTokens['data']; m: KfMessageLog['data']; s: KfSessions['data']; ids: Set<string> };
    Object.assign(this.tokens, { data: s.t });
    Object.assign(this.messages, { data: s.m });
    Object.assign(this.sessions, { data: s.s });
    this.sentIds = s.ids;
  }

  /** Forgets everything (a scenario starts from an empty platform); credentials and servicers stay. */
  reset(): void {
    this.tokens.data = { tokens: new Map(), issues: 0 };
    this.messages.reset();
    this.sessions.data = { sessions: new Map(), codes: new Map(), servicers: new Map(this.sessions.data.servicers) };
    this.failures = [];
    this.sentIds.clear();
    Object.assign(this.counters, { sends: 0, eventSends: 0, injectedFailures: 0 });
  }

  private remember(id: string): void {
    if (this.sentIds.size >= 100_000) this.sentIds.delete(this.sentIds.values().next().value as string);
    this.sentIds.add(id);
  }

  private known(openKfId: unknown): boolean {
    return typeof openKfId === 'string' && this.o.openKfIds.includes(openKfId);
  }

  /** The caller's msgid (≤32 B, unique per account) or a generated one; 40058 when invalid/reused ⚠. */
  private msgidFor(openKfId: string, given: unknown): string | number {
    if (given === undefined) return `sbxout_${randomBytes(9).toString('hex')}`;
    return typeof given === 'string' && KF_MSGID.test(given) && !this.sentIds.has(`${openKfId}|${given}`) ? given : 40058;
  }
}
