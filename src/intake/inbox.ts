// The per-conversation inbox: accepted messages wait here, in arrival order, until the respond
// worker has handled them (the list is drained as an ordered lane, jobs/lane.ts).
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import { InboundMessage } from '../domain/inbound.js';

// KEYS: dedupe, message, inbox; ARGV: ttlSeconds, messageJson, messageKey.
// Dedupe, store and enqueue in one atomic step: a retry never half-writes and never doubles.
export const ACCEPT_LUA = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[1])
  redis.call('RPUSH', KEYS[3], ARGV[3])
  redis.call('EXPIRE', KEYS[3], ARGV[1])
  return 1
end
return 0`;

export class Inbox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  /** Returns false when the message key was seen before (a platform retry). */
  async add(conversationId: string, msg: InboundMessage): Promise<boolean> {
    const res = await this.redis.eval(
      ACCEPT_LUA,
      3,
      this.keys.dedupe(msg.key),
      this.keys.inboxMessage(msg.key),
      this.keys.inbox(conversationId),
      String(this.ttlSeconds),
      JSON.stringify(msg),
      msg.key,
    );
    return res === 1;
  }

  /** Undo an accept whose job could not be queued, so the platform's retry is accepted again. */
  async forget(conversationId: string, key: string): Promise<void> {
    await this.redis
      .multi()
      .del(this.keys.dedupe(key), this.keys.inboxMessage(key))
      .lrem(this.keys.inbox(conversationId), 0, key)
      .exec();
  }

  async message(key: string): Promise<InboundMessage | null> {
    const raw = await this.redis.get(this.keys.inboxMessage(key));
    if (!raw) return null;
    const parsed = InboundMessage.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async isHandled(key: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.handled(key))) === 1;
  }

  async markHandled(key: string): Promise<void> {
    await this.redis.set(this.keys.handled(key), '1', 'EX', this.ttlSeconds);
  }

  async length(conversationId: string): Promise<number> {
    return this.redis.llen(this.keys.inbox(conversationId));
  }
}
