import { describe, expect, it } from 'vitest';
import { alertMarkdown, examplesOf, plainNames } from '../../src/insights/compose.js';
import { dashboardPage } from '../../src/insights/page-dashboard.js';
import { hotspotPage } from '../../src/insights/page-hotspot.js';
import type { InsightEvent } from '../../src/insights/types.js';

const EVIL = '<script>alert(1)</script>';

describe('the admin pages', () => {
  it('escape everything that came from outside and load nothing from the network', () => {
    const html = dashboardPage({
      days: [{ day: '2026-11-11', contacts: 3, byCategory: { urge: 3 }, rates: { contacts: 3, handoffs: 0, workflows: 3, kept: 1, missed: 0, resolution: 1, handoffRate: 0, keptRate: 1 } }],
      totals: { contacts: 3, handoffs: 0, workflows: 3, kept: 1, missed: 0, resolution: 1, handoffRate: 0, keptRate: 1 },
      categories: [{ category: 'urge', label: '催件', count: 3 }],
      hotspots: { ready: true, rows: [{ category: 'urge', dim: 'community', value: EVIL, label: '催件', where: `小区 ${EVIL}`, windowH: 6, count: 9, expected: 1, ratio: '9×', pValue: 1e-9, significant: true }] },
      alerts: [],
    });
    expect(html).not.toContain(EVIL);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('100.0%');
    expect(html).not.toMatch(/<script|<link|src="http/);
    const drill = hotspotPage({ series: { category: 'urge', dim: 'community', value: EVIL }, where: EVIL, daily: [{ day: '2026-11-11', count: 1 }], hourly: [], conversations: [{ at: '11-11 10:00', category: '催件', outcome: 'workflow', excerpt: EVIL, dims: {} }] });
    expect(drill).not.toContain(EVIL);
  });
});

describe('alert texts', () => {
  it('fit the robot limit and show at most three conversations, one each', () => {
    const events: InsightEvent[] = Array.from({ length: 10 }, (_, i) => ({ id: `t:${i}`, at: 0, kind: 'turn', category: 'urge', outcome: 'workflow', conversationId: `wechat:o_user_${i % 4}`, excerpt: '催'.repeat(60), dims: {} }));
    const examples = examplesOf(events);
    expect(examples).toHaveLength(3);
    const text = alertMarkdown({ category: 'urge', dim: 'station', value: 'qibao', windowH: 6, count: 30, expected: 5, also: Array.from({ length: 400 }, (_, i) => `小区 ${i}`), causes: [], examples, action: '核查', names: plainNames });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4000);
    expect(text).toContain('6 倍');
    expect(text).toContain('等 400 处');
    expect(text).toContain('**建议**');
  });
});
