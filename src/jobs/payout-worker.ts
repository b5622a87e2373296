// The payout worker: submits approved claims' transfers and reconciles them (payments/payouts.ts).
// A failed attempt is retried with backoff by BullMQ, and every retry starts with a query by
// out_bill_no, so a retry can never pay twice. When the attempts are used up the supervisors are
// told to check the bill by hand (PROTOCOL.md §7.1: never switch to a new bill number blindly).
import { Worker } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Logger } from '../lib/logger.js';
import type { PayoutJobData, Payouts } from '../payments/payouts.js';
import { QUEUE, bullPrefix } from './queues.js';

export function createPayoutWorker(deps: { connection: Redis; redisPrefix: string; payouts: Payouts; logger: Logger; concurrency?: number; lockMs?: number }): Worker<PayoutJobData> {
  const worker = new Worker<PayoutJobData>(
    QUEUE.payout,
    async (job) => {
      const state = await deps.payouts.process(job.data);
      deps.logger.info({ claim: job.data.claimId, step: job.data.step, state }, 'payout job done');
      return state;
    },
    { connection: deps.connection, prefix: bullPrefix(deps.redisPrefix), concurrency: deps.concurrency ?? 4, lockDuration: deps.lockMs ?? 30_000, stalledInterval: deps.lockMs ?? 30_000 },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    deps.logger.warn({ claim: job.data.claimId, step: job.data.step, attempt: job.attemptsMade, final, err: err.message }, 'payout job failed');
    if (final) void deps.payouts.giveUp(job.data.claimId).catch((e: Error) => deps.logger.error({ claim: job.data.claimId, err: e.message }, 'could not report a stuck payout'));
  });
  return worker;
}
