// The customer-service (客服消息) window of the emulated Official Account, per openid, by the
// sandbox clock (PROTOCOL.md §3.2 table): a user message allows 5 messages within 48 h; a menu
// click, follow or QR scan 3 within 1 minute; a payment unlimited within 48 h. Unfollowing closes
// everything. Closed → 45015, quota used → 45047. Typing needs an interaction in the last 30 s.
import type { Clock } from '../lib/clock.js';

export type InboundTrigger = 'message' | 'click' | 'subscribe' | 'scan' | 'unsubscribe' | 'payment';

export interface WindowView {
  following: boolean;
  open: boolean;
  /** Messages still allowed now (Infinity after a payment). */
  remaining: number;
  expiresAt?: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const TYPING_MS = 15_000;
const TYPING_NEEDS_INTERACTION_MS = 30_000;

type Slot = 'message' | 'event' | 'payment';
const RULES: Record<Exclude<InboundTrigger, 'unsubscribe'>, { quota: number; ttlMs: number; slot: Slot }> = {
  message: { quota: 5, ttlMs: 48 * HOUR, slot: 'message' },
  click: { quota: 3, ttlMs: MIN, slot: 'event' },
  subscribe: { quota: 3, ttlMs: MIN, slot: 'event' },
  scan: { quota: 3, ttlMs: MIN, slot: 'event' },
  payment: { quota: Infinity, ttlMs: 48 * HOUR, slot: 'payment' },
};

interface Grant {
  remaining: number;
  expiresAt: number;
}
interface UserState {
  unsubscribed: boolean;
  grants: Partial<Record<Slot, Grant>>;
  lastInteractionAt?: number;
  typingUntil?: number;
}

export class OaWindows {
  private users = new Map<string, UserState>();

  constructor(private readonly clock: Clock) {}

  /** Each trigger refills its own grant; a click does not shorten an open 48-hour window. */
  note(openid: string, trigger: InboundTrigger): void {
    if (trigger === 'unsubscribe') {
      this.users.set(openid, { unsubscribed: true, grants: {} });
      return;
    }
    const u = this.user(openid);
    const rule = RULES[trigger];
    const now = this.clock.now();
    if (trigger !== 'payment') u.unsubscribed = false;
    u.lastInteractionAt = now;
    u.grants[rule.slot] = { remaining: rule.quota, expiresAt: now + rule.ttlMs };
  }

  view(openid: string): WindowView {
    const u = this.users.get(openid);
    const valid = u && !u.unsubscribed ? this.valid(u) : [];
    return {
      following: !u?.unsubscribed,
      open: valid.length > 0,
      remaining: valid.reduce((n, g) => n + g.remaining, 0),
      ...(valid.length ? { expiresAt: Math.max(...valid.map((g) => g.expiresAt)) } : {}),
    };
  }

  /** Takes one message from the open grant that ends soonest: 0, 45015 (closed) or 45047 (used up). */
  consume(openid: string): number {
    const u = this.users.get(openid);
    const valid = u && !u.unsubscribed ? this.valid(u) : [];
    if (!valid.length) return 45015;
    const grant = valid.filter((g) => g.remaining > 0).sort((a, b) => a.expiresAt - b.expiresAt)[0];
    if (!grant) return 45047;
    grant.remaining -= 1;
    if (u) u.typingUntil = undefined; // a message ends the typing status
    return 0;
  }

  /** 0, or 45080 (no interaction within 30 s) / 45081 (already typing) — ⚠ mini-program wording. */
  typing(openid: string, command: 'Typing' | 'CancelTyping'): number {
    const u = this.user(openid);
    const now = this.clock.now();
    if (command === 'CancelTyping') {
      u.typingUntil = undefined;
      return 0;
    }
    if (u.unsubscribed || u.lastInteractionAt === undefined || now - u.lastInteractionAt > TYPING_NEEDS_INTERACTION_MS) {
      return 45080;
    }
    if (u.typingUntil !== undefined && u.typingUntil > now) return 45081;
    u.typingUntil = now + TYPING_MS;
    return 0;
  }

  isUnsubscribed(openid: string): boolean {
    return this.users.get(openid)?.unsubscribed === true;
  }

  reset(): void {
    this.users.clear();
  }

  private valid(u: UserState): Grant[] {
    const now = this.clock.now();
    return Object.values(u.grants).filter((g): g is Grant => !!g && g.expiresAt > now);
  }

  private user(openid: string): UserState {
    let u = this.users.get(openid);
    if (!u) this.users.set(openid, (u = { unsubscribed: false, grants: {} }));
    return u;
  }
}
