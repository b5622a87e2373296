// Redis restarted from its AOF under load. A dedicated redis-server (appendonly yes, everysec, its
// own port and directory) serves the whole service (web + workers in this process) while the
// platform pushes customer messages at a steady pace. Mid-load Redis is restarted twice: once
// gracefully (SIGTERM, back at once) and once killed with SIGKILL and kept down for 6 s.
// What must hold: every ack is `success` within WeChat's 5 s or a clean 5xx (never a hang), and
// every message the platform saw accepted gets its reply once Redis is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { until } from '../helpers/processes.js';
import { paced, push, type Delivery } from './helpers/platform-push.js';
import { pct } from './helpers/web.js';

const CUSTOMERS = 150;
const PER_CUSTOMER = 3;
const EVERY_MS = 30; // ≈ 33 callbacks/s for ≈ 15 s
const WAYBILLS = ['SF2000000000004', 'SF2000000000009', 'SF2000000000015', 'SF2000000000022'];

let redis: RedisServer;
let rt: Runtime;

beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis.url, REDIS_PREFIX: '{aof}', LOG_LEVEL: 'silent', WORKER_LOCK_MS: '5000' });
  rt = await createRuntime(config, { logger: createLogger('silent') });
  await rt.listen();
});

afterAll(async () => {
  await rt?.close().catch(() => {});
  await redis?.destroy();
});

describe('Redis restarted from its AOF under load', () => {
  it('keeps every ack within 5 s or a clean 5xx, and answers every accepted message', async () => {
    const phone = rt.sandbox!.phone;
    const messages = Array.from({ length: CUSTOMERS * PER_CUSTOMER }, (_, i) => {
      const openid = `o_aof_${i % CUSTOMERS}`;
      return { openid, text: `${WAYBILLS[i % WAYBILLS.length]} 到哪了` };
    });
    const keyOf = new Map<string, string>();
    const restarts: string[] = [];

    // The restarts run beside the load: graceful at ≈3 s, SIGKILL at ≈8 s with 6 s of downtime.
    const faults = (async () => {
      await new Promise((r) => setTimeout(r, 3000));
      await redis.stop('graceful');
      await redis.start();
      restarts.push('graceful');
      await new Promise((r) => setTimeout(r, 5000));
      await redis.stop('kill');
      await new Promise((r) => setTimeout(r, 6000));
      await redis.start();
      restarts.push('kill + 6 s down');
    })();

    const deliveries: Delivery[] = await paced(
      messages.map((m, i) => () => {
        const fields = phone.textFields(m.text);
        keyOf.set(String(i), `wechat:msg:${fields.MsgId}`);
        return push(rt.baseUrl, String(i), phone.build(m.openid, 'message', fields));
      }),
      24,
      EVERY_MS,
    );
    await faults;

    const accepted = deliveries.filter((d) => d.accepted);
    const replyKey = (d: Delivery) => rt.keys.sent(`${keyOf.get(d.id)}#0`);
    const answered = async () => (await Promise.all(accepted.map(async (d) => (await rt.redis.exists(replyKey(d)).catch(() => 0)) === 1))).filter(Boolean).length;
    const allAnswered = await until(async () => (await answered()) === accepted.length, 120_000, 250);

    const attempts = deliveries.flatMap((d) => d.attempts);
    const ms = attempts.map((a) => a.ms).sort((a, b) => a - b);
    const refused = attempts.filter((a) => a.status !== 200);
    const replies = rt.sandbox!.outbox.list({ channel: 'wechat' });
    const repliesPer = new Map<string, number>();
    for (const r of replies) repliesPer.set(r.to, (repliesPer.get(r.to) ?? 0) + 1);
    const acceptedPer = new Map<string, number>();
    for (const d of accepted) acceptedPer.set(messages[Number(d.id)]!.openid, (acceptedPer.get(messages[Number(d.id)]!.openid) ?? 0) + 1);
    const short = [...acceptedPer.entries()].filter(([to, n]) => (repliesPer.get(to) ?? 0) < n);
    const extra = [...repliesPer.entries()].reduce((n, [to, k]) => n + Math.max(0, k - (acceptedPer.get(to) ?? 0)), 0);
    const apologies = replies.filter((r) => r.text.includes('系统刚才没能处理好')).length;

    console.info(
      `[reliability] redis-restart (${restarts.join(', ')}): ${messages.length} messages, ${attempts.length} attempts; ` +
        `acks p50 ${pct(ms, 0.5).toFixed(0)} ms, p99 ${pct(ms, 0.99).toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms; ` +
        `refused ${refused.length} (${[...new Set(refused.map((a) => a.status || a.error))].join('/')}), accepted ${accepted.length}, ` +
        `never accepted ${deliveries.length - accepted.length}; answered ${await answered()}/${accepted.length}, extra replies ${extra}, apologies ${apologies}`,
    );
    expect(restarts).toHaveLength(2);
    // Acks keep the deadline or fail cleanly: no hang, no connection error, only 200 or 5xx.
    expect(attempts.filter((a) => a.status === 0 || a.ms > 5000)).toEqual([]);
    expect(refused.filter((a) => a.status < 500)).toEqual([]);
    // Nothing accepted is lost.
    expect(allAnswered).toBe(true);
    expect(short).toEqual([]);
    expect(apologies).toBe(0);
  }, 300_000);
});
