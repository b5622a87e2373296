// Follow-up timing with 100,000 pending delayed follow-ups: how late a promise check runs.
// A dedicated redis-server (appendonly yes, as in production) holds 100,000 delayed `follow-up`
// jobs, as FollowUps.schedule() writes them: most are due in 1–30 days, a subset of 2,000 falls due
// during the measurement, one every 15 ms. The subset are real open urge cases whose promise was
// missed, so each check does the whole escalation (case update, supervisors told in WeCom, the
// customer told through outbound). Lateness = when the check ran (and finished) − dueAt.
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/lib/logger.js';
import { createRuntime } from '../src/runtime.js';
import { jobIdFor } from '../src/lib/ids.js';
import type { FollowUpJobData } from '../src/workflows/follow-ups.js';
import { startRedisServer } from '../test/helpers/redis-server.js';

const PENDING = Number(process.env.BENCH_FOLLOW_UPS ?? 100_000);
const DUE = Number(process.env.BENCH_FOLLOW_UPS_DUE ?? 2_000);
const EVERY_MS = 15;
const DAY = 86_400_000;

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

export async function benchFollowUps() {
  const redis = await startRedisServer({ appendonly: true });
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis.url, REDIS_PREFIX: `{fu-${randomUUID().slice(0, 6)}}`, LOG_LEVEL: 'silent' });
  const rt = await createRuntime(config, { logger: createLogger('silent') });
  await rt.listen();
  try {
    const queue = rt.queues['follow-up'];
    // The far-future bulk, written as FollowUps.schedule() writes a job (id from case and step).
    const t0 = performance.now();
    const now = Date.now();
    for (let i = 0; i < PENDING - DUE; i += 1000) {
      await queue.addBulk(
        Array.from({ length: Math.min(1000, PENDING - DUE - i) }, (_, j) => {
          const n = i + j;
          const data: FollowUpJobData = { caseId: `C-FAR${n}`, step: 'sla', dueAt: now + DAY + ((n * 7919) % (29 * DAY)) };
          return { name: 'check', data, opts: { jobId: jobIdFor('fu', `${data.caseId}:sla`), delay: data.dueAt - now } };
        }),
      );
    }
    const insertSeconds = (performance.now() - t0) / 1000;

    // The due subset: real missed urge cases, each for its own customer in the service window.
    const { cases, workflows } = rt.agent;
    const ids: string[] = [];
    for (let i = 0; i < DUE; i += 100) {
      ids.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(100, DUE - i) }, async (_, j) => {
            const openid = `o_fu_${i + j}`;
            await rt.redis.hset(rt.keys.window('wechat', openid), 'until', String(Date.now() + 2 * DAY), 'quota', '5', 'used', '0');
            rt.sandbox!.platform.noteInbound(openid, 'message');
            const { case: c } = await cases.openOrJoin({ type: 'urge', waybill: `SF42${String(i + j).padStart(11, '0')}`, customer: { channel: 'wechat', id: openid, role: 'receiver' }, slaDueAt: Date.now(), actor: 'bench' });
            return c.id;
          }),
        )),
      );
    }
    const dueIds = new Set(ids);
    const started: number[] = [];
    const finished: number[] = [];
    const worker = rt.workers.find((w) => w.name === 'follow-up')!;
    const done = new Promise<void>((resolve) => {
      worker.on('completed', (job: Job<FollowUpJobData>) => {
        if (!dueIds.has(job.data.caseId) || job.data.step !== 'sla') return;
        started.push((job.processedOn ?? Date.now()) - job.data.dueAt);
        finished.push(Date.now() - job.data.dueAt);
        if (finished.length === DUE) resolve();
      });
    });
    const first = Date.now() + 3000;
    for (let i = 0; i < DUE; i += 200) await Promise.all(ids.slice(i, i + 200).map((id, j) => workflows.d.followUps.schedule(id, 'sla', first + (i + j) * EVERY_MS)));
    const pending = await queue.getDelayedCount();
    const timeout = new Promise<void>((r) => setTimeout(r, 120_000 + DUE * EVERY_MS).unref());
    await Promise.race([done, timeout]);
    started.sort((a, b) => a - b);
    finished.sort((a, b) => a - b);
    return { pending, due: DUE, ran: finished.length, insertSeconds, started: { p50: pct(started, 0.5), p99: pct(started, 0.99), max: started.at(-1) ?? NaN }, finished: { p50: pct(finished, 0.5), p99: pct(finished, 0.99), max: finished.at(-1) ?? NaN } };
  } finally {
    await rt.close();
    await redis.destroy();
  }
}

export function printFollowUps(r: Awaited<ReturnType<typeof benchFollowUps>>) {
  console.log(`${r.pending.toLocaleString('en')} delayed follow-ups pending (written in ${r.insertSeconds.toFixed(1)} s); ${r.ran}/${r.due} fell due during the run, one every ${EVERY_MS} ms`);
  console.log(`lateness, check started − dueAt:  p50 ${r.started.p50} ms  p99 ${r.started.p99} ms  max ${r.started.max} ms`);
  console.log(`lateness, check finished − dueAt: p50 ${r.finished.p50} ms  p99 ${r.finished.p99} ms  max ${r.finished.max} ms  (escalation: case, WeCom notices, customer message queued)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printFollowUps(await benchFollowUps());
  process.exit(0);
}
