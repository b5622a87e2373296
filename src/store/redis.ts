// ioredis connections. BullMQ workers need `maxRetriesPerRequest: null` (BullMQ going-to-production);
// request-path commands fail fast instead, so a Redis outage turns into a clean 503, not a hang.
import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

export function createRedis(url: string, purpose: 'command' | 'worker' = 'command', extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: purpose === 'worker' ? null : 1,
    // Request-path commands give up after 2 s so a stalled Redis becomes a 503, never a hung ack.
    ...(purpose === 'command' ? { commandTimeout: 2000 } : {}),
    connectTimeout: 3000,
    ...extra,
  });
}

/** Resolves when Redis answers PING, rejects with a clear reason otherwise. */
export async function pingRedis(url: string, timeoutMs = 2000): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
  } finally {
    r.disconnect();
  }
}
