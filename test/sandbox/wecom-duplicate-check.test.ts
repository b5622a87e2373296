// message/send with enable_duplicate_check (PROTOCOL.md §4.3): the same message to the same member
// within duplicate_check_interval is dropped by the platform (the call still succeeds) — what keeps
// a follow-up re-run after a crash from telling the supervisors twice.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { WecomPlatform } from '../../src/sandbox/wecom-platform.js';

const AGENT = '1000002';
const text = (content: string, check?: { interval?: number }) => ({
  touser: 'li_na|he_jun',
  agentid: Number(AGENT),
  msgtype: 'text',
  text: { content },
  ...(check ? { enable_duplicate_check: 1, ...(check.interval ? { duplicate_check_interval: check.interval } : {}) } : {}),
});

describe('WecomPlatform message/send duplicate check', () => {
  it('drops a repeat within the interval, per member, and lets it through after it or without the check', () => {
    const clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
    const p = new WecomPlatform({ clock, corpId: 'ww5a4db0c0ffee0001', agentId: AGENT, secret: 's' });
    const received = () => p.outbox.list({ channel: 'wecom' }).map((m) => m.to);
    expect(p.sendMessage(text('⚠ 超时升级 U-ABCDEF', {})).errcode).toBe(0);
    expect(p.sendMessage(text('⚠ 超时升级 U-ABCDEF', {})).errcode).toBe(0);
    expect(received()).toEqual(['li_na', 'he_jun']);
    expect(p.sendMessage({ ...text('⚠ 超时升级 U-ABCDEF', {}), touser: 'li_na|wang_fang' }).errcode).toBe(0);
    expect(received()).toEqual(['li_na', 'he_jun', 'wang_fang']);
    p.sendMessage(text('⚠ 超时升级 U-ABCDEF')); // no check asked: delivered again
    expect(received()).toHaveLength(5);
    clock.advance(1800_000);
    p.sendMessage(text('⚠ 超时升级 U-ABCDEF', {}));
    expect(received()).toHaveLength(7);
    p.sendMessage(text('另一条', { interval: 60 }));
    clock.advance(61_000);
    p.sendMessage(text('另一条', { interval: 60 }));
    expect(received()).toHaveLength(11);
  });
});
