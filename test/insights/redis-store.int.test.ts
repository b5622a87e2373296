// The Redis store answers exactly as the in-memory one the simulator uses, and its commit is
// atomic and idempotent; every key it writes expires.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { countsOf } from '../../src/insights/fields.js';
import { MemoryInsightsStore } from '../../src/insights/memory-store.js';
import { Recorder } from '../../src/insights/recorder.js';
import { RedisInsightsStore } from '../../src/insights/redis-store.js';
import type { InsightsStore, StoredAlert } from '../../src/insights/store.js';
import { dayOf, hourOf } from '../../src/insights/time.js';
import type { InsightEvent } from '../../src/insights/types.js';
import { Keys } from '../../src/store/keys.js';
import { deleteByPrefix } from '../../src/store/cleanup.js';
import { REDIS_URL } from '../helpers/runtime.js';

const prefix = `{t-${randomUUID().slice(0, 12)}}`;
let redis: Redis;
beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await deleteByPrefix(REDIS_URL, prefix);
});

const AT = Date.parse('2026-11-11T10:00:00+08:00');
const events: InsightEvent[] = [0, 1, 2, 3, 4].map((i) => ({
  id: `t:m${i}`,
  at: AT + i * 20 * 60_000,
  kind: 'turn',
  category: i === 4 ? 'track' : 'locker_notice',
  outcome: 'workflow',
  conversationId: `wechat:o_${i % 3}`,
  excerpt: '放丰巢没通知',
  dims: { community: '张江花园', station: 'zhangjiang' },
}));
const alert = (id: string, at: number): StoredAlert => ({ id, at, category: 'urge', dim: 'station', value: 'qibao', also: [], windowH: 6, count: 9, expected: 1, pValue: 1e-9, causes: [], eventIds: [], examples: [], action: '核查', text: '### 催件', delivered: true });

async function exercise(store: InsightsStore) {
  const rec = new Recorder(store);
  for (const e of [...events, events[0]!]) await rec.record(e);
  await store.saveAlert(alert('A-1', AT));
  await store.saveAlert(alert('A-2', AT + 60_000));
  await store.saveDayVolumes(dayOf(AT) - 1, { 'station|qibao': 120, total: 900 });
  return {
    hours: Object.fromEntries(await store.hours([hourOf(AT), hourOf(AT) + 1])),
    days: Object.fromEntries(await store.days([dayOf(AT)])),
    series: (await store.events({ category: 'locker_notice', dim: 'community', value: '张江花园' }, AT, AT + 2 * 3600_000, 10)).map((e) => [e.id, e.contact]),
    window: (await store.events(null, AT + 20 * 60_000, AT + 60 * 60_000, 10)).map((e) => e.id),
    alerts: (await store.alerts(AT, AT + 3600_000, 10)).map((a) => a.id),
    volumes: [await store.dayVolumes(dayOf(AT) - 1), await store.dayVolumes(dayOf(AT) - 2)],
  };
}

describe('RedisInsightsStore', () => {
  it('answers like the in-memory store', async () => {
    const fromRedis = await exercise(new RedisInsightsStore(redis, new Keys(prefix)));
    const fromMemory = await exercise(new MemoryInsightsStore());
    expect(fromRedis).toEqual(fromMemory);
    expect(fromRedis.series).toEqual([
      // o_0 wrote again within the day: recorded, not a new contact.
      ['t:m3', false],
      ['t:m2', true],
      ['t:m1', true],
      ['t:m0', true],
    ]);
    expect(fromRedis.window).toEqual(['t:m2', 't:m1']);
    expect(fromRedis.alerts).toEqual(['A-2', 'A-1']);
  });

  it('commits an event once, and every key it wrote expires', async () => {
    const store = new RedisInsightsStore(redis, new Keys(`${prefix}:x`));
    const e = { ...events[0]!, id: 't:once', contact: true };
    expect(await store.commit(e, countsOf(e))).toBe(true);
    expect(await store.commit(e, countsOf(e))).toBe(false);
    expect((await store.days([dayOf(AT)])).get(dayOf(AT))!['c|locker_notice|all|*']).toBe(1);
    const keys = await redis.keys(`${prefix}:x:*`);
    expect(keys.length).toBeGreaterThan(4);
    for (const k of keys) expect(await redis.pttl(k)).toBeGreaterThan(0);
  });
});
