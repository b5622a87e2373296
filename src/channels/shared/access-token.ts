// The one access_token cache, shared by every web and worker process through Redis
// (PROTOCOL.md §3.1: "one central token service with proactive + on-demand refresh and a lock";
// §10.7: refresh once on 40001/40014/42001, never loop). A miss is refreshed by ONE caller holding
// `SET NX PX`; the others poll Redis for the new value within a bounded wait. Invalidation is a
// compare-and-delete, so a burst of sends failing with the same stale token causes one refresh.
// The fetcher is injected: the OA uses /cgi-bin/stable_token, WeCom its gettoken.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../../store/keys.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { PlatformUnreachableError } from './api-error.js';

/** What every platform API client needs besides its credentials (OA, WeCom app, 微信客服). */
export interface PlatformClientOptions {
  /** The real host or the sandbox emulator; a function is read on every call (with PORT=0 the sandbox knows its port late). */
  apiBase: string | (() => string);
  redis: Redis;
  keys: Keys;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
}

export interface FetchedToken {
  token: string;
  /** Seconds the platform says the token lives (OA: ≤7200). */
  expiresIn: number;
}

/** `force` is true only right after a token was invalidated (stable_token `force_refresh`). */
export type TokenFetcher = (force: boolean) => Promise<FetchedToken>;

export interface AccessTokenCacheOptions {
  redis: Redis;
  keys: Keys;
  /** `wechat`, `wecom`, … — part of the Redis key. */
  platform: string;
  appId: string;
  fetchToken: TokenFetcher;
  clock?: Clock;
  logger?: Logger;
  /** Stop using a token this many seconds before the platform's expiry (default 120). */
  marginSeconds?: number;
  /** Lock lifetime; must exceed the fetcher's HTTP timeout (default 10 s). */
  lockTtlMs?: number;
  /** How long a caller waits for another process's refresh before giving up (default 8 s). */
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
}

// KEYS[1] token, KEYS[2] force flag; ARGV[1] the rejected token, ARGV[2] 1 = force, ARGV[3] flag TTL ms.
const INVALIDATE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, d = pcall(cjson.decode, v)
if ok and type(d) == 'table' and d.token == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if ARGV[2] == '1' then redis.call('SET', KEYS[2], '1', 'PX', tonumber(ARGV[3])) end
  return 1
end
return 0`;

// KEYS[1] lock; ARGV[1] the owner's id.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

interface Stored {
  token: string;
  /** Business-clock milliseconds after which the cached value counts as a miss. */
  expiresAt: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AccessTokenCache {
  private readonly key: string;
  private readonly lockKey: string;
  private readonly forceKey: string;
  private readonly clock: Clock;
  private inflight: Promise<string> | undefined;

  constructor(private readonly opts: AccessTokenCacheOptions) {
    this.key = opts.keys.accessToken(opts.platform, opts.appId);
    this.lockKey = opts.keys.accessTokenLock(opts.platform, opts.appId);
    this.forceKey = opts.keys.custom('token', opts.platform, opts.appId, 'force');
    this.clock = opts.clock ?? systemClock;
  }

  /** A valid token: from Redis, or refreshed by exactly one process while the others wait. */
  async get(): Promise<string> {
    const cached = await this.read();
    if (cached) return cached;
    // One Redis round of lock-and-poll per process, however many callers are waiting here.
    this.inflight ??= this.acquire().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /**
   * Drops the cached token if it still is `badToken` (another caller may already have replaced
   * it). Returns true when this call removed it. `force` asks the next fetch for force_refresh
   * (wanted for 40001/40014; an expired token, 42001, renews without it).
   */
  async invalidate(badToken: string, opts: { force?: boolean } = {}): Promise<boolean> {
    const force = opts.force ?? true;
    const removed = await this.opts.redis.eval(INVALIDATE, 2, this.key, this.forceKey, badToken, force ? '1' : '0', 600_000);
    if (removed === 1) this.opts.logger?.warn({ platform: this.opts.platform, force }, 'access_token invalidated');
    return removed === 1;
  }

  private async acquire(): Promise<string> {
    const deadline = Date.now() + (this.opts.waitTimeoutMs ?? 8000);
    const poll = this.opts.pollIntervalMs ?? 50;
    for (;;) {
      const owner = randomUUID();
      const locked = await this.opts.redis.set(this.lockKey, owner, 'PX', this.opts.lockTtlMs ?? 10_000, 'NX');
      if (locked === 'OK') {
        try {
          return (await this.read()) ?? (await this.refresh());
        } finally {
          await this.opts.redis.eval(RELEASE, 1, this.lockKey, owner).catch(() => undefined);
        }
      }
      await sleep(poll);
      const token = await this.read();
      if (token) return token;
      if (Date.now() >= deadline) {
        throw new PlatformUnreachableError(this.opts.platform + ' token', 'timed out waiting for another refresh');
      }
    }
  }

  private async refresh(): Promise<string> {
    const force = (await this.opts.redis.get(this.forceKey)) !== null;
    const started = Date.now();
    const { token, expiresIn } = await this.opts.fetchToken(force);
    const margin = this.opts.marginSeconds ?? 120;
    const ttlSeconds = expiresIn > margin * 2 ? expiresIn - margin : Math.max(1, Math.floor(expiresIn / 2));
    const stored: Stored = { token, expiresAt: this.clock.now() + ttlSeconds * 1000 };
    await this.opts.redis.set(this.key, JSON.stringify(stored), 'PX', ttlSeconds * 1000);
    if (force) await this.opts.redis.del(this.forceKey);
    this.opts.logger?.info(
      { platform: this.opts.platform, force, expiresIn, ms: Date.now() - started },
      'access_token refreshed',
    );
    return token;
  }

  private async read(): Promise<string | undefined> {
    const raw = await this.opts.redis.get(this.key);
    if (!raw) return undefined;
    try {
      const v = JSON.parse(raw) as Partial<Stored>;
      // Redis' PX runs on wall time; this check follows the business clock (sandbox ManualClock).
      if (typeof v.token === 'string' && typeof v.expiresAt === 'number' && v.expiresAt > this.clock.now()) {
        return v.token;
      }
    } catch {
      // A foreign or corrupt value is a miss; the refresh overwrites it.
    }
    return undefined;
  }
}
