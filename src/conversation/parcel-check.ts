// The "last four digits of the phone on that parcel" check for customers without a bound phone.
// A pass is remembered per (customer, waybill) with the role it proved for 24 h; five misses on
// one waybill lock that customer out of it for an hour. As with codes, the business clock
// decides and Redis TTLs only collect garbage.
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Clock } from '../lib/clock.js';
import { normalisePhone, normaliseWaybill, type PartyRole } from '../courier/types.js';

export const VERIFIED_FOR_MS = 24 * 3600_000;
export const PARCEL_LOCK_MS = 3600_000;
export const MAX_WRONG_LAST4 = 5;

/** The parts of a parcel the check needs (Parcel satisfies it). */
export interface ParcelPhones {
  sender: { phone: string };
  receiver: { phone: string };
}

export type ParcelCheckResult =
  | { status: 'verified'; role: PartyRole }
  | { status: 'wrong'; attemptsLeft: number }
  | { status: 'locked'; retryAfterSeconds: number };

// KEYS: state. ARGV: now, outcome ('ok' | 'wrong'), role, maxWrong, lockedUntil if this miss
// locks, keepMs. The lock is re-checked here so parallel guesses cannot pass once locked.
const SETTLE = `
local lockedUntil = redis.call('HGET', KEYS[1], 'lockedUntil')
if lockedUntil and tonumber(lockedUntil) > tonumber(ARGV[1]) then return {'locked', lockedUntil} end
local out
if ARGV[2] == 'ok' then
  redis.call('HSET', KEYS[1], 'role', ARGV[3], 'verifiedAt', ARGV[1], 'wrong', '0')
  out = {'verified', ARGV[3]}
else
  local wrong = redis.call('HINCRBY', KEYS[1], 'wrong', 1)
  if wrong >= tonumber(ARGV[4]) then
    redis.call('HSET', KEYS[1], 'lockedUntil', ARGV[5], 'wrong', '0')
    out = {'locked', ARGV[5]}
  else
    out = {'wrong', tostring(wrong)}
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return out`;

/**
 * Which role the answer proves. Four digits match the end of a party's phone; a full 11-digit
 * number must match that phone exactly. When both parties match, the receiver wins: it is the
 * role a parcel sent to oneself has everywhere else (CourierBackend.parcelsByPhone).
 */
export function matchRole(answer: string, parcel: ParcelPhones): PartyRole | null {
  const digits = answer.replace(/\D/g, '');
  const fits = (phone: string) => {
    const p = normalisePhone(phone);
    if (digits.length === 4) return p.slice(-4) === digits;
    return digits.length === p.length && digits === p;
  };
  if (digits.length !== 4 && digits.length !== 11) return null;
  if (fits(parcel.receiver.phone)) return 'receiver';
  if (fits(parcel.sender.phone)) return 'sender';
  return null;
}

export class ParcelChecks {
  constructor(private readonly deps: { redis: Redis; keys: Keys; clock: Clock }) {}

  private key(channel: string, customerId: string, waybill: string): string {
    return this.deps.keys.custom('verify', channel, customerId, normaliseWaybill(waybill));
  }

  async verify(channel: string, customerId: string, waybill: string, answer: string, parcel: ParcelPhones): Promise<ParcelCheckResult> {
    const now = this.deps.clock.now();
    const role = matchRole(answer, parcel);
    const args = [String(now), role ? 'ok' : 'wrong', role ?? '', String(MAX_WRONG_LAST4), String(now + PARCEL_LOCK_MS), String(VERIFIED_FOR_MS)];
    const [status, value] = (await this.deps.redis.eval(SETTLE, 1, this.key(channel, customerId, waybill), ...args)) as [string, string];
    if (status === 'verified') return { status, role: value as PartyRole };
    if (status === 'locked') return { status, retryAfterSeconds: Math.max(1, Math.ceil((Number(value) - now) / 1000)) };
    return { status: 'wrong', attemptsLeft: MAX_WRONG_LAST4 - Number(value) };
  }

  async role(channel: string, customerId: string, waybill: string): Promise<PartyRole | null> {
    const [role, at] = await this.deps.redis.hmget(this.key(channel, customerId, waybill), 'role', 'verifiedAt');
    if ((role !== 'sender' && role !== 'receiver') || !at) return null;
    return this.deps.clock.now() - Number(at) < VERIFIED_FOR_MS ? role : null;
  }
}
