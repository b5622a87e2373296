// Redis storage of cases. A case is one hash {json, rev}; every change is one Lua script that
// writes the case and its indexes together, so a crash never leaves half a case. Changes use
// optimistic locking on `rev` (compare-and-set), which works across processes and on a shared
// connection, unlike WATCH. All keys share the deployment prefix's hash tag (one Cluster slot).
//
//   case:<id>                      hash {json, rev}
//   case:open:<waybill>:<slot>     id of the one open case per waybill and type (claims: and kind)
//   case:open-handoff:<ch>:<user>  the same for a handoff that names no parcel
//   cases                          zset id → createdAt (all cases)
//   cases:type:<type>              zset id → createdAt
//   cases:open                     set of open ids
//   cases:waybill:<waybill>        set of ids
//   cases:customer:<ch>:<user>     set of ids
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import { CaseSchema, type Case, type CaseCustomer } from './case-types.js';
import { openSlot } from './case-ops.js';

// KEYS: case, open pointer, all, type, open set, waybill index, customer index.
// ARGV: id, json, createdAt, hasWaybill.
const CREATE = `
local cur = redis.call('GET', KEYS[2])
if cur then return {0, cur} end
if redis.call('EXISTS', KEYS[1]) == 1 then return {2, ''} end
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'rev', '1')
redis.call('SET', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[5], ARGV[1])
if ARGV[4] == '1' then redis.call('SADD', KEYS[6], ARGV[1]) end
redis.call('SADD', KEYS[7], ARGV[1])
return {1, ARGV[1]}`;

// KEYS: case, open pointer, open set, then customer indexes to add the id to.
// ARGV: expected rev, json, id, closing ('1' when the new status is closed).
const WRITE = `
local rev = redis.call('HGET', KEYS[1], 'rev')
if rev ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'rev', tostring(tonumber(rev) + 1))
if ARGV[4] == '1' then
  if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
  redis.call('SREM', KEYS[3], ARGV[3])
end
for i = 4, #KEYS do redis.call('SADD', KEYS[i], ARGV[3]) end
return 1`;

const CLEAR_POINTER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface Stored {
  case: Case;
  rev: string;
}

export type CreateResult = { created: true } | { created: false; existingId: string } | { created: false; collision: true };

export class CaseRepo {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  readonly all = () => this.keys.caseIndex();
  readonly openSet = () => this.keys.custom('cases', 'open');
  readonly byType = (type: string) => this.keys.custom('cases', 'type', type);
  readonly byWaybill = (waybill: string) => this.keys.custom('cases', 'waybill', waybill);
  readonly byCustomer = (c: { channel: string; id: string }) => this.keys.custom('cases', 'customer', c.channel, c.id);

  /** The pointer that makes a case "the open one" for its parcel and type. */
  openPointer(c: Pick<Case, 'type' | 'kind' | 'waybill' | 'customers'>): string {
    if (c.waybill) return this.keys.caseByWaybill(c.waybill, openSlot(c));
    const first = c.customers[0];
    return this.keys.custom('case', 'open-handoff', first?.channel ?? '-', first?.id ?? '-');
  }

  async read(id: string): Promise<Stored | null> {
    const [json, rev] = await this.redis.hmget(this.keys.case(id), 'json', 'rev');
    const c = json && rev ? this.parse(json) : null;
    return c && rev ? { case: c, rev } : null;
  }

  async readMany(ids: string[]): Promise<Case[]> {
    if (!ids.length) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hget(this.keys.case(id), 'json');
    const res = (await pipe.exec()) ?? [];
    return res.flatMap(([err, json]) => {
      const c = !err && typeof json === 'string' ? this.parse(json) : null;
      return c ? [c] : [];
    });
  }

  async create(c: Case): Promise<CreateResult> {
    const customer = c.customers[0];
    if (!customer) throw new Error('a new case needs its first customer');
    const keys = [this.keys.case(c.id), this.openPointer(c), this.all(), this.byType(c.type), this.openSet(), this.byWaybill(c.waybill || '-'), this.byCustomer(customer)];
    const [code, id] = (await this.redis.eval(CREATE, keys.length, ...keys, c.id, JSON.stringify(c), String(c.createdAt), c.waybill ? '1' : '0')) as [number, string];
    if (code === 1) return { created: true };
    if (code === 0) return { created: false, existingId: id };
    return { created: false, collision: true };
  }

  /** Compare-and-set: false when someone else changed the case since `rev` was read. */
  async write(c: Case, rev: string, opts: { closing: boolean; newCustomers?: CaseCustomer[] }): Promise<boolean> {
    const keys = [this.keys.case(c.id), this.openPointer(c), this.openSet(), ...(opts.newCustomers ?? []).map((x) => this.byCustomer(x))];
    const ok = await this.redis.eval(WRITE, keys.length, ...keys, rev, JSON.stringify(c), c.id, opts.closing ? '1' : '0');
    return ok === 1;
  }

  /** Drops a pointer to a case that is gone or closed (never one that meanwhile points elsewhere). */
  async clearPointer(pointer: string, id: string): Promise<void> {
    await this.redis.eval(CLEAR_POINTER, 1, pointer, id);
  }

  async ids(key: string, sorted: boolean, limit: number, offset = 0): Promise<string[]> {
    return sorted ? this.redis.zrevrange(key, offset, offset + limit - 1) : this.redis.smembers(key);
  }

  async count(): Promise<number> {
    return this.redis.zcard(this.all());
  }

  private parse(json: string): Case | null {
    try {
      const r = CaseSchema.safeParse(JSON.parse(json));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  }
}
