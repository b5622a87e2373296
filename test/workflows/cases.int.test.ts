import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore, type OpenCaseInput } from '../../src/workflows/cases.js';
import { ManualClock } from '../../src/lib/clock.js';
import { Keys } from '../../src/store/keys.js';
import { deleteByPrefix } from '../../src/store/cleanup.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WB = 'SF1000000000001';
const receiver = { channel: 'wechat', id: 'o_receiver', role: 'receiver' as const };
const sender = { channel: 'wechat', id: 'o_sender', role: 'sender' as const };

describe('CaseStore', () => {
  let prefix: string;
  let keys: Keys;
  let redis: Redis;
  let clock: ManualClock;
  let store: CaseStore;
  const extra: Redis[] = [];

  beforeEach(() => {
    prefix = `{t-${randomUUID()}}`;
    keys = new Keys(prefix);
    redis = new Redis(REDIS_URL);
    clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
    store = new CaseStore({ redis, keys, clock });
  });

  afterEach(async () => {
    for (const r of [redis, ...extra.splice(0)]) r.disconnect();
    await deleteByPrefix(REDIS_URL, prefix);
  });

  const urge = (over: Partial<OpenCaseInput> = {}): OpenCaseInput => ({ type: 'urge', waybill: WB, customer: receiver, actor: 'bot', ...over });

  async function snapshot(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const k of (await redis.keys(`${prefix}*`)).sort()) {
      const t = await redis.type(k);
      out[k] = t === 'hash' ? await redis.hgetall(k) : t === 'string' ? await redis.get(k) : t === 'set' ? (await redis.smembers(k)).sort() : await redis.zrange(k, '0', '-1', 'WITHSCORES');
    }
    return out;
  }

  it('opens a case with a readable id, the customer and an opened entry', async () => {
    const { case: c, created } = await store.openOrJoin(urge({ waybill: 'sf1000000000001', stationId: 'zhangjiang', assignee: 'zhangjiang', slaDueAt: clock.now() + 30 * 60_000, data: { note: '今天要' } }));
    expect(created).toBe(true);
    expect(c).toMatchObject({ type: 'urge', waybill: WB, status: 'open', priority: 'normal', stationId: 'zhangjiang', assignee: 'zhangjiang', customers: [receiver], data: { note: '今天要' }, evidence: [] });
    expect(c.id).toMatch(/^U-[2-9A-HJ-NP-Z]{6}$/);
    expect(c.timeline).toEqual([{ at: c.createdAt, actor: 'bot', action: 'opened' }]);
    expect(await store.get(c.id)).toEqual(c);
    expect(await store.count()).toBe(1);
  });

  it('joins the open case for the same parcel and type instead of opening another', async () => {
    const first = await store.openOrJoin(urge());
    clock.advance(60_000);
    const again = await store.openOrJoin(urge({ note: '还没到' }));
    expect(again.created).toBe(false);
    expect(again.case.id).toBe(first.case.id);
    expect(again.case.customers).toEqual([receiver]);
    expect(again.case.timeline.map((t) => t.action)).toEqual(['opened', 'repeated']);
    expect(again.case.timeline[1]).toMatchObject({ note: '还没到' });
    expect(again.case.timeline[1]!.at).toBeGreaterThanOrEqual(first.case.createdAt + 60_000);

    const other = await store.openOrJoin(urge({ customer: sender, priority: 'high' }));
    expect(other.case.id).toBe(first.case.id);
    expect(other.case.customers).toEqual([receiver, sender]);
    expect(other.case.priority).toBe('high');
    expect(other.case.timeline.map((t) => t.action)).toEqual(['opened', 'repeated', 'joined']);
    expect(await store.count()).toBe(1);
    // Another type, or a claim of another kind, is a case of its own.
    expect((await store.openOrJoin(urge({ type: 'verification', kind: 'lost' }))).created).toBe(true);
    expect((await store.openOrJoin(urge({ type: 'claim', kind: 'damaged' }))).created).toBe(true);
    expect((await store.openOrJoin(urge({ type: 'claim', kind: 'lost' }))).created).toBe(true);
    expect((await store.openOrJoin(urge({ type: 'claim', kind: 'lost', customer: sender }))).created).toBe(false);
    expect(await store.count()).toBe(4);
  });

  it('opens exactly one case when 20 processes ask at once, and loses no customer', async () => {
    const stores = Array.from({ length: 20 }, () => {
      const r = new Redis(REDIS_URL);
      extra.push(r);
      return new CaseStore({ redis: r, keys, clock });
    });
    const results = await Promise.all(stores.map((s, i) => s.openOrJoin(urge({ customer: { channel: 'wechat', id: `o_${i}`, role: 'unknown' } }))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.case.id)).size).toBe(1);
    expect(await store.count()).toBe(1);
    const c = (await store.get(results[0]!.case.id))!;
    expect(c.customers.map((x) => x.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `o_${i}`).sort());
    expect(c.timeline.filter((t) => t.action === 'opened')).toHaveLength(1);
    expect(c.timeline.filter((t) => t.action === 'joined')).toHaveLength(19);
  });

  it('never holds two open cases for one parcel while joins race a close', async () => {
    const { case: first } = await store.openOrJoin(urge());
    const conns = Array.from({ length: 10 }, () => {
      const r = new Redis(REDIS_URL);
      extra.push(r);
      return new CaseStore({ redis: r, keys, clock });
    });
    const joins = conns.map((s, i) => s.openOrJoin(urge({ customer: { channel: 'wechat', id: `o_${i}`, role: 'unknown' } })));
    await Promise.all([...joins, store.transition(first.id, 'cancelled', 'bot')]);
    const all = await store.find({ waybill: WB });
    expect(all.filter((c) => c.status === 'open').length).toBeLessThanOrEqual(1);
    // Every customer landed in exactly one case.
    const seen = all.flatMap((c) => c.customers.map((x) => x.id)).filter((id) => id.startsWith('o_') && id !== 'o_receiver');
    expect(seen.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `o_${i}`).sort());
  });

  it('treats a retried request (same ref) as already done', async () => {
    const first = await store.openOrJoin(urge({ ref: 'wechat:msg:1' }));
    const retry = await store.openOrJoin(urge({ ref: 'wechat:msg:1' }));
    expect(retry).toEqual({ case: first.case, created: true });
    await store.openOrJoin(urge({ customer: sender, ref: 'wechat:msg:2' }));
    const retry2 = await store.openOrJoin(urge({ customer: sender, ref: 'wechat:msg:2' }));
    expect(retry2.created).toBe(false);
    expect(retry2.case.timeline.map((t) => t.action)).toEqual(['opened', 'joined']);
  });

  it('lets a closed case be followed by a new one', async () => {
    const first = await store.openOrJoin(urge());
    await store.transition(first.case.id, 'in_progress', 'zhang_wei');
    await store.transition(first.case.id, 'resolved', 'zhang_wei', '已派送');
    const next = await store.openOrJoin(urge());
    expect(next.created).toBe(true);
    expect(next.case.id).not.toBe(first.case.id);
    expect(await store.count()).toBe(2);
    expect((await store.find({ waybill: WB, open: true })).map((c) => c.id)).toEqual([next.case.id]);
  });

  it('refuses an impossible transition and changes nothing', async () => {
    const { case: c } = await store.openOrJoin(urge());
    const before = await snapshot();
    await expect(store.transition(c.id, 'paid', 'zhang_wei')).rejects.toMatchObject({ code: 'CASE_TRANSITION_INVALID', from: 'open', to: 'paid' });
    await expect(store.transition(c.id, 'open', 'zhang_wei')).rejects.toMatchObject({ code: 'CASE_TRANSITION_INVALID' });
    await expect(store.transition(c.id, 'nonsense' as never, 'x')).rejects.toMatchObject({ code: 'CASE_INVALID' });
    await expect(store.transition('U-ZZZZZZ', 'in_progress', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.transition('bad id', 'in_progress', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input to openOrJoin and writes nothing', async () => {
    const bad: OpenCaseInput[] = [
      urge({ waybill: '' }),
      urge({ waybill: 'no spaces allowed' }),
      urge({ type: 'claim' }),
      urge({ type: 'claim', kind: 'stolen' }),
      urge({ type: 'verification', kind: 'aliens' }),
      urge({ status: 'resolved' }),
      urge({ actor: '' }),
    ];
    for (const input of bad) await expect(store.openOrJoin(input)).rejects.toMatchObject({ code: 'CASE_INVALID' });
    expect(await snapshot()).toEqual({});
  });

  it('starts a claim where asked and a handoff queued, also without a waybill', async () => {
    const claim = await store.openOrJoin(urge({ type: 'claim', kind: 'fresh_delay', status: 'under_review', priority: 'high' }));
    expect(claim.case).toMatchObject({ status: 'under_review', priority: 'high', kind: 'fresh_delay' });
    expect(claim.case.id).toMatch(/^C-/);
    const h1 = await store.openOrJoin({ type: 'handoff', customer: receiver, actor: 'bot', data: { reason: '理赔金额不满意' } });
    expect(h1.case).toMatchObject({ status: 'queued', waybill: '' });
    expect(h1.case.id).toMatch(/^H-/);
    expect((await store.openOrJoin({ type: 'handoff', customer: receiver, actor: 'bot' })).case.id).toBe(h1.case.id);
    expect((await store.openOrJoin({ type: 'handoff', customer: sender, actor: 'bot' })).created).toBe(true);
    await store.transition(h1.case.id, 'human', 'li_na');
    await store.transition(h1.case.id, 'closed', 'li_na');
    expect((await store.openOrJoin({ type: 'handoff', customer: receiver, actor: 'bot' })).created).toBe(true);
  });

  it('keeps the timeline in the order things happened', async () => {
    const { case: c } = await store.openOrJoin(urge());
    clock.advance(1000);
    await store.assign(c.id, 'zhang_wei', 'system');
    clock.advance(1000);
    await store.transition(c.id, 'in_progress', 'zhang_wei', '今天 18 点前送');
    clock.advance(1000);
    await store.addEvidence(c.id, { kind: 'photo', mediaId: 'm1', by: 'wechat:o_receiver' });
    await store.addEvidence(c.id, { kind: 'photo', mediaId: 'm1', by: 'wechat:o_receiver' });
    clock.advance(1000);
    await store.addNote(c.id, '客户说老小区无电梯', 'bot');
    clock.advance(1000);
    const due = clock.now() + 3600_000;
    await store.update(c.id, { slaDueAt: due, data: { promised: '18:00' }, priority: 'high' }, 'system', 'promise moved');
    const done = await store.transition(c.id, 'resolved', 'zhang_wei');
    expect(done.timeline.map((t) => [t.action, t.actor])).toEqual([
      ['opened', 'bot'],
      ['assigned', 'system'],
      ['status:in_progress', 'zhang_wei'],
      ['evidence:photo', 'wechat:o_receiver'],
      ['note', 'bot'],
      ['updated', 'system'],
      ['status:resolved', 'zhang_wei'],
    ]);
    const times = done.timeline.map((t) => t.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(done).toMatchObject({ assignee: 'zhang_wei', priority: 'high', slaDueAt: due, data: { promised: '18:00' }, status: 'resolved' });
    expect(done.evidence).toHaveLength(1);
    expect(await store.get(c.id)).toEqual(done);
    expect((await store.update(c.id, { slaDueAt: null }, 'system')).slaDueAt).toBeUndefined();
  });

  it('refuses evidence without content', async () => {
    const { case: c } = await store.openOrJoin(urge());
    await expect(store.addEvidence(c.id, { kind: 'photo', by: 'x' })).rejects.toMatchObject({ code: 'CASE_INVALID' });
    await expect(store.addEvidence(c.id, { kind: 'note', text: ' ', by: 'x' })).rejects.toMatchObject({ code: 'CASE_INVALID' });
    await expect(store.update(c.id, { priority: 'urgent' as never }, 'x')).rejects.toMatchObject({ code: 'CASE_INVALID' });
  });

  it('finds cases by customer, waybill, type and openness, newest first', async () => {
    const a = await store.openOrJoin(urge());
    clock.advance(1000);
    const b = await store.openOrJoin(urge({ type: 'verification', kind: 'signed_not_received', customer: sender }));
    clock.advance(1000);
    const c = await store.openOrJoin(urge({ waybill: 'SF1000000000002' }));
    await store.openOrJoin(urge({ type: 'verification', customer: receiver }));
    await store.transition(c.case.id, 'cancelled', 'bot');

    const ids = (cs: { id: string }[]) => cs.map((x) => x.id);
    expect(ids(await store.find({ customer: { channel: 'wechat', id: 'o_receiver' } }))).toEqual([c.case.id, b.case.id, a.case.id]);
    expect(ids(await store.find({ customer: { channel: 'wechat', id: 'o_sender' } }))).toEqual([b.case.id]);
    expect(ids(await store.find({ customer: { channel: 'wecom-kf', id: 'o_sender' } }))).toEqual([]);
    expect(ids(await store.find({ customer: { channel: 'wechat', id: 'o_receiver' }, open: true }))).toEqual([b.case.id, a.case.id]);
    expect(ids(await store.find({ waybill: 'sf1000000000001' }))).toEqual([b.case.id, a.case.id]);
    expect(ids(await store.find({ type: 'verification' }))).toEqual([b.case.id]);
    expect(ids(await store.find({ open: false }))).toEqual([c.case.id]);
    expect(ids(await store.find({ open: true }))).toEqual([b.case.id, a.case.id]);
    expect(ids(await store.list({ limit: 2 }))).toEqual([c.case.id, b.case.id]);
    expect(await store.count()).toBe(3);
  });

  it('returns null for an unknown or malformed id', async () => {
    expect(await store.get('U-ZZZZZZ')).toBeNull();
    expect(await store.get('*')).toBeNull();
  });
});
