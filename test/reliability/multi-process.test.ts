// Several web and worker processes on one Redis: 2 web + 2 worker processes, each `npm start`-style
// (src/main.ts with ROLE and PORT). The sandbox platform emulator lives in web A; every process
// reaches it through SANDBOX_BASE_URL. The platform delivers each customer message to one web
// process and its retries to the other — sometimes at the same instant. Every message must be
// accepted once and answered exactly once, whichever processes handled it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, closeQueues, type Queues } from '../../src/jobs/queues.js';
import { createRedis, type Redis } from '../../src/store/redis.js';
import { deleteByPrefix } from '../../src/store/cleanup.js';
import type { OutboxEntry } from '../../src/sandbox/outbox.js';
import { REDIS_URL } from '../helpers/runtime.js';
import { freePort, spawnService, until, waitHealthy, type ServiceProcess } from '../helpers/processes.js';
import { postCallback, textCallback } from './helpers/callbacks.js';
import { paced } from './helpers/platform-push.js';

const CUSTOMERS = 150;
const WAYBILLS = ['SF2000000000004', 'SF2000000000009', 'SF2000000000015', 'SF2000000000022', 'SF2000000000007'];
const prefix = `{r-${randomUUID().slice(0, 12)}}`;

let procs: ServiceProcess[] = [];
let webA = '';
let webB = '';
let conn: Redis;
let queues: Queues;

beforeAll(async () => {
  const [pa, pb] = [await freePort(), await freePort()];
  webA = `http://127.0.0.1:${pa}`;
  webB = `http://127.0.0.1:${pb}`;
  const common = { SANDBOX: '1', REDIS_URL, REDIS_PREFIX: prefix, HOST: '127.0.0.1', SANDBOX_BASE_URL: webA, LOG_LEVEL: 'silent' };
  procs = [
    spawnService({ ...common, ROLE: 'web', PORT: String(pa) }, { name: 'web A' }),
    spawnService({ ...common, ROLE: 'web', PORT: String(pb) }, { name: 'web B' }),
    // Workers log each turn at debug level, so the test can tell who handled what.
    spawnService({ ...common, ROLE: 'worker', PORT: String(pa), LOG_LEVEL: 'debug' }, { name: 'worker 1', keepBytes: 16 << 20 }),
    spawnService({ ...common, ROLE: 'worker', PORT: String(pa), LOG_LEVEL: 'debug' }, { name: 'worker 2', keepBytes: 16 << 20 }),
  ];
  conn = createRedis(REDIS_URL, 'worker');
  queues = createQueues(conn, prefix);
  await waitHealthy(webA, procs[0]!, 90_000);
  await waitHealthy(webB, procs[1]!, 90_000);
  const ready = await until(async () => (await queues.respond.getWorkersCount()) >= 2 && (await queues.send.getWorkersCount()) >= 2, 90_000, 200);
  if (!ready) throw new Error(`workers did not connect:\n${procs[2]!.output().slice(-2000)}\n${procs[3]!.output().slice(-2000)}`);
}, 120_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop('SIGTERM')));
  await closeQueues(queues);
  conn.disconnect();
  await deleteByPrefix(REDIS_URL, prefix);
});

const json = async <T>(url: string, init?: RequestInit): Promise<T> => (await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })).json() as Promise<T>;
const replies = () => json<OutboxEntry[]>(`${webA}/sandbox/messages?channel=wechat`);

/** One customer: the first message from the phone (it opens the service window), two more through
 * the platform — to web B, and the same callbacks again to web A (concurrently or as a retry). */
async function customer(i: number): Promise<number[]> {
  const openid = `o_multi_${i}`;
  const statuses: number[] = [];
  const first = await json<{ webhook: { status: number } }>(`${webA}/sandbox/phone/${openid}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: `${WAYBILLS[i % WAYBILLS.length]} 到哪了` }),
  });
  statuses.push(first.webhook.status);
  for (const text of ['我的快递到哪了', `${WAYBILLS[(i + 1) % WAYBILLS.length]} 什么时候到`]) {
    const cb = textCallback(openid, text);
    if (i % 2 === 0) statuses.push(...(await Promise.all([postCallback(webB, cb), postCallback(webA, cb), postCallback(webB, cb)])));
    else statuses.push(await postCallback(webB, cb), await postCallback(webA, cb));
  }
  return statuses;
}

describe('2 web + 2 worker processes on one Redis', () => {
  it('answers every message exactly once', async () => {
    const statuses = (await paced(Array.from({ length: CUSTOMERS }, (_, i) => () => customer(i)), 12, 10)).flat();
    const expected = CUSTOMERS * 3;
    const done = await until(async () => (await replies()).length >= expected, 180_000, 500);
    await new Promise((r) => setTimeout(r, 3000)); // anything doubled would arrive now
    const sent = await replies();

    const per = new Map<string, OutboxEntry[]>();
    for (const m of sent) per.set(m.to, [...(per.get(m.to) ?? []), m]);
    const wrong = [...per.entries()].filter(([, ms]) => ms.length !== 3).map(([to, ms]) => `${to}: ${ms.length}`);
    const turnsBy = procs.slice(2).map((p) => p.output().split('\n').filter((l) => l.includes('"turn handled"')).length);
    const metrics = await Promise.all([webA, webB].map((u) => fetch(`${u}/metrics`).then((r) => r.text())));
    const acks = metrics.map((m) => Number(/courier_callback_acks_total\{channel="wechat",result="accepted"\} (\d+)/.exec(m)?.[1] ?? 0));

    console.info(
      `[reliability] multi-process: ${CUSTOMERS} customers × 3 messages, ${statuses.length} deliveries (${statuses.length - expected} duplicates) ` +
        `over 2 web processes (accepted ${acks.join(' + ')}); turns by worker ${turnsBy.join(' + ')}; replies ${sent.length}/${expected}, customers with ≠ 3: ${wrong.length}`,
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(done).toBe(true);
    expect(per.size).toBe(CUSTOMERS);
    expect(wrong).toEqual([]);
    expect(sent.every((m) => m.kind === 'text')).toBe(true); // 客服消息 in the window, no template fallback
    expect(acks[0]! + acks[1]!).toBe(expected); // each message accepted once, by one of the two
    expect(turnsBy.every((n) => n > 0)).toBe(true); // both workers took part
    expect(turnsBy[0]! + turnsBy[1]!).toBe(expected);
    for (const p of procs) expect(p.alive, p.name).toBe(true);
  }, 300_000);
});
