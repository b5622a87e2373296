// The respond worker: one conversation at a time, conversations in parallel, messages in arrival
// order — the conversation's inbox is an ordered lane (jobs/lane.ts). A crash leaves the message at
// the inbox head; BullMQ's stalled-job check retries it (at-least-once, effects keyed by the
// message key).
import { Worker, type Job } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { drainLane } from './lane.js';
import type { Inbox } from '../intake/inbox.js';
import type { RespondJobData } from '../intake/accept.js';
import type { Reply, TurnContext, TurnHandler } from '../conversation/handler.js';
import type { Outbound } from '../outbound/dispatch.js';
import { QUEUE, bullPrefix } from './queues.js';
import type { InboundMessage } from '../domain/inbound.js';

export interface RespondDeps {
  connection: Redis;
  redis: Redis;
  keys: Keys;
  redisPrefix: string;
  inbox: Inbox;
  handler: TurnHandler;
  outbound: Outbound;
  logger: Logger;
  metrics: Metrics;
  concurrency: number;
  /** Show "typing" when a turn runs longer than this (ms). */
  typingAfterMs?: number;
  /** Asked before the bot: a conversation a person owns is relayed to them instead (handoff/). */
  gate?: TurnGate;
}

/** What sits in front of the turn handler (handoff/gate.ts). Both calls must be safe to repeat. */
export interface TurnGate {
  /** True when a person owns the conversation and the message went to them: the bot stays silent. */
  intercept(msg: InboundMessage, turn: TurnContext): Promise<boolean>;
  /** The bot's replies of a turn, for the conversation's one history. */
  answered(msg: InboundMessage, turn: TurnContext, replies: Reply[]): Promise<void>;
}

const LOCK_TTL_MS = 30_000;
const MAX_TURN_FAILURES = 3;
const TURN_FAILED_TEXT = '抱歉，系统刚才没能处理好您的消息，我们已记录。您可以稍后再发一次，或回复“人工”联系客服。';

export function createRespondWorker(deps: RespondDeps): Worker<RespondJobData> {
  return new Worker<RespondJobData>(QUEUE.respond, (job, token) => processRespond(deps, job, token), {
    connection: deps.connection,
    prefix: bullPrefix(deps.redisPrefix),
    concurrency: deps.concurrency,
    lockDuration: LOCK_TTL_MS,
  });
}

export async function processRespond(deps: RespondDeps, job: Job<RespondJobData>, token?: string): Promise<void> {
  const { conversationId } = job.data;
  const lane = { list: deps.keys.inbox(conversationId), lock: deps.keys.conversationLock(conversationId) };
  await drainLane(deps.redis, lane, job, token, async (key) => {
    const message = await deps.inbox.message(key);
    if (!message) {
      deps.logger.warn({ conversationId, key }, 'inbox entry without a readable message, dropped');
    } else if (!(await deps.inbox.isHandled(key))) {
      await runTurn(deps, conversationId, message);
    }
    await deps.inbox.markHandled(key);
  });
}

async function runTurn(deps: RespondDeps, conversationId: string, msg: InboundMessage): Promise<void> {
  const log = deps.logger.child({ conversationId, key: msg.key, type: msg.type });
  await deps.outbound.noteInbound(msg);
  const turn: TurnContext = { conversationId, channel: msg.channel, customerId: msg.from };
  let typing: NodeJS.Timeout | undefined;
  try {
    // The bot must not talk over a person: no typing, no reply, the message is theirs.
    if (deps.gate && (await deps.gate.intercept(msg, turn))) {
      deps.metrics.turns.inc({ outcome: 'relayed' });
      return;
    }
    typing = setTimeout(() => {
      deps.outbound.typing(msg.channel, msg.from).catch(() => {});
    }, deps.typingAfterMs ?? 1500);
    const replies = await deps.handler.handle(msg, turn);
    clearTimeout(typing);
    // Idempotency keys derive from the message key: a retried turn re-sends nothing already sent.
    for (const [i, reply] of replies.entries()) {
      await deps.outbound.send({ channel: msg.channel, to: msg.from, conversationId, idempotencyKey: `${msg.key}#${i}`, reply });
    }
    await deps.gate?.answered(msg, turn, replies);
    deps.metrics.turns.inc({ outcome: replies.length ? 'replied' : 'silent' });
    log.debug({ replies: replies.length }, 'turn handled');
  } catch (err) {
    clearTimeout(typing);
    deps.metrics.turns.inc({ outcome: 'error' });
    // A message that keeps failing must not block its conversation forever: after a few tries the
    // customer gets an honest apology and the turn is closed (the failure stays in the logs).
    const failures = await deps.redis.incr(deps.keys.custom('turnfail', msg.key));
    await deps.redis.expire(deps.keys.custom('turnfail', msg.key), 86_400);
    if (failures < MAX_TURN_FAILURES) {
      log.error({ err, failures }, 'turn failed; it will be retried');
      throw err;
    }
    log.error({ err, failures }, 'turn failed repeatedly; apologising and moving on');
    await deps.outbound.send({
      channel: msg.channel,
      to: msg.from,
      conversationId,
      idempotencyKey: `${msg.key}#failed`,
      reply: { kind: 'text', text: TURN_FAILED_TEXT },
    });
  }
}
