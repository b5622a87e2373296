// One-time SMS codes that prove a customer holds the phone they want to bind. Codes are stored
// only as HMAC-SHA256 under a per-code salt, expire after 5 minutes, allow 5 wrong tries and are
// consumed by the first right one. Every limit is judged on the business clock (a scenario's
// `wait: 2h` must expire a code); Redis TTLs only collect garbage and never undercut the clock,
// because the business clock never runs slower than real time.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Clock } from '../lib/clock.js';
import { phoneTag } from './phone.js';

export const CODE_TTL_MS = 5 * 60_000;
export const RESEND_INTERVAL_MS = 60_000;
export const CODES_PER_PHONE_PER_DAY = 5;
export const MAX_WRONG_CODES = 5;
const DAY_MS = 24 * 3600_000;

// KEYS: code, customer throttle, phone day window. ARGV: now, salt, hash, phone, expiresAt,
// codeTtlMs, resendMs, dayMs, perDay. Both limits are checked and consumed in one step.
const ISSUE = `
local now = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[2]) or '-1e18')
if now - last < tonumber(ARGV[7]) then return {0, tonumber(ARGV[7]) - (now - last)} end
local startRaw = redis.call('HGET', KEYS[3], 'start')
local start = tonumber(startRaw or '-1e18')
local count = tonumber(redis.call('HGET', KEYS[3], 'count') or '0')
if now - start >= tonumber(ARGV[8]) then startRaw = ARGV[1]; start = now; count = 0 end
if count >= tonumber(ARGV[9]) then return {0, tonumber(ARGV[8]) - (now - start)} end
redis.call('HSET', KEYS[3], 'start', startRaw, 'count', count + 1)
redis.call('PEXPIRE', KEYS[3], ARGV[8])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[7])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'salt', ARGV[2], 'hash', ARGV[3], 'phone', ARGV[4], 'expiresAt', ARGV[5], 'wrong', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return {1, 0}`;

// Undo ISSUE when the SMS could not be sent, so the customer is not throttled for our failure.
// KEYS: code, customer throttle, phone day window. ARGV: salt.
const REVOKE = `
if redis.call('HGET', KEYS[1], 'salt') == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  if tonumber(redis.call('HGET', KEYS[3], 'count') or '0') > 0 then redis.call('HINCRBY', KEYS[3], 'count', -1) end
end
return 1`;

// Settles one attempt against the code that was read (same salt). Re-checking lock and expiry
// here, atomically, means parallel guesses cannot slip a right one in after the fifth wrong one.
// A right code binds its phone in the same step, so a crash cannot use up a code without binding.
// KEYS: code, binding. ARGV: salt, now, maxWrong, outcome ('right' | 'wrong').
const SETTLE = `
if redis.call('HGET', KEYS[1], 'salt') ~= ARGV[1] then return {'expired', 0} end
local wrong = tonumber(redis.call('HGET', KEYS[1], 'wrong') or '0')
if wrong >= tonumber(ARGV[3]) then return {'locked', wrong} end
if tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) <= tonumber(ARGV[2]) then return {'expired', wrong} end
if ARGV[4] == 'right' then
  local phone = redis.call('HGET', KEYS[1], 'phone')
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], phone)
  return {'bound', phone}
end
wrong = redis.call('HINCRBY', KEYS[1], 'wrong', 1)
if wrong >= tonumber(ARGV[3]) then return {'locked', wrong} end
return {'wrong', wrong}`;

export type IssueResult = { issued: true; code: string; salt: string } | { issued: false; retryAfterMs: number };
export type ConfirmResult = { status: 'bound'; phone: string } | { status: 'wrong'; attemptsLeft: number } | { status: 'expired' } | { status: 'locked'; attemptsLeft: 0 };

const hmac = (salt: string, code: string) => createHmac('sha256', salt).update(code).digest();

export class BindCodes {
  constructor(private readonly deps: { redis: Redis; keys: Keys; clock: Clock }) {}

  private keysFor(channel: string, customerId: string, phone: string): string[] {
    const { keys } = this.deps;
    return [keys.bindCode(channel, customerId), keys.custom('bindthrottle', channel, customerId), keys.custom('bindday', phoneTag(phone))];
  }

  /** Stores a fresh code for this customer and phone, unless a rate limit says no. */
  async issue(channel: string, customerId: string, phone: string): Promise<IssueResult> {
    const now = this.deps.clock.now();
    // randomInt is uniform (no modulo bias) and comes from the CSPRNG.
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16).toString('hex');
    const args = [now, salt, hmac(salt, code).toString('hex'), phone, now + CODE_TTL_MS, CODE_TTL_MS, RESEND_INTERVAL_MS, DAY_MS, CODES_PER_PHONE_PER_DAY].map(String);
    const res = (await this.deps.redis.eval(ISSUE, 3, ...this.keysFor(channel, customerId, phone), ...args)) as [number, number];
    return res[0] === 1 ? { issued: true, code, salt } : { issued: false, retryAfterMs: Math.max(1000, Number(res[1])) };
  }

  async revoke(channel: string, customerId: string, phone: string, salt: string): Promise<void> {
    await this.deps.redis.eval(REVOKE, 3, ...this.keysFor(channel, customerId, phone), salt);
  }

  /** Settles one attempt; the right code binds the phone (same key Identity.phoneOf reads). */
  async confirm(channel: string, customerId: string, input: string): Promise<ConfirmResult> {
    const key = this.deps.keys.bindCode(channel, customerId);
    const stored = await this.deps.redis.hgetall(key);
    if (!stored.salt || !stored.hash) return { status: 'expired' };
    const expected = Buffer.from(stored.hash, 'hex');
    const given = hmac(stored.salt, input.trim());
    const right = expected.length === given.length && timingSafeEqual(expected, given);
    const args = [stored.salt, String(this.deps.clock.now()), String(MAX_WRONG_CODES), right ? 'right' : 'wrong'];
    const binding = this.deps.keys.binding(channel, customerId);
    const [status, value] = (await this.deps.redis.eval(SETTLE, 2, key, binding, ...args)) as [string, string | number];
    switch (status) {
      case 'bound':
        return { status: 'bound', phone: String(value) };
      case 'wrong':
        return { status: 'wrong', attemptsLeft: MAX_WRONG_CODES - Number(value) };
      case 'locked':
        return { status: 'locked', attemptsLeft: 0 };
      default:
        return { status: 'expired' };
    }
  }

  async discard(channel: string, customerId: string): Promise<void> {
    await this.deps.redis.del(this.deps.keys.bindCode(channel, customerId));
  }
}
