import { describe, expect, it } from 'vitest';
import { MemoryInsightsStore } from '../../src/insights/memory-store.js';
import { Recorder } from '../../src/insights/recorder.js';
import { dayOf } from '../../src/insights/time.js';
import type { InsightEvent } from '../../src/insights/types.js';

const AT = Date.parse('2026-11-11T10:00:00+08:00');
const turn = (id: string, over: Partial<InsightEvent> = {}): InsightEvent => ({
  id,
  at: AT,
  kind: 'turn',
  category: 'urge',
  outcome: 'workflow',
  conversationId: 'wechat:o_a',
  dims: { community: '张江花园', station: 'zhangjiang', route: '苏州转运中心→上海转运中心', product: 'standard' },
  features: { transitH: 12.5 },
  ...over,
});

async function dayCounts(store: MemoryInsightsStore) {
  return (await store.days([dayOf(AT)])).get(dayOf(AT))!;
}

describe('Recorder', () => {
  it('counts a conversation once per category and day, every turn still recorded', async () => {
    const store = new MemoryInsightsStore();
    const r = new Recorder(store);
    await r.record(turn('t:1'));
    await r.record(turn('t:2', { at: AT + 60_000 }));
    await r.record(turn('t:3', { at: AT + 30_000, category: 'track', outcome: 'answered' }));
    const day = await dayCounts(store);
    expect(day['c|urge|all|*']).toBe(1);
    expect(day['c|urge|community|张江花园']).toBe(1);
    expect(day['c|track|station|zhangjiang']).toBe(1);
    expect(day['o|contact']).toBe(2);
    expect(day.t).toBe(3);
    expect(day['t|workflow']).toBe(2);
    expect(day['x|苏州转运中心→上海转运中心']).toBe(250);
    expect(day['n|苏州转运中心→上海转运中心']).toBe(2);
    expect((await store.events(null, AT - 1, AT + 120_000, 10)).map((e) => [e.id, e.contact])).toEqual([
      ['t:2', false],
      ['t:3', true],
      ['t:1', true],
    ]);
  });

  it('does nothing twice when an event is recorded again (a retried job)', async () => {
    const store = new MemoryInsightsStore();
    const r = new Recorder(store);
    expect(await r.record(turn('t:1'))).toBe(true);
    expect(await r.record(turn('t:1'))).toBe(false);
    expect((await dayCounts(store))['c|urge|all|*']).toBe(1);
  });

  it('counts a handoff once per conversation, whether the tool or the case reports it', async () => {
    const store = new MemoryInsightsStore();
    const r = new Recorder(store);
    await r.record(turn('t:1', { category: 'human', outcome: 'handoff' }));
    await r.record({ id: 'k:H-1:opened', at: AT + 1000, kind: 'case', category: 'human', outcome: 'handoff', conversationId: 'wechat:o_a', caseId: 'H-1', dims: {} });
    await r.record({ id: 'k:U-1:missed', at: AT + 2000, kind: 'case', category: 'urge', outcome: 'missed', conversationId: 'wechat:o_a', caseId: 'U-1', dims: {} });
    const day = await dayCounts(store);
    expect(day['o|handoff']).toBe(1);
    expect(day['o|missed|urge']).toBe(1);
    expect(day['o|contact']).toBe(1);
  });

  it('does not count greetings and other turns as contacts', async () => {
    const store = new MemoryInsightsStore();
    await new Recorder(store).record(turn('t:1', { category: 'other', outcome: 'answered' }));
    const day = await dayCounts(store);
    expect(day['o|contact']).toBeUndefined();
    expect(day.t).toBe(1);
  });
});
