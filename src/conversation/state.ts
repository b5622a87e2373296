// Who answers a conversation right now: the bot, the queue for a person (`queued`), or a person
// (`human`, with the supervisor's WeCom userid). One Redis hash per conversation, changed only by
// Lua scripts, so two supervisors accepting at once — on two workers — leave exactly one owner, and
// the respond worker reads one consistent value per message. `bot` is the absence of the hash: a
// conversation nobody handed off costs nothing, and a released one cannot be resurrected by a
// stale write (updates only apply to the same case).
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';

export type ConversationMode = 'bot' | 'queued' | 'human';

/** How a person's messages reach the customer: 客服消息 through the bot, or the 微信客服 servicer session. */
export type Bridge = 'relay' | 'kf';

export interface ConversationState {
  state: ConversationMode;
  /** The supervisor's userid while human. */
  assignee?: string;
  /** The handoff case while queued or human. */
  caseId?: string;
  /** When the current state began (epoch ms). */
  since?: number;
  bridge?: Bridge;
  /** The task cards of the chat: the one with `accept` and the assignee's one with `end`. */
  acceptTaskId?: string;
  activeTaskId?: string;
  /** The short code (#K7M2QX) of the active card: relay lines carry it so a quoted reply finds its chat. */
  activeCode?: string;
}

export type ClaimResult = { result: 'won' | 'mine' } | { result: 'taken'; assignee: string } | { result: 'not_waiting' };

const TTL_S = 30 * 86_400;

// KEYS[1]; ARGV: caseId, now, ttl. A conversation already queued or with a person keeps its state.
const QUEUE = `
local s = redis.call('HGET', KEYS[1], 'state')
if s == 'queued' or s == 'human' then return s end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'queued', 'caseId', ARGV[1], 'since', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 'bot'`;

// KEYS[1]; ARGV: user, now, caseId ('' = any queued one), takeover ('1' = may start from the bot,
// then with the takeover's own case), ttl.
const CLAIM = `
local s = redis.call('HGET', KEYS[1], 'state') or 'bot'
if s == 'human' then
  local a = redis.call('HGET', KEYS[1], 'assignee') or ''
  if a == ARGV[1] then return 'mine' end
  return 'taken:' .. a
end
if s == 'queued' then
  if ARGV[3] ~= '' and redis.call('HGET', KEYS[1], 'caseId') ~= ARGV[3] then return 'not_waiting' end
elseif ARGV[4] ~= '1' then
  return 'not_waiting'
else
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'caseId', ARGV[3])
end
redis.call('HSET', KEYS[1], 'state', 'human', 'assignee', ARGV[1], 'since', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 'won'`;

// KEYS[1]; ARGV: caseId. Back to the bot, only from the chat that case belongs to.
const RELEASE = `
if redis.call('HGET', KEYS[1], 'caseId') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

// KEYS[1]; ARGV: caseId, then field/value pairs. Written only while the state is still that case's.
const UPDATE = `
if redis.call('HGET', KEYS[1], 'caseId') ~= ARGV[1] then return 0 end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1`;

type Field = Exclude<keyof ConversationState, 'state' | 'since'>;

export class ConversationStates {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(conversationId: string): Promise<ConversationState> {
    const h = await this.redis.hgetall(this.keys.conversation(conversationId));
    if (h.state !== 'queued' && h.state !== 'human') return { state: 'bot' };
    const s: ConversationState = { state: h.state };
    for (const f of ['assignee', 'caseId', 'acceptTaskId', 'activeTaskId', 'activeCode'] as const) if (h[f]) s[f] = h[f];
    if (h.bridge === 'relay' || h.bridge === 'kf') s.bridge = h.bridge;
    if (h.since) s.since = Number(h.since);
    return s;
  }

  /** bot → queued for this case; returns the state it found (queued/human stay as they are). */
  async queue(conversationId: string, caseId: string, now: number): Promise<ConversationMode> {
    return (await this.redis.eval(QUEUE, 1, this.keys.conversation(conversationId), caseId, String(now), String(TTL_S))) as ConversationMode;
  }

  /**
   * queued → human for `user`, atomically: the first claim wins, later ones learn who has it.
   * `takeover` also starts from the bot (a supervisor taking a live chat before a handoff was
   * asked); the case is then required, as it becomes the chat's.
   */
  async claim(conversationId: string, user: string, now: number, o: { caseId?: string; takeover?: boolean } = {}): Promise<ClaimResult> {
    const r = String(await this.redis.eval(CLAIM, 1, this.keys.conversation(conversationId), user, String(now), o.caseId ?? '', o.takeover ? '1' : '0', String(TTL_S)));
    if (r === 'won' || r === 'mine') return { result: r };
    if (r.startsWith('taken:')) return { result: 'taken', assignee: r.slice(6) };
    return { result: 'not_waiting' };
  }

  /** Back to the bot; false when the conversation no longer belongs to this case. */
  async release(conversationId: string, caseId: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE, 1, this.keys.conversation(conversationId), caseId)) === 1;
  }

  /** Sets fields of the chat of `caseId`; false (nothing written) when the state moved on. */
  async update(conversationId: string, caseId: string, fields: Partial<Record<Field, string>>): Promise<boolean> {
    const pairs = Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [k, v]));
    if (!pairs.length) return true;
    return (await this.redis.eval(UPDATE, 1, this.keys.conversation(conversationId), caseId, ...pairs)) === 1;
  }
}
