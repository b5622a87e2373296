// The follow-up worker: runs promise checks when they fall due (BullMQ delayed jobs). Checks are
// idempotent: customer messages are keyed by (case, step), so a retried job says nothing twice.
import { Worker } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Logger } from '../lib/logger.js';
import type { FollowUpJobData } from '../workflows/follow-ups.js';
import type { CaseWorkflows } from '../workflows/service.js';
import { checkPromise } from '../workflows/escalation.js';
import { QUEUE, bullPrefix } from './queues.js';

export function createFollowUpWorker(deps: { connection: Redis; redisPrefix: string; workflows: CaseWorkflows; logger: Logger; concurrency?: number; lockMs?: number }) {
  return new Worker<FollowUpJobData>(
    QUEUE.followUp,
    async (job) => {
      const result = await checkPromise(deps.workflows, job.data.caseId, job.data.step, job.data.dueAt);
      deps.logger.info({ case: job.data.caseId, step: job.data.step, result }, 'promise checked');
      return result;
    },
    { connection: deps.connection, prefix: bullPrefix(deps.redisPrefix), concurrency: deps.concurrency ?? 8, lockDuration: deps.lockMs ?? 30_000, stalledInterval: deps.lockMs ?? 30_000 },
  );
}
