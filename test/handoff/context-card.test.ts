import { describe, expect, it } from 'vitest';
import { contextCard } from '../../src/handoff/context-card.js';
import { parseCommand } from '../../src/handoff/commands.js';
import { emptyMemory } from '../../src/conversation/memory.js';
import type { Case } from '../../src/workflows/cases.js';
import type { Parcel } from '../../src/courier/types.js';

const NOW = Date.parse('2026-11-11T10:15:00+08:00');
const urge: Case = {
  id: 'U-7KQ2MX', type: 'urge', waybill: 'SF1000000000301', status: 'open', priority: 'normal',
  customers: [{ channel: 'wechat', id: 'o_1', role: 'receiver' }], createdAt: NOW - 15 * 60_000, updatedAt: NOW, evidence: [], timeline: [], data: {},
};
const parcel = {
  waybill: 'SF1000000000301',
  sender: { name: '王先生', phone: '13900000301', city: '大连' },
  receiver: { name: '陈女士', phone: '13800000301', city: '上海', address: '上海市浦东新区张江路 1 号 3 号楼 602 室', community: '张江花园' },
  events: [{ at: NOW - 26 * 3600_000, action: 'arrived', status: 'at_station', site: '浦东张江网点' }],
} as unknown as Parcel;

const card = (over: Partial<Parameters<typeof contextCard>[0]> = {}) =>
  contextCard({ caseId: 'H-ABCDEF', claim: '老小区没电梯，快递员不送上楼', inTurn: true, memory: { ...emptyMemory(), contacts: 1, mood: 'upset', turns: [{ role: 'customer', text: '帮我催一下', at: NOW }] }, others: [urge], parcel, phone: '13800000301', now: NOW, due: NOW + 5 * 60_000, ...over });
const field = (c: ReturnType<typeof contextCard>, key: string) => c.fields.find((f) => f.key === key)?.value ?? '';

describe('the context card', () => {
  it('holds 用户诉求, 已触发 with state and relative time, 补充信息 from the very message, and the parcel', () => {
    const c = card();
    expect(field(c, '用户诉求')).toBe('老小区没电梯，快递员不送上楼');
    expect(field(c, '已触发')).toBe('网点催派流程（15 分钟前，网点未响应）');
    expect(field(c, '补充信息')).toBe('老小区无电梯');
    expect(field(c, '包裹')).toContain('SF1000000000301');
    expect(field(c, '包裹')).toContain('浦东张江网点');
    expect(field(c, '情绪与联系')).toBe('着急 · 本次会话第 2 次来信');
    expect(c.quote?.text).toBe('帮我催一下 ｜ 老小区没电梯，快递员不送上楼');
  });

  it('masks the customer: phone 138****0001, address only to the district, no names', () => {
    const all = JSON.stringify(card());
    expect(field(card(), '客户')).toBe('138****0301 · 收件人 · 上海市浦东新区');
    for (const secret of ['13800000301', '13900000301', '张江路', '602', '陈女士', '王先生']) expect(all).not.toContain(secret);
  });

  it('says so when the customer is unbound or no parcel is known', () => {
    const c = card({ phone: null, parcel: null, others: [] });
    expect(field(c, '客户')).toBe('未绑定手机号');
    expect(field(c, '包裹')).toBe('无');
    expect(field(c, '已触发')).toBe('暂无其他流程');
  });

  it('counts earlier handoffs, and between turns counts no message of its own', () => {
    const earlier: Case = { ...urge, id: 'H-OLDONE', type: 'handoff', status: 'closed', createdAt: NOW - 2 * 86_400_000 };
    const c = card({ inTurn: false, takeover: true, others: [urge, earlier] });
    expect(c.title).toBe('接管会话 H-ABCDEF');
    expect(field(c, '情绪与联系')).toBe('着急 · 本次会话第 1 次来信，此前转人工 1 次');
    expect(field(c, '已触发')).toBe('网点催派流程（15 分钟前，网点未响应）；转人工（2 天前，已结束）');
    expect(field(c, '补充信息')).toBe('无');
  });
});

describe('supervisor commands', () => {
  it('reads 结束 with an optional summary, the at-risk list and 接管 N; anything else is for the customer', () => {
    expect(parseCommand('结束')).toEqual({ kind: 'end' });
    expect(parseCommand('结束：已约好下午送货上楼')).toEqual({ kind: 'end', note: '已约好下午送货上楼' });
    expect(parseCommand(' 结束会话 ')).toEqual({ kind: 'end' });
    expect(parseCommand('风险')).toEqual({ kind: 'risk' });
    expect(parseCommand('接管 2')).toEqual({ kind: 'take', n: 2 });
    expect(parseCommand('结束了吗？我看看')).toEqual({ kind: 'say', text: '结束了吗？我看看' });
  });
});
