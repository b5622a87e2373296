// What the 微信客服 channel keeps in Redis (keys.custom('kf', …)), shared by every process:
// - the sync_msg cursor per open_kfid, persistent: a restart resumes where the last page ended (§5.2);
// - the latest callback Token per open_kfid with its 10-minute validity (§5.1), checked on the
//   business clock like the access_token cache (a ManualClock may run ahead of Redis' TTLs);
// - which kf account a customer writes to, so a reply goes out through the same open_kfid (§5.3);
// - one-shot claims for events that bypass intake, and a short log of session events per customer.
import type { Redis } from '../../store/redis.js';
import type { Keys } from '../../store/keys.js';
import type { Clock } from '../../lib/clock.js';

/** Callback Token validity (PROTOCOL.md §5.1). */
export const SYNC_TOKEN_TTL_MS = 10 * 60_000;
const ACCOUNT_TTL_S = 30 * 86_400;
const EVENT_LOG_TTL_S = 7 * 86_400;
const EVENT_LOG_LENGTH = 50;

export interface KfEventRecord {
  msgid: string;
  type: string;
  /** Epoch ms of the event (send_time). */
  at: number;
  [field: string]: unknown;
}

export class KfState {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly clock: Clock,
    private readonly claimTtlSeconds: number = 86_400,
  ) {}

  async cursor(openKfId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.custom('kf', 'cursor', openKfId))) ?? undefined;
  }

  /** Only called after every message of the page was accepted (sync.ts). */
  async saveCursor(openKfId: string, cursor: string): Promise<void> {
    await this.redis.set(this.keys.custom('kf', 'cursor', openKfId), cursor);
  }

  async saveSyncToken(openKfId: string, token: string): Promise<void> {
    const value = JSON.stringify({ token, expiresAt: this.clock.now() + SYNC_TOKEN_TTL_MS });
    await this.redis.set(this.keys.custom('kf', 'synctoken', openKfId), value, 'PX', SYNC_TOKEN_TTL_MS);
  }

  /** The latest callback Token if still valid; without one sync_msg is strictly rate-limited (§5.2). */
  async syncToken(openKfId: string): Promise<string | undefined> {
    const raw = await this.redis.get(this.keys.custom('kf', 'synctoken', openKfId));
    if (!raw) return undefined;
    try {
      const v = JSON.parse(raw) as { token?: unknown; expiresAt?: unknown };
      if (typeof v.token === 'string' && typeof v.expiresAt === 'number' && v.expiresAt > this.clock.now()) return v.token;
    } catch {
      // corrupt: a miss
    }
    return undefined;
  }

  async rememberAccount(externalUserId: string, openKfId: string): Promise<void> {
    await this.redis.set(this.keys.custom('kf', 'account', externalUserId), openKfId, 'EX', ACCOUNT_TTL_S);
  }

  async accountOf(externalUserId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.custom('kf', 'account', externalUserId))) ?? undefined;
  }

  /** True the first time a msgid is claimed: events that bypass intake are deduped here. */
  async claim(msgid: string): Promise<boolean> {
    return (await this.redis.set(this.keys.custom('kf', 'seen', msgid), '1', 'EX', this.claimTtlSeconds, 'NX')) === 'OK';
  }

  /** Undo a claim whose side effect failed, so a re-read page handles the event again. */
  async unclaim(msgid: string): Promise<void> {
    await this.redis.del(this.keys.custom('kf', 'seen', msgid));
  }

  async recordEvent(externalUserId: string, e: KfEventRecord): Promise<void> {
    const key = this.keys.custom('kf', 'events', externalUserId);
    await this.redis.multi().rpush(key, JSON.stringify(e)).ltrim(key, -EVENT_LOG_LENGTH, -1).expire(key, EVENT_LOG_TTL_S).exec();
  }

  async events(externalUserId: string): Promise<KfEventRecord[]> {
    const raw = await this.redis.lrange(this.keys.custom('kf', 'events', externalUserId), 0, -1);
    return raw.map((r) => JSON.parse(r) as KfEventRecord);
  }
}
