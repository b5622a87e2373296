// An ordered lane: items wait in a Redis list in arrival order and are handled one at a time by
// whichever job holds the lane's lock. Both the per-conversation inbox (respond) and the
// per-recipient outbox (send) use it, so a customer's messages are handled in the order they came
// and our replies reach them in the order we wrote them, even with many workers.
//
// A job that finds the lock taken steps aside (moveToDelayed) and comes back; the holder drains
// everything, including items pushed while it worked. An item leaves the list only after it was
// handled, so a crash leaves it at the head for the next attempt (at-least-once; idempotent items).
import { DelayedError, type Job } from 'bullmq';
import type { Redis } from '../store/redis.js';
import { tryLock } from '../lib/locks.js';

// Renewed every third of it while held; a killed holder blocks its lane for at most this long.
const LOCK_TTL_MS = 10_000;
const STEP_ASIDE_MS = 150;

// KEYS: list; ARGV: item. Pops the head only if it is still the item just handled.
const POP_IF_HEAD = `
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then
  redis.call('LPOP', KEYS[1])
  return 1
end
return 0`;

export interface Lane {
  list: string;
  lock: string;
}

/** Drains the lane under its lock. `handle` returns normally when the item is done (or given up). */
export async function drainLane(redis: Redis, lane: Lane, job: Job, token: string | undefined, handle: (item: string) => Promise<void>): Promise<void> {
  const lock = await tryLock(redis, lane.lock, LOCK_TTL_MS);
  if (!lock) {
    await job.moveToDelayed(Date.now() + STEP_ASIDE_MS, token);
    throw new DelayedError();
  }
  try {
    for (;;) {
      const item = await redis.lindex(lane.list, 0);
      if (item === null) return;
      await handle(item);
      await redis.eval(POP_IF_HEAD, 1, lane.list, item);
    }
  } finally {
    await lock.release();
  }
}
