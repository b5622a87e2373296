import { describe, expect, it } from 'vitest';
import { likelyCauses } from '../../src/insights/cause.js';
import type { SeriesTest } from '../../src/insights/evaluate.js';
import { groupHotspots } from '../../src/insights/merge.js';
import { fitPrior } from '../../src/insights/prior.js';
import type { InsightEvent, SeriesKey } from '../../src/insights/types.js';

const NOW = Date.parse('2026-11-11T16:00:00+08:00');
const PARAMS = { alpha: 1e-6, minCount: 5, minRatio: 2 };
let seq = 0;
const ev = (dims: InsightEvent['dims'], features: InsightEvent['features'] = {}): InsightEvent => ({ id: `t:${seq++}`, at: NOW - 3600_000, kind: 'turn', category: 'urge', outcome: 'workflow', dims, features, contact: true });
const test = (s: Omit<SeriesKey, 'category'>, count: number, expected: number, pValue: number): SeriesTest => ({ series: { category: 'urge', ...s }, windowH: 6, from: NOW - 6 * 3600_000, count, expected, size: 20, pValue, significant: true });

describe('groupHotspots', () => {
  const spike = Array.from({ length: 12 }, () => ev({ community: '张江花园', station: 'zhangjiang', courier: '王师傅' }));
  const elsewhere = Array.from({ length: 2 }, () => ev({ community: '玉兰香苑', station: 'zhangjiang', courier: '周师傅' }));
  const events = [...spike, ...elsewhere];

  it('lets the most significant series lead and folds the ones it explains into "also"', () => {
    const tests = [test({ dim: 'station', value: 'zhangjiang' }, 14, 2, 1e-9), test({ dim: 'community', value: '张江花园' }, 12, 0.5, 1e-14), test({ dim: 'courier', value: '王师傅' }, 12, 0.6, 1e-13)];
    const [h, ...rest] = groupHotspots(tests, events, [], PARAMS);
    expect(rest).toEqual([]);
    expect(h!.test.series.value).toBe('张江花园');
    expect(h!.also.map((s) => s.value)).toEqual(['王师傅', 'zhangjiang']);
    expect(h!.events).toHaveLength(12);
  });

  it('keeps a second place that is a spike by itself', () => {
    const more = Array.from({ length: 10 }, () => ev({ community: '翠苑一区', station: 'wenyi' }));
    const tests = [test({ dim: 'community', value: '张江花园' }, 12, 0.5, 1e-14), test({ dim: 'community', value: '翠苑一区' }, 10, 0.5, 1e-12)];
    expect(groupHotspots(tests, [...events, ...more], [], PARAMS).map((h) => h.test.series.value)).toEqual(['张江花园', '翠苑一区']);
  });

  it('stays silent about series explained by an alert that is cooling down', () => {
    const tests = [test({ dim: 'station', value: 'zhangjiang' }, 14, 2, 1e-9)];
    expect(groupHotspots(tests, events, [{ category: 'urge', dim: 'community', value: '张江花园' }], PARAMS)).toEqual([]);
    expect(groupHotspots([test({ dim: 'community', value: '张江花园' }, 12, 0.5, 1e-14)], events, [{ category: 'urge', dim: 'community', value: '张江花园' }], PARAMS)).toEqual([]);
  });
});

describe('likelyCauses', () => {
  const none = () => undefined;

  it('names parcels stalled at one site', () => {
    const events = [...Array.from({ length: 6 }, () => ev({ station: 'qibao' }, { stalledAt: '闵行七宝网点', stalledH: 30 })), ...Array.from({ length: 4 }, () => ev({ station: 'qibao' }))];
    const before = Array.from({ length: 40 }, () => ev({ station: 'qibao' }));
    const [cause] = likelyCauses({ events, before, usualTransit: none, dim: 'station' });
    expect(cause).toMatchObject({ kind: 'stalled', subject: '闵行七宝网点' });
    expect(cause!.text).toContain('6/10');
  });

  it('names a route whose trunk transit is far above its usual time', () => {
    const route = '大连转运中心→上海转运中心';
    const events = Array.from({ length: 8 }, () => ev({ route }, { transitH: 44 }));
    const [cause] = likelyCauses({ events, before: [], usualTransit: () => 20, dim: 'route' });
    expect(cause).toMatchObject({ kind: 'transit', subject: route });
    expect(cause!.text).toContain('44');
  });

  it('does not blame the courier who always serves the place', () => {
    const events = Array.from({ length: 8 }, () => ev({ courier: '王师傅' }));
    const before = Array.from({ length: 20 }, () => ev({ courier: '王师傅' }));
    expect(likelyCauses({ events, before, usualTransit: none, dim: 'community' })).toEqual([]);
    expect(likelyCauses({ events, before: before.map((e) => ({ ...e, dims: { courier: '周师傅' } })), usualTransit: none, dim: 'community' })[0]).toMatchObject({ kind: 'courier', subject: '王师傅' });
  });
});

describe('fitPrior', () => {
  it('is strong where values share one rate and weak where they differ', () => {
    const alike = fitPrior([100, 110, 95, 105].map((count) => ({ count, exposure: 10_000, meanVolume: 1 })))!;
    expect(alike.shape).toBe(5);
    expect(alike.shape / alike.rate).toBeCloseTo(0.0102, 4);
    const apart = fitPrior([{ count: 400, exposure: 1000, meanVolume: 1 }, { count: 1, exposure: 20_000, meanVolume: 1 }, { count: 2, exposure: 20_000, meanVolume: 1 }])!;
    expect(apart.shape).toBeLessThan(0.5);
    expect(fitPrior([{ count: 3, exposure: 10, meanVolume: 1 }])).toBeUndefined();
  });
});
