// What the bot remembers of one conversation between turns: the recent turns, the waybills
// discussed ("那个件"), what it is waiting for from the customer, and the 补充信息 a supervisor must
// see on takeover so nobody asks again. Stored as one JSON value with a sliding TTL; anything
// unreadable (an older shape, a corrupted value) loads as an empty memory rather than failing a turn.
import { z } from 'zod';
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import { maskPhonesIn } from '../lib/mask.js';

export const MAX_TURNS = 12;
export const MAX_DISCUSSED = 10;
export const MAX_FACTS = 10;
/** A turn longer than this is cut: memory is context, not an archive. */
export const MAX_TURN_CHARS = 1000;
const DEFAULT_TTL_SECONDS = 7 * 24 * 3600;

const Args = z.record(z.string(), z.unknown());

export const AwaitingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pick_parcel'), options: z.array(z.string()), intent: z.string(), args: Args.optional() }),
  /** `phone` is what the reply showed (usually masked); the code itself is bound to the phone in Identity. */
  z.object({ kind: z.literal('bind_code'), phone: z.string() }),
  z.object({ kind: z.literal('phone'), intent: z.string().optional() }),
  z.object({ kind: z.literal('photo'), caseId: z.string(), purpose: z.enum(['damage', 'non_receipt', 'other']), waybill: z.string() }),
  z.object({ kind: z.literal('verify_last4'), waybill: z.string(), intent: z.string(), args: Args.optional() }),
]);
export type Awaiting = z.infer<typeof AwaitingSchema>;

export const TurnSchema = z.object({ role: z.enum(['customer', 'bot']), text: z.string(), at: z.number() });
export type Turn = z.infer<typeof TurnSchema>;

export const ConversationMemorySchema = z.object({
  turns: z.array(TurnSchema).default([]),
  /** Waybills, most recent first. */
  discussed: z.array(z.string()).default([]),
  lastIntent: z.string().optional(),
  awaiting: AwaitingSchema.optional(),
  /** Customer turns so far. */
  contacts: z.number().int().nonnegative().default(0),
  /** 补充信息 the customer told us (老小区无电梯), oldest first. */
  facts: z.array(z.string()).default([]),
  mood: z.enum(['neutral', 'upset', 'angry']).optional(),
  /** Turns in a row the bot could not handle; the second one hands the customer to a person. */
  failures: z.number().int().nonnegative().optional(),
  lastWaybill: z.string().optional(),
  /** The last numbered list of parcels shown, so “第一个” still works after the choice was made. */
  offered: z.array(z.string()).max(9).optional(),
});
export type ConversationMemory = z.infer<typeof ConversationMemorySchema>;

export const emptyMemory = (): ConversationMemory => ({ turns: [], discussed: [], contacts: 0, facts: [] });

/** Appends a turn (phones masked, long text cut) and keeps the last MAX_TURNS. Pure. */
export function addTurn(mem: ConversationMemory, role: Turn['role'], text: string, at: number): ConversationMemory {
  const turn: Turn = { role, text: maskPhonesIn(text).slice(0, MAX_TURN_CHARS), at };
  return {
    ...mem,
    turns: [...mem.turns, turn].slice(-MAX_TURNS),
    contacts: mem.contacts + (role === 'customer' ? 1 : 0),
  };
}

/** Moves the waybill to the front of `discussed` (deduplicated, at most MAX_DISCUSSED) and makes it the last one. Pure. */
export function remember(mem: ConversationMemory, waybill: string): ConversationMemory {
  return { ...mem, discussed: [waybill, ...mem.discussed.filter((w) => w !== waybill)].slice(0, MAX_DISCUSSED), lastWaybill: waybill };
}

/** Records a 补充信息 fact (phones masked; a repeat moves to the end), keeping the newest MAX_FACTS. Pure. */
export function addFact(mem: ConversationMemory, fact: string): ConversationMemory {
  const f = maskPhonesIn(fact.trim()).slice(0, 200);
  if (!f) return mem;
  return { ...mem, facts: [...mem.facts.filter((x) => x !== f), f].slice(-MAX_FACTS) };
}

/** Enforces the limits on a memory built elsewhere, so whatever is saved also loads. */
function bounded(mem: ConversationMemory): ConversationMemory {
  return {
    ...mem,
    turns: mem.turns.slice(-MAX_TURNS).map((t) => ({ ...t, text: maskPhonesIn(t.text).slice(0, MAX_TURN_CHARS) })),
    discussed: [...new Set(mem.discussed)].slice(0, MAX_DISCUSSED),
    facts: mem.facts.slice(-MAX_FACTS),
  };
}

export class MemoryStore {
  private readonly redis: Redis;
  private readonly keys: Keys;
  private readonly ttlSeconds: number;

  constructor(opts: { redis: Redis; keys: Keys; ttlSeconds?: number }) {
    this.redis = opts.redis;
    this.keys = opts.keys;
    this.ttlSeconds = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  }

  async load(conversationId: string): Promise<ConversationMemory> {
    const raw = await this.redis.get(this.keys.memory(conversationId));
    if (!raw) return emptyMemory();
    try {
      const parsed = ConversationMemorySchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : emptyMemory();
    } catch {
      return emptyMemory();
    }
  }

  /** Saves and restarts the TTL: a conversation is forgotten after ttlSeconds of silence. */
  async save(conversationId: string, mem: ConversationMemory): Promise<void> {
    const valid = ConversationMemorySchema.parse(bounded(mem));
    await this.redis.set(this.keys.memory(conversationId), JSON.stringify(valid), 'EX', this.ttlSeconds);
  }

  addTurn(mem: ConversationMemory, role: Turn['role'], text: string, at: number): ConversationMemory {
    return addTurn(mem, role, text, at);
  }

  remember(mem: ConversationMemory, waybill: string): ConversationMemory {
    return remember(mem, waybill);
  }

  async clear(conversationId: string): Promise<void> {
    await this.redis.del(this.keys.memory(conversationId));
  }
}
