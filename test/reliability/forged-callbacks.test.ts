// 10,000 forged or malformed callbacks and XML bombs against a real service process (ROLE=all,
// `npm start`-style): every one is refused with a 4xx, nothing is written to Redis, the process
// stays up, and its memory is bounded. RSS is sampled after every 1,000 requests: the garbage of
// 16 bombs at a time is collected lazily, so RSS may saw up and down by ~100 MiB (V8's heap, not a
// leak). A leak shows in the floor: the lowest sample of the second 5,000 may exceed the lowest of
// the first 5,000 by less than RSS_FLOOR_GROWTH_MIB (a 7 KiB-per-request leak would cross it), and
// no sample may exceed RSS_PEAK_MIB. Afterwards a genuine customer message is still answered.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, type Redis } from '../../src/store/redis.js';
import { deleteByPrefix } from '../../src/store/cleanup.js';
import { REDIS_URL } from '../helpers/runtime.js';
import { freePort, spawnService, until, waitHealthy, type ServiceProcess } from '../helpers/processes.js';
import { FORGERIES, type Forgery } from './helpers/forgeries.js';
import { paced } from './helpers/platform-push.js';
import { postCallback, textCallback } from './helpers/callbacks.js';

const TOTAL = 10_000;
const WARM_UP = 3_000;
/** The stated bounds: growth of the RSS floor from the first to the second half, and RSS at any sample. */
const RSS_FLOOR_GROWTH_MIB = 32;
const RSS_PEAK_MIB = 512;
const prefix = `{r-${randomUUID().slice(0, 12)}}`;

let svc: ServiceProcess;
let base = '';
let redis: Redis;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = spawnService({ ROLE: 'all', SANDBOX: '1', REDIS_URL, REDIS_PREFIX: prefix, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info' }, { name: 'service' });
  redis = createRedis(REDIS_URL);
  await waitHealthy(base, svc, 90_000);
}, 120_000);

afterAll(async () => {
  await svc?.stop('SIGTERM');
  redis?.disconnect();
  await deleteByPrefix(REDIS_URL, prefix);
});

async function send(f: Forgery): Promise<number> {
  try {
    const res = await fetch(`${base}${f.path}`, {
      method: f.method,
      ...(f.method === 'POST' ? { headers: { 'content-type': f.contentType }, body: f.body } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // no answer: a crash or a hang
  }
}

/** Our own keys, BullMQ's bookkeeping aside. */
const appKeys = async () => (await redis.keys(`${prefix}*`)).filter((k) => !k.includes(':bull:')).sort();

describe('forged and malformed callbacks', () => {
  it(`refuses ${TOTAL} of them with a 4xx, writes nothing, stays up with bounded memory`, async () => {
    const byKind = new Map<string, Map<number, number>>();
    const run = async (count: number, offset: number) =>
      paced(
        Array.from({ length: count }, (_, i) => async () => {
          const f = FORGERIES[(offset + i) % FORGERIES.length]!();
          const status = await send(f);
          const m = byKind.get(f.kind) ?? new Map<number, number>();
          m.set(status, (m.get(status) ?? 0) + 1);
          byKind.set(f.kind, m);
        }),
        16,
        0,
      );

    await run(WARM_UP, 0);
    const keysBefore = await appKeys();
    const rss0 = await svc.rssKiB();
    byKind.clear();
    const samples: number[] = [];
    const t0 = performance.now();
    for (let done = 0; done < TOTAL; done += 1000) {
      await run(1000, WARM_UP + done);
      samples.push(await svc.rssKiB());
    }
    const rssMax = Math.max(rss0, ...samples);
    const floorGrowth = (Math.min(...samples.slice(samples.length / 2)) - Math.min(...samples.slice(0, samples.length / 2))) / 1024;
    const seconds = (performance.now() - t0) / 1000;
    const rss1 = await svc.rssKiB();

    const statuses = [...byKind.values()].flatMap((m) => [...m.entries()]);
    const total = statuses.reduce((n, [, c]) => n + c, 0);
    const accepted = [...byKind.entries()].filter(([, m]) => [...m.keys()].some((s) => s < 400 || s >= 500));
    const summary = [...byKind.entries()].map(([k, m]) => `${k}: ${[...m.entries()].map(([s, c]) => `${s}×${c}`).join(' ')}`);
    console.info(
      `[reliability] forged callbacks: ${total} requests of ${byKind.size} kinds in ${seconds.toFixed(1)} s; RSS ${(rss0 / 1024).toFixed(0)} → ${(rss1 / 1024).toFixed(0)} MiB ` +
        `(every 1,000: ${samples.map((k) => (k / 1024).toFixed(0)).join(' ')}); ` +
        `floor growth ${floorGrowth.toFixed(1)} MiB (bound ${RSS_FLOOR_GROWTH_MIB}), peak ${(rssMax / 1024).toFixed(0)} MiB (bound ${RSS_PEAK_MIB})\n  ${summary.join('\n  ')}`,
    );
    expect(total).toBe(TOTAL);
    expect(accepted.map(([k, m]) => `${k}: ${[...m.keys()].join(',')}`)).toEqual([]);
    expect(svc.alive).toBe(true);
    expect(floorGrowth).toBeLessThan(RSS_FLOOR_GROWTH_MIB);
    expect(rssMax / 1024).toBeLessThan(RSS_PEAK_MIB);
    expect(await appKeys()).toEqual(keysBefore);

    // Still serving: a genuine message is accepted and answered.
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    await fetch(`${base}/sandbox/phone/o_after_flood`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'SF2000000000004 到哪了' }) });
    const answered = await until(async () => ((await (await fetch(`${base}/sandbox/messages?to=o_after_flood`)).json()) as unknown[]).length > 0, 30_000, 200);
    expect(answered).toBe(true);
    expect(await postCallback(base, textCallback('o_after_flood', '谢谢'))).toBe(200);
  }, 300_000);
});
