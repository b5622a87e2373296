// The emulated WeCom app platform: the state behind /sandbox/wecom/cgi-bin/*, with the rules the
// bot must live with (PROTOCOL.md §4): gettoken by the sandbox clock (§4.1), message/send with
// recipient checks and unique task_ids (§4.3), one-shot response codes for update_template_card
// (§4.4), temporary media, the group robot's key and 20-per-minute limit (§4.5), and injectable
// failures (§4.6). Everything delivered lands in the shared Outbox with channel 'wecom'.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { Outbox } from './outbox.js';
import { WecomCards, type CardState } from './wecom-cards.js';
import { WecomRobots } from './wecom-robot.js';
import { asObj, cardText, contentOf, str } from './wecom-rules.js';
import { WecomTokens, wecomError, wecomOk, type WecomReply } from './wecom-tokens.js';

export type { WecomReply } from './wecom-tokens.js';
export type { CardState } from './wecom-cards.js';

export interface WecomPlatformOptions {
  clock: Clock;
  corpId: string;
  agentId: string;
  secret: string;
  /** Shared with the other emulated platforms; one is created when omitted. */
  outbox?: Outbox;
}

export interface StoredMedia {
  data: Buffer;
  contentType: string;
  filename: string;
  createdAt: number;
}

interface Failure {
  api: string;
  errcode: number;
  remaining: number;
  httpStatus?: number;
}

type Obj = Record<string, unknown>;
const MEDIA_TTL_MS = 72 * 3_600_000;
const normalizeApi = (api: string) => api.replace(/^\/?(cgi-bin\/)?/, '').replace(/\?.*$/, '');
/** Failures injected with api `*` never hit these: gettoken, and the robot (it has no token). */
const UNGUARDED = new Set(['gettoken', 'webhook/send']);
/** message/send `duplicate_check_interval`: default 1800 s, at most 4 h (PROTOCOL.md §4.3). */
const DUPLICATE_CHECK_DEFAULT_S = 1800;
const DUPLICATE_CHECK_MAX_S = 4 * 3600;

export class WecomPlatform {
  readonly outbox: Outbox;
  readonly tokens: WecomTokens;
  readonly cards: WecomCards;
  readonly robots: WecomRobots;
  readonly counters = { sends: 0, updates: 0, injectedFailures: 0 };
  private members: Set<string> | undefined;
  private failures: Failure[] = [];
  private media = new Map<string, StoredMedia>();
  /** `<userid>\n<kind>\n<text>` → when it was last delivered, for enable_duplicate_check. */
  private delivered = new Map<string, number>();

  constructor(private readonly o: WecomPlatformOptions) {
    this.outbox = o.outbox ?? new Outbox({ clock: o.clock });
    this.tokens = new WecomTokens(o);
    this.cards = new WecomCards(o.clock);
    this.robots = new WecomRobots(o.clock, this.outbox);
  }

  /** Only these userids exist (others are invalid users); undefined = anyone. */
  setMembers(userids: readonly string[] | undefined): void {
    this.members = userids ? new Set(userids) : undefined;
  }

  /** Only these robot keys exist (others answer 93000); undefined = any key. */
  setRobotKeys(keys: readonly string[] | undefined): void {
    this.robots.setKeys(keys);
  }

  invalidateTokens(): void {
    this.tokens.invalidateAll();
  }

  /** The next `times` calls of `api` (default message/send; `*` = any token API) fail. */
  failNext(errcode: number, o: { api?: string; times?: number; httpStatus?: number } = {}): void {
    const api = o.api === '*' ? '*' : normalizeApi(o.api ?? 'message/send');
    this.failures.push({ api, errcode, remaining: Math.max(1, o.times ?? 1), ...(o.httpStatus && { httpStatus: o.httpStatus }) });
  }

  /** An injected failure, then (for token APIs) the access_token check. */
  preflight(api: string, token: string | undefined): { errcode: number; httpStatus?: number } | undefined {
    const name = normalizeApi(api);
    const i = this.failures.findIndex((f) => f.api === name || (f.api === '*' && !UNGUARDED.has(name)));
    const f = this.failures[i];
    if (f) {
      if (--f.remaining <= 0) this.failures.splice(i, 1);
      this.counters.injectedFailures += 1;
      return f.httpStatus ? { errcode: f.errcode, httpStatus: f.httpStatus } : { errcode: f.errcode };
    }
    if (UNGUARDED.has(name)) return undefined;
    const errcode = this.tokens.check(token);
    return errcode ? { errcode } : undefined;
  }

  /** POST /cgi-bin/message/send: one outbox entry per reached member; a card gets a response_code. */
  sendMessage(body: Obj): WecomReply {
    if (String(body.agentid) !== this.o.agentId) return wecomError(40056);
    const content = contentOf(body);
    if (typeof content === 'number') return wecomError(content);
    const wanted = (str(body.touser) ?? '').split('|').filter(Boolean);
    const reach = wanted.includes('@all') ? [...(this.members ?? ['@all'])] : wanted;
    const valid = reach.filter((u) => !this.members || this.members.has(u));
    const invalid = reach.filter((u) => !valid.includes(u));
    if (!valid.length) return wecomError(81013);
    const extra: Obj = {};
    if (content.kind === 'card') {
      if (this.cards.isUsed(content.taskId)) return wecomError(42014);
      extra.response_code = this.cards.sent(content.taskId, valid, content.card, content.buttons);
    }
    const msgid = randomBytes(16).toString('base64url');
    this.counters.sends += 1;
    for (const to of this.notDuplicates(body, valid, content.kind, content.text)) {
      const card = content.kind === 'card' ? { taskId: content.taskId, buttons: content.buttons, responseCode: extra.response_code } : {};
      this.outbox.record({ channel: 'wecom', to, kind: content.kind, text: content.text, msgid, ...('url' in content && content.url ? { url: content.url } : {}), ...card });
    }
    return wecomOk({ invaliduser: invalid.join('|'), msgid, ...extra });
  }

  /** With enable_duplicate_check=1 the platform drops, per member, the same message sent again
   * within duplicate_check_interval; the call still succeeds. */
  private notDuplicates(body: Obj, userids: string[], kind: string, text: string): string[] {
    const now = this.o.clock.now();
    if (Number(body.enable_duplicate_check) !== 1) return userids;
    const interval = Math.min(Number(body.duplicate_check_interval) || DUPLICATE_CHECK_DEFAULT_S, DUPLICATE_CHECK_MAX_S) * 1000;
    if (this.delivered.size > 10_000) for (const [k, at] of this.delivered) if (at <= now - DUPLICATE_CHECK_MAX_S * 1000) this.delivered.delete(k);
    return userids.filter((u) => {
      const key = `${u}\n${kind}\n${text}`;
      const last = this.delivered.get(key);
      if (last !== undefined && now - last < interval) return false;
      this.delivered.set(key, now);
      return true;
    });
  }

  /** POST /cgi-bin/message/update_template_card: button.replace_name or a whole template_card. */
  updateTemplateCard(body: Obj): WecomReply {
    if (String(body.agentid) !== this.o.agentId) return wecomError(40056);
    const code = str(body.response_code);
    if (!code) return wecomError(40058, 'response_code');
    const replaceName = str(asObj(body.button)?.replace_name);
    const card = asObj(body.template_card);
    if (!replaceName && !card) return wecomError(40058, 'button or template_card');
    const ids = Array.isArray(body.userids) ? body.userids.filter((u): u is string => typeof u === 'string') : [];
    const targets = ids.length ? ids : body.atall === 1 ? 'all' : [];
    const res = this.cards.update(code, targets, { ...(replaceName && { replaceName }), ...(card && { card }) });
    if (res.errcode) return wecomError(res.errcode, 'response_code');
    this.counters.updates += 1;
    const text = replaceName ?? cardText(card ?? {});
    for (const to of res.userids) this.outbox.record({ channel: 'wecom', to, kind: 'card_update', text, taskId: res.taskId });
    return wecomOk();
  }

  /** A member's cards, oldest first (tests read each recipient's card state here). */
  cardsOf(userid: string): CardState[] {
    return this.cards.cardsOf(userid);
  }

  card(userid: string, taskId: string): CardState | undefined {
    return this.cards.card(userid, taskId);
  }

  /** POST /cgi-bin/webhook/send?key= (§4.5, wecom-robot.ts). */
  robotSend(key: string | undefined, body: Obj): WecomReply {
    return this.robots.send(key, body);
  }

  // ---- temporary media (~3 days) ----

  putMedia(data: Buffer, contentType: string, filename: string): string {
    const id = randomBytes(32).toString('base64url');
    this.media.set(id, { data, contentType, filename, createdAt: this.o.clock.now() });
    return id;
  }

  uploadMedia(type: string, data: Buffer, contentType: string, filename: string): WecomReply {
    if (!['image', 'voice', 'video', 'file'].includes(type)) return wecomError(40058, 'type');
    if (!data.length) return wecomError(41005);
    const mediaId = this.putMedia(data, contentType, filename);
    return wecomOk({ type, media_id: mediaId, created_at: String(Math.floor(this.o.clock.now() / 1000)) });
  }

  getMedia(mediaId: string): StoredMedia | undefined {
    const m = this.media.get(mediaId);
    if (m && m.createdAt + MEDIA_TTL_MS <= this.o.clock.now()) this.media.delete(mediaId);
    return this.media.get(mediaId);
  }

  /** Forgets everything but the credentials (the shared outbox is the OA platform's to clear). */
  reset(): void {
    this.tokens.reset();
    this.cards.reset();
    this.failures = [];
    this.media.clear();
    this.delivered.clear();
    this.robots.reset();
    this.members = undefined;
    Object.assign(this.counters, { sends: 0, updates: 0, injectedFailures: 0 });
  }
}
