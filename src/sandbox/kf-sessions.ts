// Session state of the emulated 微信客服 platform per (open_kfid, external_userid), by the sandbox
// clock: the state table of PROTOCOL.md §5.5, the send_msg rules of §5.3 and the single-use event
// codes of §5.4.
// - 0 new · 1 bot · 2 queued · 3 human · 4 ended/not started. A customer message turns 4 into 0; a
//   session lasts 48 h after the customer's last message, then counts as 4.
// - send_msg only in 0/1 and within those 48 h (else 95018), ≤5 per customer message (95001);
//   a successful bot send moves 0 → 1.
// - trans: 0→1/2/3, 1→2/3, 2→3, 3→3 (another servicer), and →4 from 0..3 (⚠ 0/1/2→4 per
//   third-party summaries); 4 cannot be changed by the API (95016 ⚠ code from memory). A target of
//   3 needs a receiving servicer (95014). msg_code on the first change to 2 or 3 and on 4.
// - codes: welcome 20 s (text/menu, any state), pool/pick 48 h (text), end 20 s (text/menu); each
//   single-use, and except the welcome valid only while the session is in the state that made it.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';

export type KfSessionState = 0 | 1 | 2 | 3 | 4;

interface Session {
  state: KfSessionState;
  servicer?: string;
  lastCustomerAt?: number;
  sentSinceCustomer: number;
  welcomedAt?: number;
  /** A reply-hint msg_code was already given in this session (first change to 2 or 3). */
  hinted: boolean;
}

export interface KfCode {
  openKfId: string;
  externalUserId: string;
  kind: 'welcome' | 'pool' | 'pick' | 'end';
  state: KfSessionState;
  expiresAt: number;
  types: readonly string[];
  used: boolean;
}

export interface KfSessionData {
  sessions: Map<string, Session>;
  codes: Map<string, KfCode>;
  /** userid → 0 receiving, 1 stopped (§5.6). */
  servicers: Map<string, 0 | 1>;
}

const H = 3_600_000;
const SESSION_MS = 48 * H;
export const SENDS_PER_CUSTOMER_MESSAGE = 5;
const EDGES: Record<KfSessionState, readonly KfSessionState[]> = { 0: [1, 2, 3, 4], 1: [2, 3, 4], 2: [3, 4], 3: [3, 4], 4: [] };

export class KfSessions {
  data: KfSessionData = { sessions: new Map(), codes: new Map(), servicers: new Map() };

  constructor(private readonly clock: Clock) {}

  customerWrote(openKfId: string, ext: string): void {
    const s = this.current(openKfId, ext);
    if (s.state === 4) Object.assign(s, { state: 0, servicer: undefined, hinted: false });
    s.lastCustomerAt = this.clock.now();
    s.sentSinceCustomer = 0;
  }

  /** A servicer writes from the WeCom client: an ended session becomes 3 (event change_type 4). */
  servicerWrote(openKfId: string, ext: string, servicer: string): void {
    const s = this.current(openKfId, ext);
    if (s.state === 4) Object.assign(s, { state: 3, servicer });
  }

  /** The welcome_code of enter_session: only without a welcome or a customer message in 48 h. */
  entered(openKfId: string, ext: string): string | undefined {
    const s = this.current(openKfId, ext);
    const now = this.clock.now();
    if ((s.lastCustomerAt ?? -Infinity) > now - SESSION_MS || (s.welcomedAt ?? -Infinity) > now - SESSION_MS) return undefined;
    return this.mint(openKfId, ext, 'welcome', s.state, 20_000, ['text', 'msgmenu']);
  }

  view(openKfId: string, ext: string): { state: KfSessionState; servicer?: string } {
    const s = this.current(openKfId, ext);
    return s.state === 3 && s.servicer ? { state: 3, servicer: s.servicer } : { state: s.state };
  }

  /** 0 when send_msg may go out now, else 95018 (state or 48 h) or 95001 (5 used). */
  canSend(openKfId: string, ext: string): number {
    const s = this.current(openKfId, ext);
    if ((s.state !== 0 && s.state !== 1) || s.lastCustomerAt === undefined) return 95018;
    return s.sentSinceCustomer >= SENDS_PER_CUSTOMER_MESSAGE ? 95001 : 0;
  }

  noteSent(openKfId: string, ext: string): void {
    const s = this.current(openKfId, ext);
    s.sentSinceCustomer += 1;
    if (s.state === 0) s.state = 1;
  }

  /** `service_state/trans`: the errcode, or the msg_code to hand back (possibly none). */
  trans(openKfId: string, ext: string, to: KfSessionState, servicer: string | undefined): number | { msgCode?: string } {
    const s = this.current(openKfId, ext);
    if (!EDGES[s.state].includes(to) || (to === 3 && s.state === 3 && servicer === s.servicer)) return 95016;
    if (to === 3 && (!servicer || this.data.servicers.get(servicer) !== 0)) return 95014;
    let msgCode: string | undefined;
    if (to === 4) msgCode = this.mint(openKfId, ext, 'end', 4, 20_000, ['text', 'msgmenu']);
    else if ((to === 2 || to === 3) && !s.hinted) {
      s.hinted = true;
      msgCode = this.mint(openKfId, ext, to === 2 ? 'pool' : 'pick', to, SESSION_MS, ['text']);
    }
    Object.assign(s, { state: to, servicer: to === 3 ? servicer : undefined });
    return msgCode ? { msgCode } : {};
  }

  /** A usable code for this msgtype, or the errcode (40058 unknown/used/expired ⚠, 40008, 95018). */
  code(code: string, msgtype: string): KfCode | number {
    const c = this.data.codes.get(code);
    if (!c || c.used || c.expiresAt <= this.clock.now()) return 40058;
    if (!c.types.includes(msgtype)) return 40008;
    if (c.kind !== 'welcome' && this.current(c.openKfId, c.externalUserId).state !== c.state) return 95018;
    return c;
  }

  useCode(c: KfCode): void {
    c.used = true;
    if (c.kind === 'welcome') this.current(c.openKfId, c.externalUserId).welcomedAt = this.clock.now();
  }

  /** The session with the 48-hour expiry applied. */
  private current(openKfId: string, ext: string): Session {
    const key = `${openKfId}|${ext}`;
    let s = this.data.sessions.get(key);
    if (!s) this.data.sessions.set(key, (s = { state: 4, sentSinceCustomer: 0, hinted: false }));
    if (s.state !== 4 && s.lastCustomerAt !== undefined && this.clock.now() >= s.lastCustomerAt + SESSION_MS) {
      Object.assign(s, { state: 4, servicer: undefined });
    }
    return s;
  }

  private mint(openKfId: string, externalUserId: string, kind: KfCode['kind'], state: KfSessionState, ttlMs: number, types: string[]): string {
    const now = this.clock.now();
    for (const [k, c] of this.data.codes) if (c.expiresAt < now - H) this.data.codes.delete(k);
    const code = randomBytes(16).toString('base64url');
    this.data.codes.set(code, { openKfId, externalUserId, kind, state, expiresAt: now + ttlMs, types, used: false });
    return code;
  }
}
