import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFact, emptyMemory, MemoryStore, type ConversationMemory } from '../../src/conversation/memory.js';
import { Keys } from '../../src/store/keys.js';
import { deleteByPrefix } from '../../src/store/cleanup.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('MemoryStore', () => {
  let prefix: string;
  let keys: Keys;
  let redis: Redis;
  let store: MemoryStore;

  beforeEach(() => {
    prefix = `{t-${randomUUID()}}`;
    keys = new Keys(prefix);
    redis = new Redis(REDIS_URL);
    store = new MemoryStore({ redis, keys });
  });

  afterEach(async () => {
    redis.disconnect();
    await deleteByPrefix(REDIS_URL, prefix);
  });

  it('loads an empty memory for a conversation it has never seen', async () => {
    expect(await store.load('wechat:o_1')).toEqual(emptyMemory());
  });

  it('saves with a 7-day TTL and loads what it saved', async () => {
    let mem = store.addTurn(emptyMemory(), 'customer', '我的快递到哪了', 1);
    mem = store.remember(mem, 'SF1000000000001');
    mem = { ...mem, lastIntent: 'track', mood: 'upset', awaiting: { kind: 'pick_parcel', options: ['SF1', 'SF2'], intent: 'urge', args: { note: '快点' } } };
    await store.save('wechat:o_1', mem);
    const ttl = await redis.ttl(keys.memory('wechat:o_1'));
    expect(ttl).toBeGreaterThan(7 * 24 * 3600 - 5);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
    expect(await store.load('wechat:o_1')).toEqual(mem);
  });

  it('honours a configured TTL', async () => {
    await new MemoryStore({ redis, keys, ttlSeconds: 60 }).save('c', emptyMemory());
    expect(await redis.ttl(keys.memory('c'))).toBeLessThanOrEqual(60);
  });

  it('keeps the last 12 turns and counts customer turns', () => {
    let mem = emptyMemory();
    for (let i = 0; i < 20; i++) mem = store.addTurn(mem, i % 2 ? 'bot' : 'customer', `t${i}`, i);
    expect(mem.turns).toHaveLength(12);
    expect(mem.turns[0]!.text).toBe('t8');
    expect(mem.turns.at(-1)!.text).toBe('t19');
    expect(mem.contacts).toBe(10);
  });

  it('masks phone numbers in stored turns and facts', async () => {
    let mem = store.addTurn(emptyMemory(), 'customer', '我的手机 138 0000 0001，绑定一下', 1);
    mem = addFact(mem, '备用电话13900000009');
    await store.save('c', mem);
    const raw = (await redis.get(keys.memory('c'))) ?? '';
    expect(raw).not.toMatch(/13800000001|0000 0001|13900000009/);
    expect((await store.load('c')).turns[0]!.text).toBe('我的手机 138****0001，绑定一下');
  });

  it('does not change the memory it is given', () => {
    const mem = emptyMemory();
    store.addTurn(mem, 'customer', 'x', 1);
    store.remember(mem, 'SF1');
    expect(mem).toEqual(emptyMemory());
  });

  it('keeps discussed waybills most recent first, deduplicated, at most 10', () => {
    let mem: ConversationMemory = emptyMemory();
    for (let i = 0; i < 12; i++) mem = store.remember(mem, `SF${i}`);
    mem = store.remember(mem, 'SF5');
    expect(mem.discussed).toHaveLength(10);
    expect(mem.discussed.slice(0, 3)).toEqual(['SF5', 'SF11', 'SF10']);
    expect(mem.discussed.filter((w) => w === 'SF5')).toHaveLength(1);
    expect(mem.lastWaybill).toBe('SF5');
  });

  it('keeps the newest 10 facts without repeats', () => {
    let mem = emptyMemory();
    for (let i = 0; i < 12; i++) mem = addFact(mem, `fact ${i}`);
    mem = addFact(mem, 'fact 5');
    mem = addFact(mem, '  ');
    expect(mem.facts).toHaveLength(10);
    expect(mem.facts.at(-1)).toBe('fact 5');
    expect(mem.facts).not.toContain('fact 0');
  });

  it('loads unreadable data as an empty memory', async () => {
    await redis.set(keys.memory('a'), '{not json');
    await redis.set(keys.memory('b'), JSON.stringify({ turns: 'nope' }));
    await redis.set(keys.memory('c'), JSON.stringify({ turns: [], awaiting: { kind: 'teleport' } }));
    for (const id of ['a', 'b', 'c']) expect(await store.load(id)).toEqual(emptyMemory());
  });

  it('loads an older memory that lacks newer fields', async () => {
    await redis.set(keys.memory('old'), JSON.stringify({ turns: [{ role: 'bot', text: '您好', at: 1 }] }));
    expect(await store.load('old')).toEqual({ ...emptyMemory(), turns: [{ role: 'bot', text: '您好', at: 1 }] });
  });

  it('refuses to save an invalid memory and keeps the stored one', async () => {
    await store.save('c', store.remember(emptyMemory(), 'SF1'));
    const bad = { ...emptyMemory(), awaiting: { kind: 'photo', caseId: 'C-1' } } as unknown as ConversationMemory;
    await expect(store.save('c', bad)).rejects.toThrow();
    expect((await store.load('c')).discussed).toEqual(['SF1']);
  });

  it('clears a conversation', async () => {
    await store.save('c', store.remember(emptyMemory(), 'SF1'));
    await store.clear('c');
    expect(await store.load('c')).toEqual(emptyMemory());
  });
});
