// The durable case store every workflow uses. openOrJoin guarantees one open case per parcel and
// type across all processes (the create step is one Lua script that checks the open pointer);
// every later change is a compare-and-set of the whole case, retried on a concurrent change, so
// no update is lost and a refused change writes nothing.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { CourierError } from '../domain/errors.js';
import { CaseTransitionError, canTransition, isOpenStatus } from './case-machine.js';
import { CasePatchSchema, entry, joinCase, newCase, parseOpenInput, sameCustomer, type CasePatch, type OpenCase, type OpenCaseInput } from './case-ops.js';
import { CaseRepo } from './case-repo.js';
import { candidateIds, FIND_LIMIT, matches, newestFirst, type CaseQuery } from './case-query.js';
import { CASE_ID, CaseStatusSchema, newCaseId, type Case, type CaseCustomer, type CaseStatus, type Evidence } from './case-types.js';

export * from './case-types.js';
export { CaseTransitionError, canTransition, isOpenStatus, nextStatuses, initialStatuses, statusesOf } from './case-machine.js';
export { CasePatchSchema, OpenCaseInputSchema } from './case-ops.js';
export type { CasePatch, OpenCaseInput } from './case-ops.js';
export type { CaseQuery } from './case-query.js';

const MAX_ATTEMPTS = 100;

export type EvidenceInput = Omit<Evidence, 'at'> & { at?: number };

export interface CaseStoreDeps {
  redis: Redis;
  keys: Keys;
  clock: Clock;
  logger?: Logger;
}

// A little jitter after a lost race keeps twenty writers from colliding in lockstep.
const backoff = (attempt: number) => sleep(Math.floor(Math.random() * Math.min(20, 2 + attempt)));

export class CaseStore {
  private readonly repo: CaseRepo;

  constructor(private readonly deps: CaseStoreDeps) {
    this.repo = new CaseRepo(deps.redis, deps.keys);
  }

  /** Opens a case, or joins the open one for the same waybill and type (and kind, for claims). */
  async openOrJoin(input: OpenCaseInput): Promise<{ case: Case; created: boolean }> {
    const req = parseOpenInput(input);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const fresh = newCase(req, newCaseId(req.type), this.deps.clock.now());
      const res = await this.repo.create(fresh);
      if (res.created) {
        this.deps.logger?.info({ caseId: fresh.id, type: fresh.type, kind: fresh.kind, waybill: fresh.waybill }, 'case opened');
        return { case: fresh, created: true };
      }
      if ('collision' in res) continue;
      const joined = await this.join(res.existingId, this.repo.openPointer(fresh), req);
      if (joined) return joined;
      // The open case closed (or vanished) meanwhile: its pointer is gone, so create again.
    }
    throw new CourierError('CASE_CONFLICT', 'could not open or join a case under contention', 503);
  }

  private async join(id: string, pointer: string, req: OpenCase): Promise<{ case: Case; created: boolean } | null> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.repo.read(id);
      if (!stored || !isOpenStatus(stored.case.type, stored.case.status)) {
        await this.repo.clearPointer(pointer, id);
        return null;
      }
      const j = joinCase(stored.case, req, this.deps.clock.now());
      if (j.unchanged) return { case: stored.case, created: j.unchanged.created };
      if (await this.repo.write(j.next, stored.rev, { closing: false, newCustomers: j.newCustomer ? [j.newCustomer] : [] })) {
        this.deps.logger?.info({ caseId: id, type: j.next.type, joined: !!j.newCustomer }, 'case joined');
        return { case: j.next, created: false };
      }
      await backoff(attempt);
    }
    throw new CourierError('CASE_CONFLICT', `case ${id} kept changing while joining`, 503);
  }

  async get(id: string): Promise<Case | null> {
    if (!CASE_ID.test(id)) return null;
    return (await this.repo.read(id))?.case ?? null;
  }

  /** Moves the case to `to`; an impossible move throws CASE_TRANSITION_INVALID and writes nothing. */
  async transition(id: string, to: CaseStatus, actor: string, note?: string): Promise<Case> {
    if (!CaseStatusSchema.safeParse(to).success) throw new CourierError('CASE_INVALID', `unknown case status ${String(to)}`);
    return this.mutate(id, (c, now) => {
      if (!canTransition(c.type, c.status, to)) throw new CaseTransitionError(c.id, c.status, to);
      return { ...c, status: to, updatedAt: now, timeline: [...c.timeline, entry(now, actor, `status:${to}`, note)] };
    });
  }

  /** Attaches a photo or a note; the same photo (mediaId) delivered twice is kept once. */
  async addEvidence(id: string, ev: EvidenceInput): Promise<Case> {
    if (ev.kind === 'photo' && !ev.mediaId) throw new CourierError('CASE_INVALID', 'photo evidence needs a mediaId');
    if (ev.kind === 'note' && !ev.text?.trim()) throw new CourierError('CASE_INVALID', 'note evidence needs text');
    return this.mutate(id, (c, now) => {
      if (ev.mediaId && c.evidence.some((e) => e.mediaId === ev.mediaId)) return c;
      const item: Evidence = { ...ev, at: ev.at ?? now };
      return { ...c, updatedAt: now, evidence: [...c.evidence, item], timeline: [...c.timeline, entry(now, ev.by, `evidence:${ev.kind}`)] };
    });
  }

  /** An internal note on the timeline (staff, supervisors, the bot). */
  async addNote(id: string, note: string, actor: string): Promise<Case> {
    if (!note.trim()) throw new CourierError('CASE_INVALID', 'a note needs text');
    return this.mutate(id, (c, now) => ({ ...c, updatedAt: now, timeline: [...c.timeline, entry(now, actor, 'note', note)] }));
  }

  async assign(id: string, assignee: string, actor: string): Promise<Case> {
    if (!assignee) throw new CourierError('CASE_INVALID', 'assignee is required');
    return this.mutate(id, (c, now) => ({ ...c, assignee, updatedAt: now, timeline: [...c.timeline, entry(now, actor, 'assigned', assignee)] }));
  }

  async update(id: string, patch: CasePatch, actor: string, note?: string): Promise<Case> {
    const p = CasePatchSchema.safeParse(patch);
    if (!p.success) throw new CourierError('CASE_INVALID', p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { slaDueAt, data, priority } = p.data;
    return this.mutate(id, (c, now) => {
      const next: Case = { ...c, data: { ...c.data, ...(data ?? {}) }, ...(priority ? { priority } : {}), updatedAt: now };
      if (slaDueAt === null) delete next.slaDueAt;
      else if (slaDueAt !== undefined) next.slaDueAt = slaDueAt;
      next.timeline = [...c.timeline, entry(now, actor, 'updated', note)];
      return next;
    });
  }

  async find(q: CaseQuery = {}): Promise<Case[]> {
    const cases = await this.repo.readMany(await candidateIds(this.repo, q));
    return cases.filter((c) => matches(c, q)).sort(newestFirst).slice(0, q.limit ?? FIND_LIMIT);
  }

  /** Newest first. */
  async list(opts: { limit?: number; offset?: number } = {}): Promise<Case[]> {
    const ids = await this.repo.ids(this.repo.all(), true, opts.limit ?? 50, opts.offset ?? 0);
    return (await this.repo.readMany(ids)).sort(newestFirst);
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  /** Read, change, compare-and-set; `change` may throw to refuse, and returning the same case writes nothing. */
  private async mutate(id: string, change: (c: Case, now: number) => Case): Promise<Case> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = CASE_ID.test(id) ? await this.repo.read(id) : null;
      if (!stored) throw new CourierError('NOT_FOUND', `case ${id} does not exist`, 404);
      const next = change(stored.case, this.deps.clock.now());
      if (next === stored.case) return next;
      const closing = isOpenStatus(next.type, stored.case.status) && !isOpenStatus(next.type, next.status);
      const newCustomers: CaseCustomer[] = next.customers.filter((x) => !stored.case.customers.some((y) => sameCustomer(x, y)));
      if (await this.repo.write(next, stored.rev, { closing, newCustomers })) {
        if (next.status !== stored.case.status) this.deps.logger?.info({ caseId: id, from: stored.case.status, to: next.status }, 'case status changed');
        return next;
      }
      await backoff(attempt);
    }
    throw new CourierError('CASE_CONFLICT', `case ${id} kept changing`, 503);
  }
}
