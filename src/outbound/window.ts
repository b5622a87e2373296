// Our side of the customer-service window (PROTOCOL.md §3.2): a user message opens 5 messages for
// 48 h; a menu click, a QR scan or a follow opens 3 for 1 minute. We track it so a reply outside
// the window goes straight to a template message instead of wasting a call on 45015/45047. The
// platform stays the final judge: its errors still trigger the fallback.
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';

export type WindowTrigger = 'message' | 'click' | 'scan' | 'subscribe' | 'unsubscribe';

interface Rule {
  quota: number;
  ttlMs: number;
}

/** Official Account rules; 微信客服 (send_msg) uses 5 per customer message within 48 h as well. */
export const WINDOW_RULES: Record<Exclude<WindowTrigger, 'unsubscribe'>, Rule> = {
  message: { quota: 5, ttlMs: 48 * 3600_000 },
  click: { quota: 3, ttlMs: 60_000 },
  scan: { quota: 3, ttlMs: 60_000 },
  subscribe: { quota: 3, ttlMs: 60_000 },
};

// KEYS: window; ARGV: now, until, quota, force(1 = a user message always resets), ttlMs.
// The key's Redis TTL is relative (business time may run ahead of the server's clock in sandbox
// runs); the `until` field is what decides.
const OPEN = `
local untilAt = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if ARGV[4] == '1' or untilAt <= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'until', ARGV[2], 'quota', ARGV[3], 'used', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
return 1`;

// KEYS: window; ARGV: now. Takes one message of the quota if the window is open.
const RESERVE = `
local untilAt = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if untilAt <= tonumber(ARGV[1]) then return 0 end
local used = tonumber(redis.call('HGET', KEYS[1], 'used') or '0')
local quota = tonumber(redis.call('HGET', KEYS[1], 'quota') or '0')
if used >= quota then return -1 end
redis.call('HINCRBY', KEYS[1], 'used', 1)
return 1`;

export type Reservation = 'ok' | 'closed' | 'quota';

export class ServiceWindow {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async open(channel: string, user: string, trigger: WindowTrigger, at: number): Promise<void> {
    const key = this.keys.window(channel, user);
    if (trigger === 'unsubscribe') {
      await this.redis.del(key);
      return;
    }
    const rule = WINDOW_RULES[trigger];
    await this.redis.eval(OPEN, 1, key, String(at), String(at + rule.ttlMs), String(rule.quota), trigger === 'message' ? '1' : '0', String(rule.ttlMs + 3600_000));
  }

  async reserve(channel: string, user: string, now: number): Promise<Reservation> {
    const r = await this.redis.eval(RESERVE, 1, this.keys.window(channel, user), String(now));
    return r === 1 ? 'ok' : r === -1 ? 'quota' : 'closed';
  }

  /** The window as reserve() would find it, without using a message of the quota. */
  async peek(channel: string, user: string, now: number): Promise<Reservation> {
    const [until, quota, used] = await this.redis.hmget(this.keys.window(channel, user), 'until', 'quota', 'used');
    if (Number(until ?? 0) <= now) return 'closed';
    return Number(used ?? 0) >= Number(quota ?? 0) ? 'quota' : 'ok';
  }

  /** Marks the window spent after the platform said 45015/45047, so later sends skip straight to templates. */
  async close(channel: string, user: string): Promise<void> {
    await this.redis.hset(this.keys.window(channel, user), 'until', '0');
  }
}
