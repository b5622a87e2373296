// intake.accept(): the only thing a webhook does with a verified message. Dedupe + store + enqueue,
// all fast Redis work, so the callback answers well inside WeChat's 5-second deadline
// (PROTOCOL.md §2.3) whatever the model or the courier backend is doing.
import type { Queue } from 'bullmq';
import { conversationIdOf, type InboundMessage } from '../domain/inbound.js';
import { jobIdFor } from '../lib/ids.js';
import type { Inbox } from './inbox.js';

export type AcceptResult = 'accepted' | 'duplicate';

export interface RespondJobData {
  conversationId: string;
  key: string;
}

export interface IntakeDeps {
  inbox: Inbox;
  respondQueue: Queue;
}

/**
 * How long the enqueue may take before the webhook answers 5xx. The queue's connection waits for
 * Redis indefinitely (BullMQ needs that), so without a deadline an ack would hang through an outage.
 */
export const ENQUEUE_DEADLINE_MS = 1500;

export class EnqueueTimeoutError extends Error {
  constructor() {
    super(`enqueue took longer than ${ENQUEUE_DEADLINE_MS} ms`);
    this.name = 'EnqueueTimeoutError';
  }
}

/** `add` within ENQUEUE_DEADLINE_MS, else EnqueueTimeoutError (the add itself may still land later). */
export async function enqueueWithin<T>(add: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeoutError()), ENQUEUE_DEADLINE_MS);
  });
  add.catch(() => {}); // a late failure after the deadline has nobody left to tell
  try {
    return await Promise.race([add, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Job states in which a job will still run, so it drains whatever waits in its lane. */
const PENDING_STATES: ReadonlySet<string> = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * On a platform retry of a stored message: if neither a handled mark nor a pending job accounts for
 * it (its first enqueue failed or outlived the deadline when Redis went away between the two
 * steps), queue a job for it — under its own id, as the first id may belong to a finished job.
 */
export async function ensureDrained(queue: Queue, ids: { job: string; retry: string }, isHandled: () => Promise<boolean>, add: (jobId: string) => Promise<unknown>): Promise<void> {
  if (PENDING_STATES.has(await queue.getJobState(ids.job))) return;
  if (await isHandled()) return;
  await add(ids.retry);
}

export async function accept(deps: IntakeDeps, msg: InboundMessage): Promise<AcceptResult> {
  const conversationId = conversationIdOf(msg);
  const data: RespondJobData = { conversationId, key: msg.key };
  if (!(await deps.inbox.add(conversationId, msg))) {
    const ids = { job: jobIdFor('respond', msg.key), retry: jobIdFor('respond-retry', msg.key) };
    await enqueueWithin(ensureDrained(deps.respondQueue, ids, () => deps.inbox.isHandled(msg.key), (jobId) => deps.respondQueue.add('respond', data, { jobId })));
    return 'duplicate';
  }
  try {
    await enqueueWithin(deps.respondQueue.add('respond', data, { jobId: jobIdFor('respond', msg.key) }));
  } catch (err) {
    // Refused outright: undo, and let the caller answer 5xx so the platform's retry is accepted
    // afresh. An enqueue still on its way is left alone: it lands once Redis answers, or the
    // retry (a duplicate then) finds no job and queues one.
    if (!(err instanceof EnqueueTimeoutError)) await deps.inbox.forget(conversationId, msg.key).catch(() => {});
    throw err;
  }
  return 'accepted';
}
