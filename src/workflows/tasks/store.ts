// Durable task state in Redis: one hash per task (`data` JSON plus status, outcome and per-recipient
// `st:/rc:/upd:` fields), an index by short code, idempotency keys and each member's "current
// task" (for a photo sent without a code). The first click wins in one Lua script, so two staff
// clicking at once — on two workers — still give exactly one outcome.
import type { Redis } from '../../store/redis.js';
import type { Keys } from '../../store/keys.js';
import { cardTaskIdOf } from './codes.js';
import type { RecipientStatus, Task, TaskSpec } from './types.js';

const TTL_S = 30 * 86_400;

// KEYS[1] task; ARGV: outcome, user, at, claimKey, responseCode.
// Keeps the clicker's fresh response code (an unused code lets us update their card again), then
// takes the task if it is open. `mine` is a retry of the winning click's own job.
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local rc = 'rc:' .. ARGV[2]
if ARGV[5] ~= '' and redis.call('HGET', KEYS[1], rc) ~= ARGV[5] then
  redis.call('HSET', KEYS[1], rc, ARGV[5])
  redis.call('HDEL', KEYS[1], 'upd:' .. ARGV[2])
end
if redis.call('HGET', KEYS[1], 'status') == 'open' then
  redis.call('HSET', KEYS[1], 'status', 'done', 'outcome', ARGV[1], 'by', ARGV[2], 'at', ARGV[3], 'claim', ARGV[4])
  return 'won'
end
if redis.call('HGET', KEYS[1], 'claim') == ARGV[4] then return 'mine' end
return 'taken'`;

// KEYS[1] task; ARGV[1] claimKey. Reopens a task whose winning click could not be handled.
const RELEASE = `
if redis.call('HGET', KEYS[1], 'claim') == ARGV[1] and redis.call('HGET', KEYS[1], 'handled') ~= '1' then
  redis.call('HSET', KEYS[1], 'status', 'open')
  redis.call('HDEL', KEYS[1], 'outcome', 'by', 'at', 'claim')
  return 1
end
return 0`;

export type ClaimResult = 'won' | 'mine' | 'taken' | 'missing';

/** A task with the bookkeeping only the mechanism needs. */
export interface StoredTask {
  task: Task;
  handled: boolean;
  /** What the owner's handler answered, sent once (`replied`). */
  reply?: string;
  replied: boolean;
  /** The newest unused response code per recipient. */
  codes: Record<string, string>;
}

type Static = Omit<Task, 'status' | 'recipients' | 'outcome'> & { to: string[] };

export class TaskStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Claims a short code for a task; false when it is taken (pick another). */
  async reserveCode(code: string, taskId: string): Promise<boolean> {
    return (await this.redis.set(this.k('code', code), taskId, 'EX', TTL_S, 'NX')) === 'OK';
  }

  /** Binds an idempotency key to a task id; returns the id that holds it (ours or an earlier one). */
  async bindIdempotency(owner: string, key: string, taskId: string): Promise<string> {
    const k = this.k('idem', owner, key);
    if ((await this.redis.set(k, taskId, 'EX', TTL_S, 'NX')) === 'OK') return taskId;
    return (await this.redis.get(k)) ?? taskId;
  }

  async byIdempotency(owner: string, key: string): Promise<string | null> {
    return this.redis.get(this.k('idem', owner, key));
  }

  async save(id: string, code: string, spec: TaskSpec, createdAt: number): Promise<void> {
    const data: Static = { id, code, owner: spec.owner, ownerRef: spec.ownerRef, title: spec.title, description: spec.description, fields: spec.fields, buttons: spec.buttons, ...(spec.quote && { quote: spec.quote }), createdAt, to: spec.to };
    const fields: Record<string, string> = { data: JSON.stringify(data), status: 'open' };
    for (const u of spec.to) fields[`st:${u}`] = 'pending';
    await this.redis.multi().hset(this.k(id), fields).expire(this.k(id), TTL_S).exec();
  }

  /** Drops a task that lost a race for its idempotency key (it was never sent). */
  async discard(id: string, code: string): Promise<void> {
    await this.redis.del(this.k(id), this.k('code', code));
  }

  async get(id: string): Promise<StoredTask | null> {
    const h = await this.redis.hgetall(this.k(id));
    if (!h.data) return null;
    const s = JSON.parse(h.data) as Static;
    const { to, ...rest } = s;
    const codes: Record<string, string> = {};
    for (const u of to) if (h[`rc:${u}`]) codes[u] = h[`rc:${u}`] as string;
    const task: Task = {
      ...rest,
      status: h.status === 'done' ? 'done' : 'open',
      recipients: to.map((userid, i) => ({
        userid,
        status: (h[`st:${userid}`] as RecipientStatus | undefined) ?? 'pending',
        cardTaskId: cardTaskIdOf(id, i),
        updated: h[`upd:${userid}`] === '1',
      })),
      ...(h.outcome && h.by && { outcome: { key: h.outcome, text: s.buttons.find((b) => b.key === h.outcome)?.text ?? h.outcome, by: h.by, at: Number(h.at) } }),
    };
    return { task, handled: h.handled === '1', ...(h.reply !== undefined && { reply: h.reply }), replied: h.replied === '1', codes };
  }

  async byCode(code: string): Promise<string | null> {
    return this.redis.get(this.k('code', code));
  }

  async recipient(id: string, userid: string, status: RecipientStatus, responseCode?: string): Promise<void> {
    await this.redis.hset(this.k(id), { [`st:${userid}`]: status, ...(responseCode && { [`rc:${userid}`]: responseCode }) });
  }

  claim(id: string, c: { outcome: string; user: string; at: number; claimKey: string; responseCode?: string }): Promise<ClaimResult> {
    return this.redis.eval(CLAIM, 1, this.k(id), c.outcome, c.user, String(c.at), c.claimKey, c.responseCode ?? '') as Promise<ClaimResult>;
  }

  async release(id: string, claimKey: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE, 1, this.k(id), claimKey)) === 1;
  }

  async markHandled(id: string, reply: string | undefined): Promise<void> {
    await this.redis.hset(this.k(id), { handled: '1', ...(reply !== undefined && { reply }) });
  }

  async markReplied(id: string): Promise<void> {
    await this.redis.hset(this.k(id), 'replied', '1');
  }

  /** `1` once the card shows the outcome; `x` when the platform refused the code for good. */
  async markUpdated(id: string, userid: string, ok: boolean): Promise<void> {
    await this.redis.hset(this.k(id), `upd:${userid}`, ok ? '1' : 'x');
  }

  async isUpdateSettled(id: string, userid: string): Promise<boolean> {
    return (await this.redis.hget(this.k(id), `upd:${userid}`)) !== null;
  }

  /** The task a member acted on last (click or `#code`), for a photo that names none. */
  async setCurrent(userid: string, taskId: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.k('current', userid), taskId, 'EX', ttlSeconds);
  }

  async current(userid: string): Promise<string | null> {
    return this.redis.get(this.k('current', userid));
  }

  private k(...parts: string[]): string {
    return this.keys.custom('task', ...parts);
  }
}
