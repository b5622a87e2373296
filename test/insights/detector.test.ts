// Detection on hand-made counters (in-memory store): a steady baseline, then a rise in one place;
// a rise that follows the parcel volume is not a spike; merged series; the cool-down.
import { describe, expect, it } from 'vitest';
import { AlertService } from '../../src/insights/alerts.js';
import { Detector } from '../../src/insights/detector.js';
import { MemoryInsightsStore } from '../../src/insights/memory-store.js';
import { Recorder } from '../../src/insights/recorder.js';
import { DAY_MS, HOUR_MS } from '../../src/insights/time.js';
import type { InsightEvent } from '../../src/insights/types.js';
import { Volumes, type VolumeSource } from '../../src/insights/volumes.js';

const NOW = Date.parse('2026-11-11T16:00:00+08:00');
const PLACES = [
  { community: '张江花园', station: 'zhangjiang', courier: '王师傅' },
  { community: '玉兰香苑', station: 'zhangjiang', courier: '周师傅' },
  { community: '翠苑一区', station: 'wenyi', courier: '钱师傅' },
  { community: '田林十二村', station: 'tianlin', courier: '孙师傅' },
];

let seq = 0;
const contact = (at: number, place: (typeof PLACES)[number], category: InsightEvent['category'] = 'urge'): InsightEvent => ({
  id: `t:${seq}`,
  at,
  kind: 'turn',
  category,
  outcome: 'workflow',
  conversationId: `wechat:o_${seq++}`,
  excerpt: '催一下',
  dims: { ...place, product: 'standard', features: undefined } as InsightEvent['dims'],
});

/** Every place has the same parcels; `factor(at)` scales them (a 双十一 day). */
function volumes(factor: (at: number) => number): VolumeSource {
  return {
    async count(by, from, to) {
      const f = factor((from + to) / 2);
      const keys = by === 'community' ? PLACES.map((p) => p.community) : by === 'station' ? [...new Set(PLACES.map((p) => p.station))] : [];
      const per = by === 'station' ? { zhangjiang: 2000, wenyi: 1000, tianlin: 1000 } : undefined;
      return new Map(keys.map((k) => [k, Math.round((per?.[k as keyof typeof per] ?? 1000) * f)]));
    },
  };
}

/** Four weeks at three urges per place and day (spread over daytime), then `today` on top. */
async function world(today: (rec: Recorder) => Promise<void>, factor: ((at: number) => number) | null = () => 1) {
  const store = new MemoryInsightsStore();
  const rec = new Recorder(store);
  const start = NOW - 28 * DAY_MS - 16 * HOUR_MS;
  for (let d = 0; d < 28; d++) for (const p of PLACES) for (const h of [9, 13, 18]) await rec.record(contact(start + d * DAY_MS + h * HOUR_MS, p));
  await today(rec);
  const detector = new Detector({ store, ...(factor && { volumes: new Volumes(volumes(factor), store) }) });
  return { store, detector };
}

describe('Detector', () => {
  it('finds a rise in one 小区 and names its station as also elevated', async () => {
    const { detector } = await world(async (rec) => {
      // A stand-in courier took over the compound today.
      for (let i = 0; i < 14; i++) await rec.record(contact(NOW - 5 * HOUR_MS + i * 20 * 60_000, { ...PLACES[0]!, courier: '冯师傅' }));
    });
    const { hotspots } = await detector.detect(NOW);
    expect(hotspots).toHaveLength(1);
    expect(hotspots[0]!.test.series).toEqual({ category: 'urge', dim: 'community', value: '张江花园' });
    expect(hotspots[0]!.test.count).toBe(14);
    expect(hotspots[0]!.also).toContainEqual({ category: 'urge', dim: 'station', value: 'zhangjiang' });
    expect(hotspots[0]!.causes.map((c) => [c.kind, c.subject])).toContainEqual(['courier', '冯师傅']);
  });

  it('raises nothing when complaints rise with the parcels everywhere', async () => {
    const surge = (at: number) => (at > NOW - 2 * DAY_MS ? 3 : 1);
    const { detector } = await world(async (rec) => {
      for (const p of PLACES) for (const h of [9, 10, 11, 12, 13, 14, 15, 15.5, 15.8]) await rec.record(contact(NOW - 16 * HOUR_MS + h * HOUR_MS, p));
    }, surge);
    const { hotspots, evaluation } = await detector.detect(NOW);
    expect(evaluation.ready).toBe(true);
    expect(hotspots).toEqual([]);
  });

  it('would alarm on the same surge counted raw, without volumes', async () => {
    const { detector } = await world(async (rec) => {
      for (const p of PLACES) for (const h of [9, 10, 11, 12, 13, 14, 15, 15.5, 15.8]) await rec.record(contact(NOW - 16 * HOUR_MS + h * HOUR_MS, p));
    }, null);
    expect((await detector.detect(NOW)).hotspots.length).toBeGreaterThan(0);
  });

  it('stays quiet about an alerted series during the cool-down', async () => {
    const { store, detector } = await world(async (rec) => {
      for (let i = 0; i < 14; i++) await rec.record(contact(NOW - 5 * HOUR_MS + i * 20 * 60_000, PLACES[2]!));
    });
    const service = new AlertService({ detector, store });
    const first = await service.run(NOW);
    expect(first.map((a) => a.value)).toEqual(['翠苑一区']);
    expect(first[0]!.delivered).toBe(false);
    expect(await service.run(NOW + 15 * 60_000)).toEqual([]);
  });

  it('waits for a week of history before judging', async () => {
    const store = new MemoryInsightsStore();
    const rec = new Recorder(store);
    for (let i = 0; i < 20; i++) await rec.record(contact(NOW - HOUR_MS + i * 60_000, PLACES[0]!));
    const { evaluation, hotspots } = await new Detector({ store }).detect(NOW);
    expect(evaluation.ready).toBe(false);
    expect(hotspots).toEqual([]);
  });
});
