import { describe, expect, it } from 'vitest';
import { caseEvent, turnEvent, turnOutcome } from '../../src/insights/signals.js';
import { categoryOfCase, categoryOfIntent } from '../../src/insights/labels.js';
import type { Case } from '../../src/workflows/case-types.js';

const AT = Date.parse('2026-11-11T10:00:00+08:00');
const aCase = (over: Partial<Case> = {}): Case => ({
  id: 'V-ABCDEF',
  type: 'verification',
  kind: 'locker_no_consent',
  waybill: 'SF2000000000012',
  status: 'open',
  priority: 'normal',
  customers: [{ channel: 'wechat', id: 'o_demo_chen', role: 'receiver' }],
  slaDueAt: AT + 2 * 3600_000,
  createdAt: AT,
  updatedAt: AT,
  evidence: [],
  timeline: [{ at: AT, actor: 'bot', action: 'opened' }],
  data: {},
  ...over,
});

describe('turn events', () => {
  it('classify the outcome from the tool results', () => {
    expect(turnOutcome(['track_parcel'], [{ tool: 'track_parcel', status: 'ok' }])).toBe('answered');
    expect(turnOutcome(['urge_delivery'], [{ tool: 'urge_delivery', status: 'ok', caseId: 'U-1' }])).toBe('workflow');
    expect(turnOutcome(['handoff_to_human'], [{ tool: 'handoff_to_human', status: 'ok', caseId: 'H-1' }])).toBe('handoff');
    expect(turnOutcome(['track_parcel', 'handoff_to_human'], [{ tool: 'track_parcel', status: 'error' }])).toBe('handoff');
    expect(turnOutcome(['track_parcel'], [{ tool: 'track_parcel', status: 'unavailable' }])).toBe('failed');
    expect(turnOutcome([], [])).toBe('answered');
  });

  it('carry the category, the waybill and the redacted words, never the phone', () => {
    const ev = turnEvent({ conversationId: 'wechat:o_a', messageKey: 'm1', at: AT, intent: 'locker_notice', tools: [], results: [], waybill: 'SF1', text: '放丰巢没通知，我电话13800000001' });
    expect(ev).toMatchObject({ id: 't:m1', category: 'locker_notice', outcome: 'answered', waybill: 'SF1', dims: {} });
    expect(ev.excerpt).toBe('放丰巢没通知，我电话138****0001');
  });
});

describe('case events', () => {
  it('open as a workflow and are kept when answered in time', () => {
    expect(caseEvent('opened', aCase(), AT)).toMatchObject({ id: 'k:V-ABCDEF:opened', category: 'locker_notice', outcome: 'workflow', conversationId: 'wechat:o_demo_chen' });
    expect(caseEvent('answered', aCase({ status: 'resolved' }), AT + 3600_000).outcome).toBe('kept');
  });

  it('are late when answered after the due time or after an escalation', () => {
    expect(caseEvent('answered', aCase(), AT + 3 * 3600_000).outcome).toBe('late');
    const escalated = aCase({ timeline: [{ at: AT, actor: 'bot', action: 'opened' }, { at: AT, actor: 'follow-up', action: 'status:escalated' }] });
    expect(caseEvent('answered', escalated, AT + 60_000).outcome).toBe('late');
    expect(caseEvent('missed', aCase(), AT).outcome).toBe('missed');
  });
});

describe('categories', () => {
  it('map intents and cases to complaint categories', () => {
    expect(categoryOfIntent('fresh_delay')).toBe('fresh_delay');
    expect(categoryOfIntent('greeting')).toBe('other');
    expect(categoryOfIntent(undefined)).toBe('other');
    expect(categoryOfCase('verification', 'locker_no_consent')).toBe('locker_notice');
    expect(categoryOfCase('claim', 'fresh_delay')).toBe('fresh_delay');
    expect(categoryOfCase('handoff')).toBe('human');
  });
});
