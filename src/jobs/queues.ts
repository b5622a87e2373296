// The BullMQ queues of the service. Producers (the web role) and workers share these names and the
// Redis prefix; the prefix carries a hash tag so a Redis Cluster keeps each queue in one slot.
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Redis } from '../store/redis.js';

export const QUEUE = {
  /** One job per inbound message; the worker drains the conversation's inbox in order. */
  respond: 'respond',
  /** One job per outbound message (idempotency key as job id). */
  send: 'send',
  /** Delayed checks of promises made to customers (SLA follow-ups). */
  followUp: 'follow-up',
  /** WeCom app events from station staff and supervisors (card clicks, texts, photos). */
  staff: 'staff',
  /** 微信客服: pull customer messages with sync_msg after a callback nudge. */
  kfSync: 'kf-sync',
  /** WeChat Pay payouts of approved claims: submit, query before any retry, reconcile (payments/). */
  payout: 'payout',
  /** Insights events: one per handled turn or case step (parcel lookup, then counters). */
  insights: 'insights',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/** Job data convention: a delayed job states the business time it is due at (`dueAt`, epoch ms),
 * so the scenario runner's clock can promote exactly the jobs due by a `wait:`. */
export interface DueJobData {
  dueAt?: number;
}

export const DEFAULT_JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  respond: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  },
  send: {
    attempts: 6,
    backoff: { type: 'exponential', delay: 1000 },
    // Completed send jobs are kept a day so a re-added job id is recognised as already done.
    removeOnComplete: { age: 86_400, count: 100_000 },
    removeOnFail: { age: 7 * 86_400 },
  },
  'follow-up': {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: 7 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  },
  staff: {
    attempts: 6,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  },
  'kf-sync': {
    attempts: 8,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: { age: 600, count: 1000 },
    removeOnFail: { age: 7 * 86_400 },
  },
  payout: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 5000 },
    // Kept long so a re-added job id (a second approval hook) is recognised as done.
    removeOnComplete: { age: 30 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  },
  insights: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  },
};

/**
 * Repeating jobs (BullMQ job schedulers: insights detection, the daily report). Not one of
 * `Queues` on purpose: settle() promotes every delayed job without a business `dueAt`, and a
 * scheduler always has its next one waiting.
 */
export const SCHEDULE_QUEUE = 'schedule';

export type Queues = Record<QueueName, Queue>;

export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}

export function createQueues(connection: Redis | ConnectionOptions, redisPrefix: string): Queues {
  const prefix = bullPrefix(redisPrefix);
  const make = (name: QueueName) => new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS[name] });
  return {
    respond: make(QUEUE.respond),
    send: make(QUEUE.send),
    'follow-up': make(QUEUE.followUp),
    staff: make(QUEUE.staff),
    'kf-sync': make(QUEUE.kfSync),
    payout: make(QUEUE.payout),
    insights: make(QUEUE.insights),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
