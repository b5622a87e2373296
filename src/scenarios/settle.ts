// Runs the queues until nothing more is due: the scenario clock's idea of "every job due by now has
// run". Delayed jobs that carry a business `dueAt` in the future stay delayed; everything else that
// is delayed (retry backoff, a turn stepping aside for the conversation lock) is promoted at once.
import type { Queue } from 'bullmq';
import type { Clock } from '../lib/clock.js';
import type { DueJobData } from '../jobs/queues.js';

export class SettleTimeoutError extends Error {
  constructor(readonly pending: Record<string, number>) {
    super(`jobs did not settle: ${JSON.stringify(pending)}`);
  }
}

/** Promotes the delayed jobs of one queue that are due on `clock` (or carry no `dueAt`); returns how many. */
export async function promoteDue(q: Queue, clock: Clock): Promise<number> {
  let promoted = 0;
  for (const job of await q.getDelayed(0, 500)) {
    const due = (job.data as DueJobData | undefined)?.dueAt;
    if (due === undefined || due <= clock.now()) {
      await job.promote().catch(() => {}); // it may have moved on by itself meanwhile
      promoted += 1;
    }
  }
  return promoted;
}

export async function settle(queues: Queue[], clock: Clock, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  for (;;) {
    let busy = 0;
    const pending: Record<string, number> = {};
    for (const q of queues) {
      const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      const n = Object.values(counts).reduce((a, b) => a + b, 0);
      const promoted = await promoteDue(q, clock);
      busy += n + promoted;
      if (n + promoted) pending[q.name] = n + promoted;
    }
    quietRounds = busy === 0 ? quietRounds + 1 : 0;
    // Two quiet rounds: a job that just finished may have queued another (respond → send).
    if (quietRounds >= 2) return;
    if (Date.now() > deadline) throw new SettleTimeoutError(pending);
    await new Promise((r) => setTimeout(r, busy ? 15 : 25));
  }
}
