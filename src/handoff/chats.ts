// Which chats each supervisor is serving, and the one their plain texts go to. A supervisor may
// hold several chats; a text that names no chat (#code) goes to the current one — the chat they
// accepted or addressed last — and with more than one chat open they are asked to say which.
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';

const TTL_S = 30 * 86_400;

export class SupervisorChats {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async add(userid: string, conversationId: string): Promise<void> {
    await this.redis.multi().sadd(this.k('chats', userid), conversationId).expire(this.k('chats', userid), TTL_S).set(this.k('current', userid), conversationId, 'EX', TTL_S).exec();
  }

  async remove(userid: string, conversationId: string): Promise<void> {
    await this.redis.srem(this.k('chats', userid), conversationId);
    const current = await this.redis.get(this.k('current', userid));
    if (current === conversationId) await this.redis.del(this.k('current', userid));
  }

  async setCurrent(userid: string, conversationId: string): Promise<void> {
    await this.redis.set(this.k('current', userid), conversationId, 'EX', TTL_S);
  }

  async list(userid: string): Promise<string[]> {
    return (await this.redis.smembers(this.k('chats', userid))).sort();
  }

  /** The current chat if set; else the only chat; undefined when none or ambiguous. */
  async current(userid: string): Promise<string | undefined> {
    const c = await this.redis.get(this.k('current', userid));
    if (c) return c;
    const all = await this.list(userid);
    return all.length === 1 ? all[0] : undefined;
  }

  private k(kind: string, userid: string): string {
    return this.keys.custom('handoff', kind, userid);
  }
}
