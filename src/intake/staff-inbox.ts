// The staff side of intake: what a WeCom member did waits here until the staff worker handled it.
// Like the customer inbox (inbox.ts): dedupe with SET NX EX, the event JSON stored in Redis, and a
// per-member ordered lane, so "#K7M2QX 客户不在家" is handled before the photo sent right after it.
// The job carries ids only (the member's userid and the event key).
import type { Queue } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import { StaffEvent } from '../domain/staff.js';
import { jobIdFor } from '../lib/ids.js';
import type { Lane } from '../jobs/lane.js';
import { EnqueueTimeoutError, enqueueWithin, ensureDrained, type AcceptResult } from './accept.js';
import { ACCEPT_LUA } from './inbox.js';

export interface StaffJobData {
  /** The member's userid: names the lane the job drains. */
  userid: string;
  key: string;
}

// Dedupe, store and enqueue in one atomic step: the same script as the customer inbox.

export class StaffInbox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  /** False when the event key was seen before (a platform retry). */
  async add(event: StaffEvent): Promise<boolean> {
    const res = await this.redis.eval(
      ACCEPT_LUA,
      3,
      this.k('dedupe', event.key),
      this.k('evt', event.key),
      this.k('inbox', event.from),
      String(this.ttlSeconds),
      JSON.stringify(event),
      event.key,
    );
    return res === 1;
  }

  /** Undo an accept whose job could not be queued, so the platform's retry is accepted again. */
  async forget(event: StaffEvent): Promise<void> {
    await this.redis
      .multi()
      .del(this.k('dedupe', event.key), this.k('evt', event.key))
      .lrem(this.k('inbox', event.from), 0, event.key)
      .exec();
  }

  async event(key: string): Promise<StaffEvent | null> {
    const raw = await this.redis.get(this.k('evt', key));
    if (!raw) return null;
    const parsed = StaffEvent.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async isHandled(key: string): Promise<boolean> {
    return (await this.redis.exists(this.k('handled', key))) === 1;
  }

  async markHandled(key: string): Promise<void> {
    await this.redis.set(this.k('handled', key), '1', 'EX', this.ttlSeconds);
  }

  /** Counts failed attempts at one event (across job retries); the worker gives up at a limit. */
  async failed(key: string): Promise<number> {
    const k = this.k('fail', key);
    const [[, n] = []] = (await this.redis.multi().incr(k).expire(k, this.ttlSeconds).exec()) ?? [];
    return Number(n ?? 1);
  }

  lane(userid: string): Lane {
    return { list: this.k('inbox', userid), lock: this.keys.custom('lock', 'staff', userid) };
  }

  private k(kind: string, id: string): string {
    return this.keys.custom('staff', kind, id);
  }
}

export interface StaffIntakeDeps {
  inbox: StaffInbox;
  staffQueue: Queue;
}

/** The only thing the /wecom webhook does with a verified event: dedupe, store, enqueue. */
export async function acceptStaff(deps: StaffIntakeDeps, event: StaffEvent): Promise<AcceptResult> {
  const data: StaffJobData = { userid: event.from, key: event.key };
  if (!(await deps.inbox.add(event))) {
    // As in accept.ts: a retry makes sure a job drains an event whose first enqueue did not land.
    const ids = { job: jobIdFor('staff', event.key), retry: jobIdFor('staff-retry', event.key) };
    await enqueueWithin(ensureDrained(deps.staffQueue, ids, () => deps.inbox.isHandled(event.key), (jobId) => deps.staffQueue.add('staff', data, { jobId })));
    return 'duplicate';
  }
  try {
    await enqueueWithin(deps.staffQueue.add('staff', data, { jobId: jobIdFor('staff', event.key) }));
  } catch (err) {
    // Without a job nobody would drain this event: undo, and let the webhook answer 503 (an
    // enqueue still on its way after the deadline is left to land, as in accept.ts).
    if (!(err instanceof EnqueueTimeoutError)) await deps.inbox.forget(event).catch(() => {});
    throw err;
  }
  return 'accepted';
}
