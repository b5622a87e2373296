// InsightsStore on Redis. Every key sits under the deployment prefix (one hash tag), so the commit
// script may touch the event, both counter hashes and the indexes in one atomic step: a retried
// job finds the event and adds nothing twice. Each key expires by the retention policy.
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Counts } from './fields.js';
import { indexOfSeries, indexesOf, RETENTION, type InsightsStore, type StoredAlert } from './store.js';
import { dayOf, hourOf } from './time.js';
import { InsightEventSchema, type InsightEvent, type SeriesKey } from './types.js';

// KEYS: event, hour hash, day hash, indexes…  ARGV: json, eventTtl, hourTtl, dayTtl, score, id,
// trimBefore, then `n` and n field/increment pairs for the hour, the same for the day.
const COMMIT = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
local i = 8
for _, key in ipairs({KEYS[2], KEYS[3]}) do
  local n = tonumber(ARGV[i]); i = i + 1
  for _ = 1, n do redis.call('HINCRBY', key, ARGV[i], ARGV[i + 1]); i = i + 2 end
  if n > 0 then redis.call('PEXPIRE', key, key == KEYS[2] and ARGV[3] or ARGV[4]) end
end
for k = 4, #KEYS do
  redis.call('ZADD', KEYS[k], ARGV[5], ARGV[6])
  redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', ARGV[7])
  redis.call('PEXPIRE', KEYS[k], ARGV[2])
end
return 1`;

const toNumbers = (h: Record<string, string>): Record<string, number> =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v)]));

export class RedisInsightsStore implements InsightsStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private k(...parts: (string | number)[]) {
    return this.keys.custom('ins', ...parts);
  }

  async commit(ev: InsightEvent, counts: Counts): Promise<boolean> {
    const pairs = (fields: Record<string, number>) => {
      const entries = Object.entries(fields).filter(([, n]) => n !== 0);
      return [String(entries.length), ...entries.flatMap(([f, n]) => [f, String(n)])];
    };
    const indexKeys = indexesOf(ev).map((i) => this.k('ix', i));
    const keys = [this.k('e', ev.id), this.k('h', hourOf(ev.at)), this.k('d', dayOf(ev.at)), ...indexKeys];
    const args = [JSON.stringify(ev), RETENTION.eventMs, RETENTION.hourMs, RETENTION.dayMs, ev.at, ev.id, ev.at - RETENTION.eventMs].map(String);
    const res = await this.redis.eval(COMMIT, keys.length, ...keys, ...args, ...pairs(counts.hour), ...pairs(counts.day));
    return res === 1;
  }

  async claim(scope: string, eventId: string): Promise<boolean> {
    const key = this.k('seen', scope);
    if ((await this.redis.set(key, eventId, 'PX', RETENTION.contactMs, 'NX')) === 'OK') return true;
    return (await this.redis.get(key)) === eventId;
  }

  async hours(hours: readonly number[]) {
    return this.hashes('h', hours);
  }

  async days(days: readonly number[]) {
    return this.hashes('d', days);
  }

  private async hashes(kind: 'h' | 'd', buckets: readonly number[]): Promise<Map<number, Record<string, number>>> {
    const pipe = this.redis.pipeline();
    for (const b of buckets) pipe.hgetall(this.k(kind, b));
    const res = (await pipe.exec()) ?? [];
    return new Map(buckets.map((b, i) => [b, toNumbers((res[i]?.[1] as Record<string, string> | undefined) ?? {})] as const));
  }

  async events(series: SeriesKey | null, from: number, to: number, limit: number): Promise<InsightEvent[]> {
    // `(to` excludes the end; ZRANGE … BYSCORE REV LIMIT reads newest first.
    const ids = await this.redis.zrevrangebyscore(this.k('ix', indexOfSeries(series)), `(${to}`, from, 'LIMIT', 0, limit);
    if (!ids.length) return [];
    const raw = await this.redis.mget(...ids.map((id) => this.k('e', id)));
    return raw.flatMap((json) => {
      if (!json) return [];
      const parsed = InsightEventSchema.safeParse(JSON.parse(json));
      return parsed.success ? [parsed.data] : [];
    });
  }

  async saveAlert(alert: StoredAlert): Promise<void> {
    const index = this.k('alerts');
    await this.redis
      .multi()
      .set(this.k('alert', alert.id), JSON.stringify(alert), 'PX', RETENTION.alertMs)
      .zadd(index, alert.at, alert.id)
      .zremrangebyscore(index, '-inf', alert.at - RETENTION.alertMs)
      .exec();
  }

  async alerts(from: number, to: number, limit: number): Promise<StoredAlert[]> {
    const ids = await this.redis.zrevrangebyscore(this.k('alerts'), `(${to}`, from, 'LIMIT', 0, limit);
    if (!ids.length) return [];
    const raw = await this.redis.mget(...ids.map((id) => this.k('alert', id)));
    return raw.flatMap((json) => (json ? [JSON.parse(json) as StoredAlert] : []));
  }

  async dayVolumes(day: number): Promise<Record<string, number> | null> {
    const h = await this.redis.hgetall(this.k('vol', day));
    return Object.keys(h).length ? toNumbers(h) : null;
  }

  async saveDayVolumes(day: number, volumes: Record<string, number>): Promise<void> {
    const key = this.k('vol', day);
    // An empty day is stored too (as `total 0`), so it is not asked for again.
    await this.redis.multi().hset(key, { total: 0, ...volumes }).pexpire(key, RETENTION.dayMs).exec();
  }
}
