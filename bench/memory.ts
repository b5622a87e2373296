// Redis memory per conversation and per pending follow-up, on a dedicated redis-server (nothing
// else in it). N conversations of three turns each go through the real webhook and workers (rules
// model): "我的快递到哪了" → "SF…" → "谢谢". Then M follow-ups are scheduled with FollowUps.schedule().
// Figures: the INFO used_memory delta per item, and the keyspace by kind (MEMORY USAGE of every new
// key), with how long each kind lives — what a peak day keeps in Redis.
import type { Redis } from 'ioredis';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/lib/logger.js';
import { createRuntime } from '../src/runtime.js';
import { settle } from '../src/scenarios/settle.js';
import { DEFAULT_JOB_OPTIONS, type QueueName } from '../src/jobs/queues.js';
import { startRedisServer } from '../test/helpers/redis-server.js';

const N = Number(process.env.BENCH_CONVERSATIONS ?? 500);
const M = Number(process.env.BENCH_PENDING ?? 10_000);
const PREFIX = '{mem}';
const TURNS = ['我的快递到哪了', 'SF2000000000004', '谢谢'];

const usedMemory = async (r: Redis) => Number(/used_memory:(\d+)/.exec(await r.info('memory'))?.[1] ?? NaN);

/** `{mem}:bull:respond:respond-3f…` → `bull:respond job`; `{mem}:mem:wechat:o_x` → `mem`. */
function kindOf(key: string): string {
  const parts = key.slice(PREFIX.length + 1).split(':');
  if (parts[0] !== 'bull') return parts[0]!;
  const [, queue, id, sub] = parts;
  if (id && /^[a-z-]+-[0-9a-f]{32}$/.test(id)) return `bull:${queue} job${sub ? ` ${sub}` : ''}`;
  return `bull:${queue}:${id}`;
}

async function keyspace(r: Redis, skip: Set<string>) {
  const kinds = new Map<string, { keys: number; bytes: number; ttlS: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    cursor = next;
    const fresh = keys.filter((k) => !skip.has(k));
    const sizes = await Promise.all(fresh.map((k) => r.memory('USAGE', k, 'SAMPLES', 0)));
    const ttls = await Promise.all(fresh.map((k) => r.pttl(k)));
    fresh.forEach((k, i) => {
      const kind = kindOf(k);
      const e = kinds.get(kind) ?? { keys: 0, bytes: 0, ttlS: -1 };
      e.keys += 1;
      e.bytes += Number(sizes[i] ?? 0);
      const ttl = Number(ttls[i]);
      e.ttlS = ttl < 0 ? -1 : Math.max(e.ttlS, Math.round(ttl / 1000));
      kinds.set(kind, e);
    });
  } while (cursor !== '0');
  return kinds;
}

const allKeys = async (r: Redis) => {
  const out = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    cursor = next;
    for (const k of keys) out.add(k);
  } while (cursor !== '0');
  return out;
};

export async function benchMemory() {
  const server = await startRedisServer({ appendonly: false });
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_URL: server.url, REDIS_PREFIX: PREFIX, LOG_LEVEL: 'silent' });
  const rt = await createRuntime(config, { logger: createLogger('silent') });
  await rt.listen();
  try {
    const { phone, outbox } = rt.sandbox!;
    const settleAll = () => settle(Object.values(rt.queues), rt.clock, 120_000);
    // Warm up (the queues' bookkeeping keys, Lua scripts, token cache) before the baseline.
    for (const t of TURNS) await phone.text('o_mem_warmup', t);
    await settleAll();
    const before = await allKeys(rt.redis);
    const mem0 = await usedMemory(rt.redis);

    let next = 0;
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        while (next < N) {
          const openid = `o_mem_${next++}`;
          for (const t of TURNS) {
            const mark = outbox.lastSeq;
            await phone.text(openid, t);
            for (let i = 0; i < 400 && !outbox.list({ to: openid, afterSeq: mark }).length; i++) await new Promise((r) => setTimeout(r, 25));
          }
        }
      }),
    );
    await settleAll();
    const mem1 = await usedMemory(rt.redis);
    const conversations = await keyspace(rt.redis, before);

    const beforeFu = await allKeys(rt.redis);
    const now = Date.now();
    for (let i = 0; i < M; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, M - i) }, (_, j) => rt.agent.workflows.d.followUps.schedule(`C-MEM${i + j}`, 'sla', now + 86_400_000 + (i + j) * 1000)));
    }
    const mem2 = await usedMemory(rt.redis);
    const followUps = await keyspace(rt.redis, beforeFu);
    // The delayed set is shared and only grows: its growth belongs to the follow-ups.
    const delayedKey = `${PREFIX}:bull:follow-up:delayed`;
    const delayedBytes = Number((await rt.redis.memory('USAGE', delayedKey, 'SAMPLES', 0)) ?? 0);
    return { n: N, m: M, replies: outbox.list({ channel: 'wechat' }).length, perConversation: (mem1 - mem0) / N, perFollowUp: (mem2 - mem1) / M, conversations, followUps, delayedBytes };
  } finally {
    await rt.close();
    await server.destroy();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;

/** How long a kind stays: its TTL, or for a BullMQ job the queue's removeOnComplete age; -1 = forever. */
function lifeOf(kind: string, ttlS: number): number {
  const job = /^bull:([a-z-]+) job/.exec(kind);
  const keep = job ? DEFAULT_JOB_OPTIONS[job[1] as QueueName]?.removeOnComplete : undefined;
  return typeof keep === 'object' && 'age' in keep && keep.age ? keep.age : ttlS;
}
const lives = (s: number) => (s < 0 ? 'forever' : s >= 86_400 ? `${(s / 86_400).toFixed(0)} d` : s >= 3600 ? `${(s / 3600).toFixed(0)} h` : `${s} s`);

export function printMemory(r: Awaited<ReturnType<typeof benchMemory>>) {
  console.log(`${r.n} conversations × ${TURNS.length} turns (${r.replies} replies): INFO used_memory ${kb(r.perConversation)} per conversation`);
  const rows = [...r.conversations.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
  const sum = rows.reduce((n, [, e]) => n + e.bytes, 0);
  for (const [kind, e] of rows) console.log(`  ${kind.padEnd(30)} ${(e.keys / r.n).toFixed(1).padStart(5)} keys  ${kb(e.bytes / r.n).padStart(10)}  kept ${lives(lifeOf(kind, e.ttlS))}`);
  console.log(`  ${'keyspace total'.padEnd(30)} ${''.padStart(11)}${kb(sum / r.n).padStart(10)}  (MEMORY USAGE of the new keys)`);
  const heldAfter = (s: number) => rows.reduce((n, [kind, e]) => (lifeOf(kind, e.ttlS) < 0 || lifeOf(kind, e.ttlS) > s ? n + e.bytes : n), 0) / r.n;
  console.log(`  still held after 1 h ${kb(heldAfter(3600))}, after 1 d ${kb(heldAfter(86_400))}, after 7 d ${kb(heldAfter(7 * 86_400))} per conversation`);
  const fuKeys = [...r.followUps.values()].reduce((n, e) => n + e.bytes, 0);
  console.log(`${r.m.toLocaleString('en')} pending follow-ups: INFO used_memory ${(r.perFollowUp).toFixed(0)} B per follow-up; job hash ${(fuKeys / r.m).toFixed(0)} B + delayed-set entry ≈ ${(r.delayedBytes / r.m).toFixed(0)} B`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printMemory(await benchMemory());
  process.exit(0);
}
