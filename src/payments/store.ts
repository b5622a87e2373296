// Redis storage of payouts, one per claim (keys.custom, no TTL: a payout is a financial record).
// Creation is SET NX (two approvals make one payout); every change is a compare-and-set on the
// stored JSON, retried on a concurrent change, so a notification and a reconciliation query that
// race leave one consistent state.
//   payout:<claimId>   JSON of the Payout
//   payouts            zset claimId → createdAt (newest payout for the sandbox console and scenarios)
import { CourierError } from '../domain/errors.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { PayoutSchema, type Payout } from './states.js';

// KEYS: payout, index. ARGV: json, claimId, createdAt.
const CREATE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
  return 1
end
return 0`;

// KEYS: payout. ARGV: expected json, new json.
const CAS = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0`;

const MAX_ATTEMPTS = 50;

export class PayoutStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private key(claimId: string) {
    return this.keys.custom('payout', claimId);
  }

  async get(claimId: string): Promise<Payout | null> {
    return parse(await this.redis.get(this.key(claimId)));
  }

  /** Stores `p` unless a payout for the claim exists; returns the one stored. */
  async create(p: Payout): Promise<{ payout: Payout; created: boolean }> {
    const created = (await this.redis.eval(CREATE, 2, this.key(p.claimId), this.keys.custom('payouts'), JSON.stringify(p), p.claimId, String(p.createdAt))) === 1;
    if (created) return { payout: p, created };
    const existing = await this.get(p.claimId);
    if (!existing) throw new CourierError('CASE_CONFLICT', `payout ${p.claimId} vanished while being created`, 503);
    return { payout: existing, created };
  }

  /** Read, change, compare-and-set. `change` returning its argument writes nothing. */
  async update(claimId: string, change: (p: Payout) => Payout): Promise<{ payout: Payout; changed: boolean }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await this.redis.get(this.key(claimId));
      const current = parse(raw);
      if (!current || raw === null) throw new CourierError('NOT_FOUND', `no payout for ${claimId}`, 404);
      const next = change(current);
      if (next === current) return { payout: current, changed: false };
      if ((await this.redis.eval(CAS, 1, this.key(claimId), raw, JSON.stringify(PayoutSchema.parse(next)))) === 1) return { payout: next, changed: true };
    }
    throw new CourierError('CASE_CONFLICT', `payout ${claimId} kept changing`, 503);
  }

  /** Newest first. */
  async list(limit = 20): Promise<Payout[]> {
    const ids = await this.redis.zrevrange(this.keys.custom('payouts'), 0, limit - 1);
    const raws = ids.length ? await this.redis.mget(...ids.map((id) => this.key(id))) : [];
    return raws.flatMap((r) => parse(r) ?? []);
  }
}

function parse(raw: string | null): Payout | null {
  if (raw === null) return null;
  const p = PayoutSchema.safeParse(JSON.parse(raw));
  return p.success ? p.data : null;
}
