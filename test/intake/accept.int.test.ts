// intake.accept() when the enqueue after the store does not go through: a stalled enqueue (Redis
// unreachable for BullMQ's connection, which waits indefinitely) answers within its deadline, and
// the platform's retry of a message already stored makes sure a job exists to drain it — otherwise
// the retry would be acknowledged as a duplicate and the message never answered.
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { ENQUEUE_DEADLINE_MS, EnqueueTimeoutError, accept } from '../../src/intake/accept.js';
import { Inbox } from '../../src/intake/inbox.js';
import type { InboundMessage } from '../../src/domain/inbound.js';
import { Keys } from '../../src/store/keys.js';
import { createRedis } from '../../src/store/redis.js';
import { deleteByPrefix } from '../../src/store/cleanup.js';
import { REDIS_URL } from '../helpers/runtime.js';

const prefix = `{t-${randomUUID().slice(0, 12)}}`;
const redis = createRedis(REDIS_URL);
const keys = new Keys(prefix);
const inbox = new Inbox(redis, keys, 600);

afterAll(async () => {
  redis.disconnect();
  await deleteByPrefix(REDIS_URL, prefix);
});

const message = (n: number): InboundMessage => ({ key: `wechat:msg:${n}`, channel: 'wechat', account: 'gh_test', from: `o_acc_${n}`, at: Date.now(), type: 'text', text: '到哪了' });

/** A queue whose add() answers with the next behaviour in line, recording each job id asked for;
 * a job added with 'ok' is waiting (getJobState), any other id unknown. */
function queue(...behaviours: ('stall' | 'fail' | 'ok')[]) {
  const ids: string[] = [];
  const waiting = new Set<string>();
  const q = {
    ids,
    add: (_name: string, _data: unknown, opts: { jobId: string }) => {
      ids.push(opts.jobId);
      const b = behaviours.shift() ?? 'ok';
      if (b === 'stall') return new Promise(() => {});
      if (b === 'fail') return Promise.reject(new Error('OOM command not allowed'));
      waiting.add(opts.jobId);
      return Promise.resolve({ id: opts.jobId });
    },
    getJobState: async (id: string) => (waiting.has(id) ? 'waiting' : 'unknown'),
  };
  return q as unknown as Queue & { ids: string[] };
}

describe('accept() when the enqueue fails', () => {
  it('answers within the deadline when the enqueue stalls, and the retry queues a job for the stored message', async () => {
    const q = queue('stall', 'ok');
    const msg = message(1);
    const t0 = Date.now();
    await expect(accept({ inbox, respondQueue: q }, msg)).rejects.toBeInstanceOf(EnqueueTimeoutError);
    expect(Date.now() - t0).toBeLessThan(ENQUEUE_DEADLINE_MS + 1000);
    // The message stays stored: the stalled enqueue may still land once Redis answers.
    expect(await inbox.length(`wechat:${msg.from}`)).toBe(1);
    expect(await accept({ inbox, respondQueue: q }, msg)).toBe('duplicate');
    expect(q.ids).toHaveLength(2);
    expect(q.ids[1]).not.toBe(q.ids[0]); // its own job id: the first one may exist and be done already
  });

  it('queues nothing more for a retry while the first job is pending, or once the message was handled', async () => {
    const q = queue('ok');
    const msg = message(3);
    expect(await accept({ inbox, respondQueue: q }, msg)).toBe('accepted');
    expect(await accept({ inbox, respondQueue: q }, msg)).toBe('duplicate');
    expect(q.ids).toHaveLength(1);
    const handled = message(4);
    const q2 = queue('stall');
    await expect(accept({ inbox, respondQueue: q2 }, handled)).rejects.toBeInstanceOf(EnqueueTimeoutError);
    await inbox.markHandled(handled.key); // the stalled job landed after all and ran
    expect(await accept({ inbox, respondQueue: q2 }, handled)).toBe('duplicate');
    expect(q2.ids).toHaveLength(1);
  });

  it('undoes the store when the enqueue is refused, so the retry is accepted afresh', async () => {
    const q = queue('fail', 'ok');
    const msg = message(2);
    await expect(accept({ inbox, respondQueue: q }, msg)).rejects.toThrow('OOM');
    expect(await inbox.length(`wechat:${msg.from}`)).toBe(0);
    expect(await accept({ inbox, respondQueue: q }, msg)).toBe('accepted');
    expect(await inbox.length(`wechat:${msg.from}`)).toBe(1);
  });
});
