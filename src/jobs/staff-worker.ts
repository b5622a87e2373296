// The staff worker: WeCom events of station staff and supervisors (card clicks, texts, photos), one
// member at a time in arrival order — the member's inbox is an ordered lane (jobs/lane.ts) — and
// members in parallel. A failing event is retried (BullMQ backoff); after MAX_FAILURES attempts it
// is abandoned (a click's claim reopened, the member told) so it cannot block the member's lane.
import { Worker, type Job } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Logger } from '../lib/logger.js';
import type { StaffEvent } from '../domain/staff.js';
import type { StaffInbox, StaffJobData } from '../intake/staff-inbox.js';
import { drainLane } from './lane.js';
import { QUEUE, bullPrefix } from './queues.js';

/** What the worker hands each event to (TaskCards implements it). */
export interface StaffEventHandler {
  handle(event: StaffEvent): Promise<void>;
  abandon(event: StaffEvent, err: unknown): Promise<void>;
}

export interface StaffDeps {
  connection: Redis;
  redis: Redis;
  redisPrefix: string;
  inbox: StaffInbox;
  handler: StaffEventHandler;
  logger: Logger;
  concurrency: number;
}

/** Below the staff queue's 6 attempts, so the worker (not BullMQ) decides when to give up. */
const MAX_FAILURES = 4;

export function createStaffWorker(deps: StaffDeps): Worker<StaffJobData> {
  return new Worker<StaffJobData>(QUEUE.staff, (job, token) => processStaff(deps, job, token), {
    connection: deps.connection,
    prefix: bullPrefix(deps.redisPrefix),
    concurrency: deps.concurrency,
  });
}

export async function processStaff(deps: StaffDeps, job: Job<StaffJobData>, token?: string): Promise<void> {
  const { inbox, handler, logger } = deps;
  await drainLane(deps.redis, inbox.lane(job.data.userid), job, token, async (key) => {
    if (await inbox.isHandled(key)) return;
    const event = await inbox.event(key);
    if (!event) {
      logger.warn({ key }, 'staff inbox entry without a readable event, dropped');
      await inbox.markHandled(key);
      return;
    }
    try {
      await handler.handle(event);
    } catch (err) {
      const failures = await inbox.failed(key);
      if (failures < MAX_FAILURES) {
        logger.warn({ key, type: event.type, failures, err: (err as Error).message }, 'staff event failed; it will be retried');
        throw err;
      }
      await handler.abandon(event, err);
    }
    await inbox.markHandled(key);
  });
}
