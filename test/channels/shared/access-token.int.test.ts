import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessTokenCache, type TokenFetcher } from '../../../src/channels/shared/access-token.js';
import { ManualClock } from '../../../src/lib/clock.js';
import { Keys } from '../../../src/store/keys.js';
import { deleteByPrefix } from '../../../src/store/cleanup.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('AccessTokenCache', () => {
  let prefix: string;
  let keys: Keys;
  let redis: Redis;
  let clock: ManualClock;

  beforeEach(() => {
    prefix = `{t-${randomUUID()}}`;
    keys = new Keys(prefix);
    redis = new Redis(REDIS_URL);
    clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
  });

  afterEach(async () => {
    redis.disconnect();
    await deleteByPrefix(REDIS_URL, prefix);
  });

  /** A fetcher that hands out tok-1, tok-2, … after a short delay, like a real HTTP call. */
  function countingFetcher(delayMs = 30, expiresIn = 7200) {
    let n = 0;
    const fn = vi.fn<TokenFetcher>(async () => {
      n += 1;
      const token = `tok-${n}`;
      await new Promise((r) => setTimeout(r, delayMs));
      return { token, expiresIn };
    });
    return fn;
  }

  const cache = (fetchToken: TokenFetcher, extra: Partial<ConstructorParameters<typeof AccessTokenCache>[0]> = {}) =>
    new AccessTokenCache({ redis, keys, platform: 'wechat', appId: 'wx-test', fetchToken, clock, pollIntervalMs: 10, ...extra });

  it('fetches on a miss and serves the stored token afterwards', async () => {
    const fetch = countingFetcher();
    const c = cache(fetch);
    expect(await c.get()).toBe('tok-1');
    expect(await c.get()).toBe('tok-1');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(false);
  });

  it('refreshes exactly once when 50 concurrent callers in five processes ask after an invalidation', async () => {
    const fetch = countingFetcher(50);
    // Five caches with their own connections stand for five processes sharing one Redis.
    const conns = Array.from({ length: 5 }, () => new Redis(REDIS_URL));
    const caches = conns.map((r) => cache(fetch, { redis: r }));
    try {
      expect(await caches[0]!.get()).toBe('tok-1');
      // Every sender saw 40001 with the same stale token and invalidates it.
      const removed = await Promise.all(caches.map((c) => c.invalidate('tok-1')));
      expect(removed.filter(Boolean)).toHaveLength(1);
      const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => caches[i % 5]!.get()));
      expect(new Set(tokens)).toEqual(new Set(['tok-2']));
      expect(fetch).toHaveBeenCalledTimes(2);
      expect(fetch).toHaveBeenLastCalledWith(true);
    } finally {
      for (const r of conns) r.disconnect();
    }
  });

  it('leaves a newer token alone when invalidated with an older one', async () => {
    const fetch = countingFetcher();
    const c = cache(fetch);
    await c.get();
    expect(await c.invalidate('tok-1')).toBe(true);
    expect(await c.get()).toBe('tok-2');
    expect(await c.invalidate('tok-1')).toBe(false);
    expect(await c.get()).toBe('tok-2');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('asks for force_refresh only after an invalidation that wants it', async () => {
    const fetch = countingFetcher(1);
    const c = cache(fetch);
    await c.get();
    await c.invalidate('tok-1', { force: false }); // 42001: expired, a normal fetch renews it
    await c.get();
    await c.invalidate('tok-2');
    await c.get();
    await c.get();
    expect(fetch.mock.calls.map((call) => call[0])).toEqual([false, false, true]);
  });

  it('treats a token as expired expires_in minus the margin after it was fetched', async () => {
    const fetch = countingFetcher(1, 7200);
    const c = cache(fetch, { marginSeconds: 120 });
    await c.get();
    clock.advance((7200 - 121) * 1000);
    expect(await c.get()).toBe('tok-1');
    clock.advance(2000);
    expect(await c.get()).toBe('tok-2');
    expect(await redis.pttl(keys.accessToken('wechat', 'wx-test'))).toBeGreaterThan(7000 * 1000);
  });

  it('releases the lock when the fetch fails, so the next caller can try again', async () => {
    const fetch = vi
      .fn<TokenFetcher>()
      .mockRejectedValueOnce(new Error('platform down'))
      .mockResolvedValueOnce({ token: 'tok-ok', expiresIn: 7200 });
    const c = cache(fetch);
    await expect(c.get()).rejects.toThrow('platform down');
    expect(await redis.exists(keys.accessTokenLock('wechat', 'wx-test'))).toBe(0);
    expect(await c.get()).toBe('tok-ok');
  });

  it('gives up with a retryable error when another process holds the lock too long', async () => {
    await redis.set(keys.accessTokenLock('wechat', 'wx-test'), 'someone-else', 'PX', 5000);
    const fetch = countingFetcher();
    const c = cache(fetch, { waitTimeoutMs: 150 });
    await expect(c.get()).rejects.toMatchObject({ code: 'PLATFORM_UNREACHABLE', retryable: true });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('keeps a short-lived token for half its life when expires_in is below twice the margin', async () => {
    const fetch = vi.fn<TokenFetcher>().mockResolvedValue({ token: 'short', expiresIn: 200 });
    const c = cache(fetch, { marginSeconds: 120 });
    await c.get();
    clock.advance(99_000);
    await c.get();
    expect(fetch).toHaveBeenCalledTimes(1);
    clock.advance(2000);
    await c.get();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
