// Killing the worker process (SIGKILL) while promise checks are pending, then starting it again,
// loses none and sends none twice. The web role (with the platform emulator and its outbox) runs in
// this process; the worker is a real `npm start`-style child process (ROLE=worker) on the same Redis.
// The kill falls between two groups of due checks, while the second group is pending: a 客服消息
// whose HTTP call is in flight at a SIGKILL is the one case no client can make exactly-once (the
// platform has no idempotency key for it, PROTOCOL.md §3.2) — see docs/reliability.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { deleteByPrefix } from '../../src/store/cleanup.js';
import { REDIS_URL } from '../helpers/runtime.js';

const N = 40;
const prefix = `{t-${randomUUID().slice(0, 12)}}`;
let web: Runtime;
let port = 0;
const children = new Set<ChildProcess>();

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      ROLE: 'worker',
      SANDBOX: '1',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      PORT: String(port),
      SANDBOX_BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
      WORKER_LOCK_MS: '1500',
    },
    stdio: 'ignore',
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

const missedMessages = () => web.sandbox!.outbox.list({ channel: 'wechat' }).filter((m) => m.text.includes('没有在承诺的时间内完成'));
const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
};

beforeAll(async () => {
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' });
  web = await createRuntime(config, { logger: createLogger('silent'), workers: false });
  await web.listen();
  port = Number(new URL(web.baseUrl()).port);
});

afterAll(async () => {
  // A failed assertion must not leave a worker running against the shared Redis.
  for (const c of children) c.kill('SIGKILL');
  await web.close();
  await deleteByPrefix(REDIS_URL, prefix);
});

describe('follow-ups across a killed worker', () => {
  it('are all sent exactly once after the worker is killed and restarted', async () => {
    const { cases, workflows } = web.agent;
    const now = Date.now();
    // N open urge cases, each for its own customer: the first half falls due within ~1.5 s, the
    // second half from 15 s on (pending while the worker is killed, whatever its start-up time).
    const dueOf = (i: number) => now + (i < N / 2 ? 500 + i * 50 : 15_000 + (i - N / 2) * 50);
    for (let i = 0; i < N; i++) {
      const waybill = `SF39${String(i).padStart(11, '0')}`;
      const customer = { channel: 'wechat' as const, id: `o_restart_${i}`, role: 'receiver' as const };
      await web.redis.hset(web.keys.window('wechat', customer.id), 'until', String(now + 48 * 3600_000), 'quota', '5', 'used', '0');
      web.sandbox!.platform.noteInbound(customer.id, 'message');
      const { case: c } = await cases.openOrJoin({ type: 'urge', waybill, customer, slaDueAt: dueOf(i), actor: 'test' });
      await workflows.d.followUps.schedule(c.id, 'sla', dueOf(i));
    }

    let worker = startWorker();
    await until(() => missedMessages().length >= N / 2, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(missedMessages().length).toBe(N / 2);
    expect(Date.now()).toBeLessThan(now + 15_000 - 500); // the second half is still pending
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    const atKill = missedMessages().length;

    worker = startWorker();
    await until(() => missedMessages().length >= N, 40_000);
    await new Promise((r) => setTimeout(r, 2000)); // anything doubled would arrive now
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));

    const sent = missedMessages();
    const perCustomer = new Map<string, number>();
    for (const m of sent) perCustomer.set(m.to, (perCustomer.get(m.to) ?? 0) + 1);
    expect(atKill).toBeLessThan(N);
    expect(perCustomer.size).toBe(N); // none lost
    const doubled = [...perCustomer.entries()].filter(([, n]) => n > 1).map(([to]) => to);
    expect(doubled, JSON.stringify(sent.filter((m) => doubled.includes(m.to)).map((m) => [m.to, m.at, m.seq]))).toEqual([]); // none twice
    const escalated = await cases.find({ type: 'urge', status: 'escalated' });
    expect(escalated).toHaveLength(N);
  }, 90_000);
});

describe('a promise check re-run after a crash', () => {
  it('finishes the same escalation instead of starting another', async () => {
    const { cases, workflows } = web.agent;
    const customer = { channel: 'wechat' as const, id: 'o_rerun_1', role: 'receiver' as const };
    web.sandbox!.platform.noteInbound(customer.id, 'message');
    await web.outbound.noteInbound({ key: 'k-rerun', channel: 'wechat', account: 'gh', from: customer.id, at: Date.now(), type: 'text', text: '催一下' });
    const { case: c } = await cases.openOrJoin({ type: 'urge', waybill: 'SF3988888888888', customer, slaDueAt: Date.now() - 1000, actor: 'test' });
    const { checkPromise } = await import('../../src/workflows/escalation.js');
    expect(await checkPromise(workflows, c.id, 'sla', c.slaDueAt)).toBe('escalated');
    expect(await checkPromise(workflows, c.id, 'sla', c.slaDueAt)).toBe('escalated');
    const after = await cases.get(c.id);
    expect(after!.timeline.filter((t) => t.action === 'status:escalated')).toHaveLength(1);
    // Both runs queued the customer's notice under one idempotency key: one body in the lane.
    expect(await web.redis.llen(web.outbound.laneOf(`wechat:${customer.id}`).list)).toBe(1);
  });
});
