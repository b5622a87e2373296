// The send worker: delivers each recipient's queued messages in the order they were written, with
// retries and backoff (BullMQ attempts). A message the platform refuses for good is logged and
// skipped so it cannot block the recipient's lane.
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Logger } from '../lib/logger.js';
import type { Outbound, SendJobData } from '../outbound/dispatch.js';
import { QUEUE, bullPrefix } from './queues.js';
import { drainLane } from './lane.js';

export interface SendDeps {
  connection: Redis;
  redis: Redis;
  redisPrefix: string;
  outbound: Outbound;
  logger: Logger;
  concurrency: number;
  lockMs?: number;
}

export function createSendWorker(deps: SendDeps) {
  return new Worker<SendJobData>(
    QUEUE.send,
    (job, token) =>
      drainLane(deps.redis, deps.outbound.laneOf(job.data.lane), job, token, async (key) => {
        try {
          await deps.outbound.deliver(key);
        } catch (err) {
          if (!(err instanceof UnrecoverableError)) throw err;
          deps.logger.error({ key, reason: err.message }, 'message given up; continuing with the next one');
        }
      }),
    { connection: deps.connection, prefix: bullPrefix(deps.redisPrefix), concurrency: deps.concurrency, lockDuration: deps.lockMs ?? 30_000, stalledInterval: deps.lockMs ?? 30_000 },
  );
}
