// End-to-end turns/s with the rules model: a burst of 1,000 distinct customers each asking where
// a parcel is (signed encrypted callback → intake → respond worker → agent + tools → send worker →
// sandbox 客服消息). Measures the burst's wall time and each turn's latency (callback posted →
// reply recorded by the platform emulator).
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/lib/logger.js';
import { createRuntime } from '../src/runtime.js';
import { deleteByPrefix } from '../src/store/cleanup.js';

const N = Number(process.env.BENCH_TURNS ?? 1000);
const WAYBILLS = ['SF2000000000004', 'SF2000000000009', 'SF2000000000015', 'SF2000000000022', 'SF2000000000007'];

export async function benchTurns() {
  const prefix = `{bench-${randomUUID().slice(0, 8)}}`;
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', REDIS_URL: process.env.REDIS_URL });
  const rt = await createRuntime(config, { logger: createLogger('silent') });
  await rt.listen();
  const phone = rt.sandbox!.phone;
  const outbox = rt.sandbox!.outbox;
  const sentAt = new Map<string, number>();
  const callbacks = Array.from({ length: N }, (_, i) => {
    const openid = `o_burst_${i}`;
    return { openid, cb: phone.build(openid, 'message', phone.textFields(`${WAYBILLS[i % WAYBILLS.length]} 到哪了`)) };
  });
  const mark = outbox.lastSeq;
  const t0 = performance.now();
  // The burst: 50 callbacks in flight at a time, as the platform would push them.
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < callbacks.length) {
        const c = callbacks[next++]!;
        sentAt.set(c.openid, performance.now());
        const r = await phone.post(c.cb);
        if (r.status !== 200) throw new Error(`callback refused: ${r.status}`);
      }
    }),
  );
  const acked = performance.now();
  const latencies: number[] = [];
  const seen = new Set<string>();
  const deadline = Date.now() + 120_000;
  while (seen.size < N && Date.now() < deadline) {
    for (const m of outbox.list({ afterSeq: mark, channel: 'wechat' })) {
      if (seen.has(m.to) || !sentAt.has(m.to)) continue;
      seen.add(m.to);
      latencies.push((m.recordedAt as number | undefined) ?? performance.now() - sentAt.get(m.to)!);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const done = performance.now();
  await rt.close();
  await deleteByPrefix(config.redisUrl, prefix);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { turns: seen.size, seconds: (done - t0) / 1000, ackSeconds: (acked - t0) / 1000, turnsPerSecond: seen.size / ((done - t0) / 1000), p50: pct(0.5), p95: pct(0.95) };
}

export function printTurns(r: Awaited<ReturnType<typeof benchTurns>>) {
  console.log(`burst of ${r.turns} customers: all acked in ${r.ackSeconds.toFixed(2)} s, all answered in ${r.seconds.toFixed(2)} s`);
  console.log(`end-to-end ${r.turnsPerSecond.toFixed(0)} turns/s, latency p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms (callback → 客服消息, rules model)`);
}

if (import.meta.url === `file://${process.argv[1]}`) printTurns(await benchTurns());
