// outbound/: the one way anything reaches a customer. send() stores the message under its
// idempotency key and queues a `send` job with a job id derived from that key, so a retried turn or
// follow-up never queues twice; deliver() (the send worker) skips keys already delivered, keeps the
// service window and falls back to a template message outside it (DESIGN.md step 4).
import type { Queue } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { jobIdFor } from '../lib/ids.js';
import type { ChannelName, InboundMessage } from '../domain/inbound.js';
import type { Reply } from '../conversation/handler.js';
import { PlatformApiError } from '../channels/shared/api-error.js';
import { ServiceWindow, type WindowTrigger } from './window.js';
import { splitText, type ChannelSender } from './sender.js';

export interface OutboundMessage {
  channel: ChannelName;
  to: string;
  conversationId: string;
  /** Unique per logical message: `<inbound key>#<n>` for replies, `<case>:<step>` for follow-ups. */
  idempotencyKey: string;
  reply: Reply;
}

export interface SendJobData {
  /** The recipient's lane: `<channel>:<to>`; the job delivers everything waiting in it, in order. */
  lane: string;
}

export type DeliveryResult = 'sent' | 'template' | 'duplicate' | 'missing';

const BODY_TTL_S = 7 * 86_400;

// KEYS: body, lane list; ARGV: body json, idempotency key, ttl.
const ENQUEUE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[3]) then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return 1`;

export class Outbound {
  readonly window: ServiceWindow;
  constructor(
    private readonly deps: {
      redis: Redis;
      keys: Keys;
      clock: Clock;
      logger: Logger;
      metrics: Metrics;
      sendQueue: Queue;
      senders: Partial<Record<ChannelName, ChannelSender>>;
    },
  ) {
    this.window = new ServiceWindow(deps.redis, deps.keys);
  }

  async send(m: OutboundMessage): Promise<void> {
    const { redis, keys, sendQueue } = this.deps;
    const lane = `${m.channel}:${m.to}`;
    // The first body stored under a key wins and is queued once, so a re-run turn can neither
    // change nor repeat what is sent; the recipient's lane keeps our messages in the order written.
    await redis.eval(ENQUEUE, 2, keys.custom('out', m.idempotencyKey), this.laneOf(lane).list, JSON.stringify(m), m.idempotencyKey, String(BODY_TTL_S));
    const data: SendJobData = { lane };
    await sendQueue.add('send', data, { jobId: jobIdFor('send', m.idempotencyKey) });
  }

  laneOf(lane: string) {
    return { list: this.deps.keys.custom('outq', lane), lock: this.deps.keys.custom('lock', 'outq', lane) };
  }

  async noteInbound(msg: InboundMessage): Promise<void> {
    const trigger = windowTrigger(msg);
    if (trigger) await this.window.open(msg.channel, msg.from, trigger, msg.at);
  }

  async typing(channel: ChannelName, to: string): Promise<void> {
    await this.deps.senders[channel]?.typing?.(to);
  }

  /** Runs inside the send worker. Throws to have BullMQ retry with backoff. */
  async deliver(idempotencyKey: string): Promise<DeliveryResult> {
    const { redis, keys, logger, metrics, clock } = this.deps;
    const sentKey = keys.sent(idempotencyKey);
    if (await redis.exists(sentKey)) return 'duplicate';
    const raw = await redis.get(keys.custom('out', idempotencyKey));
    if (!raw) {
      logger.error({ idempotencyKey }, 'outbound body missing; nothing to send');
      return 'missing';
    }
    const m = JSON.parse(raw) as OutboundMessage;
    const sender = this.deps.senders[m.channel];
    if (!sender) throw new UnrecoverableError(`no sender for channel ${m.channel}`);
    const parts: Reply[] =
      m.reply.kind === 'text' ? splitText(m.reply.text, sender.textLimitBytes).map((text) => ({ kind: 'text', text })) : [m.reply];
    let result: DeliveryResult = 'sent';
    for (const [i, part] of parts.entries()) {
      const partKey = parts.length > 1 ? `${idempotencyKey}~${i}` : idempotencyKey;
      if (parts.length > 1 && (await redis.exists(keys.sent(partKey)))) continue;
      const r = await this.deliverOne(m, sender, part, partKey, clock.now());
      if (r === 'template') result = 'template';
      if (parts.length > 1) await redis.set(keys.sent(partKey), '1', 'EX', BODY_TTL_S);
      if (r === 'template') break; // one template carries the whole text
    }
    await redis.set(sentKey, result, 'EX', BODY_TTL_S);
    // The conversation's last 200 sends, kept as long as the bodies (Redis runs noeviction: a key
    // without a TTL per conversation would stay forever).
    const log = keys.outboxLog(m.conversationId);
    await redis.multi().rpush(log, JSON.stringify({ at: clock.now(), key: idempotencyKey, via: result, reply: m.reply })).ltrim(log, -200, -1).expire(log, BODY_TTL_S).exec();
    metrics.sendOutcomes.inc({ channel: m.channel, kind: result === 'template' ? 'template' : m.reply.kind, errcode: '0' });
    return result;
  }

  private async deliverOne(m: OutboundMessage, sender: ChannelSender, part: Reply, key: string, now: number): Promise<'sent' | 'template'> {
    const { logger, metrics } = this.deps;
    const slot = await this.window.reserve(m.channel, m.to, now);
    if (slot === 'ok') {
      try {
        await sender.send(m.to, part);
        return 'sent';
      } catch (err) {
        if (!(err instanceof PlatformApiError)) throw err; // network: retry with backoff
        metrics.sendOutcomes.inc({ channel: m.channel, kind: part.kind, errcode: String(err.errcode) });
        if (err.kind !== 'window') {
          if (err.kind === 'permanent') {
            logger.error({ errcode: err.errcode, api: err.api, key }, 'platform refused the message permanently');
            throw new UnrecoverableError(`platform error ${err.errcode}`);
          }
          throw err;
        }
        logger.info({ errcode: err.errcode, key }, 'service window closed on the platform; falling back to a template message');
        await this.window.close(m.channel, m.to);
      }
    }
    return this.fallback(m, sender, key);
  }

  private async fallback(m: OutboundMessage, sender: ChannelSender, key: string): Promise<'template'> {
    if (!sender.sendTemplate) {
      this.deps.logger.warn({ key, channel: m.channel }, 'outside the service window and the channel has no template fallback');
      throw new UnrecoverableError('service window closed');
    }
    const text = m.reply.kind === 'text' ? m.reply.text : (m.reply.caption ?? '我们给您发送了一张图片，回复任意消息即可查看。');
    try {
      await sender.sendTemplate(m.to, text, jobIdFor('tpl', key));
    } catch (err) {
      if (err instanceof PlatformApiError && err.kind === 'permanent') {
        this.deps.metrics.sendOutcomes.inc({ channel: m.channel, kind: 'template', errcode: String(err.errcode) });
        this.deps.logger.error({ errcode: err.errcode, key }, 'template fallback refused permanently');
        throw new UnrecoverableError(`template error ${err.errcode}`);
      }
      throw err;
    }
    return 'template';
  }
}

function windowTrigger(msg: InboundMessage): WindowTrigger | null {
  if (msg.type !== 'event') return msg.type === 'unknown' ? null : 'message';
  switch (msg.event) {
    case 'click':
    case 'scancode_push':
    case 'scancode_waitmsg':
      return 'click';
    case 'scan':
      return 'scan';
    case 'subscribe':
      return 'subscribe';
    case 'unsubscribe':
      return 'unsubscribe';
    default:
      return null;
  }
}
