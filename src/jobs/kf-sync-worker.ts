// The kf-sync queue: one job pulls one 微信客服 account's new messages (channels/wecom-kf/sync.ts).
// Nudges merge (PROTOCOL.md §5.1: each callback is only "there is something new"): BullMQ
// deduplication per open_kfid with keepLastIfActive keeps at most one waiting job besides the
// running one, so a burst of callbacks costs one or two syncs, and a nudge that arrives while a
// sync runs still gets a run of its own after it (nothing new is missed). A Redis lock per account
// is the second guard (a stalled job re-run): the loser steps aside and comes back.
import { DelayedError, Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Logger } from '../lib/logger.js';
import { tryLock } from '../lib/locks.js';
import type { KfSync } from '../channels/wecom-kf/sync.js';
import { QUEUE, bullPrefix } from './queues.js';

export interface KfSyncJobData {
  openKfId: string;
}

export interface KfSyncWorkerDeps {
  connection: Redis;
  redis: Redis;
  keys: Keys;
  redisPrefix: string;
  sync: Pick<KfSync, 'run'>;
  /** The kf-sync queue, to continue a long backlog. */
  queue: Queue;
  logger: Logger;
  concurrency?: number;
}

const LOCK_TTL_MS = 30_000;
const STEP_ASIDE_MS = 200;

/** Queues a sync for the account unless one is already waiting (merge). */
export async function enqueueKfSync(queue: Queue, openKfId: string): Promise<void> {
  const data: KfSyncJobData = { openKfId };
  await queue.add('kf-sync', data, { deduplication: { id: `kf-sync:${openKfId}`, keepLastIfActive: true } });
}

export function createKfSyncWorker(deps: KfSyncWorkerDeps): Worker<KfSyncJobData> {
  return new Worker<KfSyncJobData>(QUEUE.kfSync, (job, token) => processKfSync(deps, job, token), {
    connection: deps.connection,
    prefix: bullPrefix(deps.redisPrefix),
    concurrency: deps.concurrency ?? 4,
    lockDuration: LOCK_TTL_MS,
  });
}

export async function processKfSync(deps: KfSyncWorkerDeps, job: Job<KfSyncJobData>, token?: string): Promise<void> {
  const { openKfId } = job.data;
  const lock = await tryLock(deps.redis, deps.keys.custom('lock', 'kf-sync', openKfId), LOCK_TTL_MS);
  if (!lock) {
    await job.moveToDelayed(Date.now() + STEP_ASIDE_MS, token);
    throw new DelayedError();
  }
  try {
    const r = await deps.sync.run(openKfId);
    deps.logger.debug({ openKfId, ...r }, 'kf sync done');
    if (r.more) await enqueueKfSync(deps.queue, openKfId);
  } finally {
    await lock.release();
  }
}
