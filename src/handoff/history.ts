// The one history of a conversation: every customer message, every bot reply and every line a
// person wrote, in order, kept after the chat ends (the record a supervisor or an audit reads).
// Memory (conversation/memory.ts) is the bot's short context; this is the archive. Phones are
// masked on the way in, since supervisors read it. A retried turn may append an entry twice;
// readers drop repeats by message key.
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import { maskPhonesIn } from '../lib/mask.js';

export interface HistoryEntry {
  at: number;
  from: 'customer' | 'bot' | 'agent' | 'system';
  /** The supervisor's userid for `agent` lines. */
  by?: string;
  text: string;
  /** The inbound message or staff event behind it. */
  key?: string;
}

const MAX_ENTRIES = 500;
const MAX_CHARS = 1000;
const TTL_S = 30 * 86_400;

export class History {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async append(conversationId: string, e: HistoryEntry): Promise<void> {
    const entry: HistoryEntry = { ...e, text: maskPhonesIn(e.text).slice(0, MAX_CHARS) };
    const k = this.key(conversationId);
    await this.redis.multi().rpush(k, JSON.stringify(entry)).ltrim(k, -MAX_ENTRIES, -1).expire(k, TTL_S).exec();
  }

  /** The newest `n` entries, oldest first. */
  async recent(conversationId: string, n = 50): Promise<HistoryEntry[]> {
    const raw = await this.redis.lrange(this.key(conversationId), -n, -1);
    const out: HistoryEntry[] = [];
    for (const r of raw) {
      const e = JSON.parse(r) as HistoryEntry;
      const last = out[out.length - 1];
      if (e.key && last?.key === e.key && last.from === e.from && last.text === e.text) continue;
      out.push(e);
    }
    return out;
  }

  private key(conversationId: string): string {
    return this.keys.custom('handoff', 'history', conversationId);
  }
}
