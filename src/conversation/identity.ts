// Who the customer is: the phone bound to their WeChat id (confirmed by an SMS code), and, for an
// unbound customer, which parcels they proved to be party to with the last four digits. Tools use
// this to decide what a customer may see (DESIGN.md: a customer only sees parcels they are party to).
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { CourierError } from '../domain/errors.js';
import { maskPhone } from '../lib/mask.js';
import { render } from '../lib/templates.js';
import type { PartyRole } from '../courier/types.js';
import { BindCodes, CODE_TTL_MS } from './bind-codes.js';
import { ParcelChecks, type ParcelPhones } from './parcel-check.js';
import { mobileOrNull } from './phone.js';
import type { SmsSender } from './sms.js';

export type { SmsSender } from './sms.js';
export { SandboxSmsSender, LoggingSmsSender } from './sms.js';
export type { ParcelPhones } from './parcel-check.js';

export interface IdentityDeps {
  redis: Redis;
  keys: Keys;
  clock: Clock;
  sms: SmsSender;
  logger: Logger;
}

export interface StartBindingResult {
  status: 'sent' | 'rate_limited' | 'invalid_phone';
  retryAfterSeconds?: number;
  maskedPhone: string;
}

export interface ConfirmBindingResult {
  status: 'bound' | 'wrong' | 'expired' | 'locked';
  phone?: string;
  attemptsLeft?: number;
}

export interface VerifyForParcelResult {
  status: 'verified' | 'wrong' | 'locked';
  role?: PartyRole;
  attemptsLeft?: number;
  retryAfterSeconds?: number;
}

export class Identity {
  private readonly codes: BindCodes;
  private readonly checks: ParcelChecks;

  constructor(private readonly deps: IdentityDeps) {
    this.codes = new BindCodes(deps);
    this.checks = new ParcelChecks(deps);
  }

  /** The bound phone (11 digits), or null for an unbound customer. */
  async phoneOf(channel: string, customerId: string): Promise<string | null> {
    const raw = await this.deps.redis.get(this.deps.keys.binding(channel, customerId));
    return raw ? mobileOrNull(raw) : null;
  }

  /** Binds without a code: sandbox worlds and operator tools (a confirmed code binds in BindCodes). */
  async bind(channel: string, customerId: string, phone: string): Promise<void> {
    const mobile = mobileOrNull(phone);
    if (!mobile) throw new CourierError('PHONE_INVALID', `not a mainland mobile number: ${maskPhone(phone)}`);
    await this.deps.redis.set(this.deps.keys.binding(channel, customerId), mobile);
    this.deps.logger.info({ channel, customerId, phone: maskPhone(mobile) }, 'phone bound');
  }

  async unbind(channel: string, customerId: string): Promise<void> {
    await this.deps.redis.del(this.deps.keys.binding(channel, customerId));
    await this.codes.discard(channel, customerId);
    this.deps.logger.info({ channel, customerId }, 'phone unbound');
  }

  /** Sends a 6-digit code to the phone; at most one per minute per customer and five per phone a day. */
  async startBinding(channel: string, customerId: string, phone: string): Promise<StartBindingResult> {
    const mobile = mobileOrNull(phone);
    if (!mobile) return { status: 'invalid_phone', maskedPhone: maskPhone(phone) };
    const maskedPhone = maskPhone(mobile);
    const issued = await this.codes.issue(channel, customerId, mobile);
    if (!issued.issued) {
      this.deps.logger.info({ channel, customerId, phone: maskedPhone }, 'bind code rate limited');
      return { status: 'rate_limited', retryAfterSeconds: Math.ceil(issued.retryAfterMs / 1000), maskedPhone };
    }
    const text = render('identity.yaml', 'sms_code', { code: issued.code, minutes: CODE_TTL_MS / 60_000 });
    try {
      await this.deps.sms.send(mobile, text);
    } catch (err) {
      // Our failure must not cost the customer a rate-limit slot or leave a code nobody received.
      await this.codes.revoke(channel, customerId, mobile, issued.salt);
      this.deps.logger.warn({ channel, customerId, phone: maskedPhone, err: (err as Error).message }, 'bind code SMS failed');
      throw err;
    }
    this.deps.logger.info({ channel, customerId, phone: maskedPhone }, 'bind code sent');
    return { status: 'sent', maskedPhone };
  }

  /** Checks a code; the first right one binds its phone and is used up (atomically, in BindCodes). */
  async confirmBinding(channel: string, customerId: string, code: string): Promise<ConfirmBindingResult> {
    const res = await this.codes.confirm(channel, customerId, code);
    if (res.status !== 'bound') {
      if (res.status === 'locked') this.deps.logger.warn({ channel, customerId }, 'bind code locked after wrong attempts');
      return res;
    }
    this.deps.logger.info({ channel, customerId, phone: maskPhone(res.phone) }, 'phone bound by code');
    return { status: 'bound', phone: res.phone };
  }

  /** The last-four-digits check for an unbound customer on one parcel. */
  async verifyForParcel(channel: string, customerId: string, waybill: string, last4: string, parcel: ParcelPhones): Promise<VerifyForParcelResult> {
    const res = await this.checks.verify(channel, customerId, waybill, last4, parcel);
    if (res.status === 'locked') this.deps.logger.warn({ channel, customerId, waybill }, 'parcel check locked');
    return res;
  }

  /** The role this customer proved for the waybill within the last 24 h, or null. */
  async verifiedRole(channel: string, customerId: string, waybill: string): Promise<PartyRole | null> {
    return this.checks.role(channel, customerId, waybill);
  }
}
