// The insights workers. `insights` takes one event job per handled turn or case step (ingest:
// parcel lookup, then record). The schedule queue runs two BullMQ job schedulers: detection every
// 15 minutes and the daily report at 09:00 China time; a scheduler upsert is idempotent, so every
// worker process may declare them and still one job runs per tick.
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Logger } from '../lib/logger.js';
import type { InsightsJobData } from '../insights/sink.js';
import type { InsightEvent } from '../insights/types.js';
import { DEFAULT_JOB_OPTIONS, QUEUE, SCHEDULE_QUEUE, bullPrefix } from './queues.js';

export const INSIGHTS_SCHEDULES = {
  detect: { id: 'insights-detect', pattern: '*/15 * * * *' },
  report: { id: 'insights-daily-report', pattern: '0 9 * * *' },
} as const;
const TZ = 'Asia/Shanghai';

export function createInsightsWorker(deps: {
  connection: Redis;
  redisPrefix: string;
  ingest: (event: InsightEvent, lastAttempt: boolean) => Promise<unknown>;
  logger: Logger;
  concurrency?: number;
}): Worker<InsightsJobData> {
  const attempts = DEFAULT_JOB_OPTIONS.insights.attempts ?? 1;
  return new Worker<InsightsJobData>(QUEUE.insights, (job) => deps.ingest(job.data.event, job.attemptsMade + 1 >= attempts), {
    connection: deps.connection,
    prefix: bullPrefix(deps.redisPrefix),
    concurrency: deps.concurrency ?? 8,
  });
}

export function createScheduleQueue(connection: Redis | ConnectionOptions, redisPrefix: string): Queue {
  return new Queue(SCHEDULE_QUEUE, {
    connection,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { age: 7 * 86_400, count: 1000 }, removeOnFail: { age: 30 * 86_400 } },
  });
}

export async function scheduleInsights(queue: Queue): Promise<void> {
  await queue.upsertJobScheduler(INSIGHTS_SCHEDULES.detect.id, { pattern: INSIGHTS_SCHEDULES.detect.pattern, tz: TZ }, { name: 'detect' });
  await queue.upsertJobScheduler(INSIGHTS_SCHEDULES.report.id, { pattern: INSIGHTS_SCHEDULES.report.pattern, tz: TZ }, { name: 'report' });
}

export function createScheduleWorker(deps: {
  connection: Redis;
  redisPrefix: string;
  detect: () => Promise<unknown>;
  report: () => Promise<unknown>;
  logger: Logger;
}): Worker {
  return new Worker(
    SCHEDULE_QUEUE,
    async (job) => {
      if (job.name === 'detect') return deps.detect();
      if (job.name === 'report') return deps.report();
      deps.logger.warn({ name: job.name }, 'unknown scheduled job, ignored');
      return undefined;
    },
    { connection: deps.connection, prefix: bullPrefix(deps.redisPrefix), concurrency: 1 },
  );
}
