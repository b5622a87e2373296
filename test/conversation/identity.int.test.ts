import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Identity, SandboxSmsSender, LoggingSmsSender, type SmsSender } from '../../src/conversation/identity.js';
import { ManualClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { Outbox } from '../../src/sandbox/outbox.js';
import { Keys } from '../../src/store/keys.js';
import { deleteByPrefix } from '../../src/store/cleanup.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PHONE = '13800000001';

/** Records every SMS; `fail` makes the next send throw like an unreachable provider. */
class FakeSms implements SmsSender {
  sent: { phone: string; text: string }[] = [];
  fail = false;
  async send(phone: string, text: string) {
    if (this.fail) throw new Error('provider down');
    this.sent.push({ phone, text });
  }
  lastCode(): string {
    const m = /验证码是 (\d{6})/.exec(this.sent.at(-1)?.text ?? '');
    if (!m?.[1]) throw new Error('no code sent');
    return m[1];
  }
}

describe('Identity', () => {
  let prefix: string;
  let redis: Redis;
  let clock: ManualClock;
  let sms: FakeSms;
  let id: Identity;

  beforeEach(() => {
    prefix = `{t-${randomUUID()}}`;
    redis = new Redis(REDIS_URL);
    clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
    sms = new FakeSms();
    id = new Identity({ redis, keys: new Keys(prefix), clock, sms, logger: createLogger('silent') });
  });

  afterEach(async () => {
    redis.disconnect();
    await deleteByPrefix(REDIS_URL, prefix);
  });

  /** Every string stored under the test prefix: string values, hash fields and values. */
  async function storedStrings(): Promise<string[]> {
    const keys = await redis.keys(`${prefix}*`);
    const out: string[] = [];
    for (const k of keys) {
      const type = await redis.type(k);
      if (type === 'string') out.push((await redis.get(k)) ?? '');
      if (type === 'hash') out.push(...Object.entries(await redis.hgetall(k)).flat());
    }
    return out;
  }

  describe('phone binding by SMS code', () => {
    it('sends a 6-digit code, binds the phone on the right code, and the code works once', async () => {
      const start = await id.startBinding('wechat', 'o_1', '138 0000 0001');
      expect(start).toEqual({ status: 'sent', maskedPhone: '138****0001' });
      expect(sms.sent).toHaveLength(1);
      expect(sms.sent[0]!.phone).toBe(PHONE);
      expect(sms.sent[0]!.text).toMatch(/^【快递客服】您的验证码是 \d{6}，5 分钟内有效。如非本人操作请忽略。$/);
      const code = sms.lastCode();

      expect(await id.phoneOf('wechat', 'o_1')).toBeNull();
      expect(await id.confirmBinding('wechat', 'o_1', code)).toEqual({ status: 'bound', phone: PHONE });
      expect(await id.phoneOf('wechat', 'o_1')).toBe(PHONE);
      // Single use: the same code again finds nothing to confirm.
      expect((await id.confirmBinding('wechat', 'o_1', code)).status).toBe('expired');
    });

    it('stores the code only as a salted hash', async () => {
      await id.startBinding('wechat', 'o_1', PHONE);
      const code = sms.lastCode();
      const stored = await storedStrings();
      expect(stored).not.toContain(code);
      const record = await redis.hgetall(new Keys(prefix).bindCode('wechat', 'o_1'));
      expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(record.hash).not.toBe(createHash('sha256').update(code).digest('hex'));
      expect(record.salt).toMatch(/^[0-9a-f]{32}$/);
    });

    it('expires a code after 5 minutes on the business clock', async () => {
      await id.startBinding('wechat', 'o_1', PHONE);
      clock.advance(5 * 60_000 + 1);
      expect((await id.confirmBinding('wechat', 'o_1', sms.lastCode())).status).toBe('expired');
      expect(await id.phoneOf('wechat', 'o_1')).toBeNull();
    });

    it('counts wrong codes down and locks after the fifth, even for the right code', async () => {
      await id.startBinding('wechat', 'o_1', PHONE);
      const code = sms.lastCode();
      const wrong = code === '000000' ? '111111' : '000000';
      for (const left of [4, 3, 2, 1]) expect(await id.confirmBinding('wechat', 'o_1', wrong)).toEqual({ status: 'wrong', attemptsLeft: left });
      expect(await id.confirmBinding('wechat', 'o_1', wrong)).toEqual({ status: 'locked', attemptsLeft: 0 });
      expect((await id.confirmBinding('wechat', 'o_1', code)).status).toBe('locked');
      expect(await id.phoneOf('wechat', 'o_1')).toBeNull();
    });

    it('refuses parallel guesses once five wrong ones are counted', async () => {
      await id.startBinding('wechat', 'o_1', PHONE);
      const code = sms.lastCode();
      const guesses = Array.from({ length: 30 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
      const results = await Promise.all(guesses.map((g) => id.confirmBinding('wechat', 'o_1', g)));
      expect(results.filter((r) => r.status === 'wrong')).toHaveLength(4);
      expect((await id.confirmBinding('wechat', 'o_1', code)).status).toBe('locked');
    });

    it('sends at most one code a minute per customer', async () => {
      await id.startBinding('wechat', 'o_1', PHONE);
      clock.advance(20_000);
      const again = await id.startBinding('wechat', 'o_1', PHONE);
      expect(again.status).toBe('rate_limited');
      expect(again.retryAfterSeconds).toBe(40);
      expect(sms.sent).toHaveLength(1);
      clock.advance(40_000);
      expect((await id.startBinding('wechat', 'o_1', PHONE)).status).toBe('sent');
      // The new code replaces the old one.
      expect((await id.confirmBinding('wechat', 'o_1', sms.lastCode())).status).toBe('bound');
    });

    it('sends at most five codes a day to one phone, whoever asks', async () => {
      for (let i = 0; i < 5; i++) expect((await id.startBinding('wechat', `o_${i}`, PHONE)).status).toBe('sent');
      const sixth = await id.startBinding('wecom-kf', 'wm_x', PHONE);
      expect(sixth.status).toBe('rate_limited');
      expect(sixth.retryAfterSeconds).toBe(24 * 3600);
      expect((await id.startBinding('wechat', 'o_9', '13900000009')).status).toBe('sent');
      clock.advance(24 * 3600_000);
      expect((await id.startBinding('wecom-kf', 'wm_x', PHONE)).status).toBe('sent');
    });

    it('rejects a number that is not a mainland mobile without sending anything', async () => {
      expect(await id.startBinding('wechat', 'o_1', '12345')).toEqual({ status: 'invalid_phone', maskedPhone: '****' });
      expect((await id.startBinding('wechat', 'o_1', '021-12345678')).status).toBe('invalid_phone');
      expect(sms.sent).toHaveLength(0);
      await expect(id.bind('wechat', 'o_1', '12345')).rejects.toMatchObject({ code: 'PHONE_INVALID' });
    });

    it('gives back the rate-limit slot when the SMS cannot be sent', async () => {
      sms.fail = true;
      await expect(id.startBinding('wechat', 'o_1', PHONE)).rejects.toThrow('provider down');
      sms.fail = false;
      expect((await id.startBinding('wechat', 'o_1', PHONE)).status).toBe('sent');
    });

    it('binds directly and unbinds', async () => {
      await id.bind('wecom-kf', 'wm_1', '+86 139-0000-0009');
      expect(await id.phoneOf('wecom-kf', 'wm_1')).toBe('13900000009');
      expect(await id.phoneOf('wechat', 'wm_1')).toBeNull();
      await id.unbind('wecom-kf', 'wm_1');
      expect(await id.phoneOf('wecom-kf', 'wm_1')).toBeNull();
    });
  });

  describe('last four digits for one parcel', () => {
    const parcel = { sender: { phone: '13900000009' }, receiver: { phone: '13800000001' } };

    it('proves the role whose phone ends in the digits and remembers it for 24 hours', async () => {
      expect(await id.verifiedRole('wechat', 'o_1', 'SF1')).toBeNull();
      expect(await id.verifyForParcel('wechat', 'o_1', 'sf1000000000001', '0009', parcel)).toEqual({ status: 'verified', role: 'sender' });
      expect(await id.verifiedRole('wechat', 'o_1', 'SF1000000000001')).toBe('sender');
      expect(await id.verifiedRole('wechat', 'o_1', 'SF1000000000002')).toBeNull();
      expect(await id.verifiedRole('wechat', 'o_2', 'SF1000000000001')).toBeNull();
      expect(await id.verifyForParcel('wechat', 'o_3', 'SF1000000000001', '0001', parcel)).toEqual({ status: 'verified', role: 'receiver' });
      clock.advance(24 * 3600_000);
      expect(await id.verifiedRole('wechat', 'o_1', 'SF1000000000001')).toBeNull();
    });

    it('locks the customer out of that waybill for an hour after five wrong answers', async () => {
      for (const left of [4, 3, 2, 1]) expect(await id.verifyForParcel('wechat', 'o_1', 'SF1', '1234', parcel)).toEqual({ status: 'wrong', attemptsLeft: left });
      expect(await id.verifyForParcel('wechat', 'o_1', 'SF1', '1234', parcel)).toEqual({ status: 'locked', retryAfterSeconds: 3600 });
      // Locked means the right answer is refused too, and nothing is remembered.
      expect((await id.verifyForParcel('wechat', 'o_1', 'SF1', '0001', parcel)).status).toBe('locked');
      expect(await id.verifiedRole('wechat', 'o_1', 'SF1')).toBeNull();
      // Other waybills and other customers are not affected.
      expect((await id.verifyForParcel('wechat', 'o_1', 'SF2', '0001', parcel)).status).toBe('verified');
      expect((await id.verifyForParcel('wechat', 'o_2', 'SF1', '0001', parcel)).status).toBe('verified');
      clock.advance(3600_000);
      expect(await id.verifyForParcel('wechat', 'o_1', 'SF1', '0001', parcel)).toEqual({ status: 'verified', role: 'receiver' });
    });

    it('accepts a full matching number but not a full number that only ends alike', async () => {
      expect((await id.verifyForParcel('wechat', 'o_1', 'SF1', '138 0000 0001', parcel)).status).toBe('verified');
      expect((await id.verifyForParcel('wechat', 'o_2', 'SF1', '13700000001', parcel)).status).toBe('wrong');
      expect((await id.verifyForParcel('wechat', 'o_2', 'SF1', 'abcd', parcel)).status).toBe('wrong');
    });
  });
});

describe('SMS senders', () => {
  it('the sandbox sender puts the SMS in the outbox for the console', async () => {
    const outbox = new Outbox();
    await new SandboxSmsSender(outbox).send(PHONE, '【快递客服】您的验证码是 123456');
    expect(outbox.list({ channel: 'sms', to: PHONE })).toMatchObject([{ channel: 'sms', to: PHONE, kind: 'text', text: '【快递客服】您的验证码是 123456' }]);
  });

  it('the logging sender refuses to start in production', () => {
    expect(() => new LoggingSmsSender({ logger: createLogger('silent'), env: 'production' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => new LoggingSmsSender({ logger: createLogger('silent'), env: 'development' })).not.toThrow();
  });
});
