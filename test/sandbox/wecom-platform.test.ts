import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { WecomPlatform } from '../../src/sandbox/wecom-platform.js';

const CORP = 'ww5a4db0c0ffee0001';
const AGENT = '1000002';
let clock: ManualClock;
let p: WecomPlatform;

beforeEach(() => {
  clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
  p = new WecomPlatform({ clock, corpId: CORP, agentId: AGENT, secret: 's3cret' });
});

const card = (taskId: string, buttons = [{ type: 0, text: '今天送达', key: 'will_deliver' }]) => ({
  touser: 'zhang_wei|liu_yang',
  agentid: Number(AGENT),
  msgtype: 'template_card',
  template_card: { card_type: 'button_interaction', task_id: taskId, main_title: { title: '催派' }, button_list: buttons },
});

describe('WecomPlatform gettoken', () => {
  it('returns the same token while it is valid and a new one after it expired', () => {
    const a = p.tokens.issue({ corpid: CORP, corpsecret: 's3cret' });
    const b = p.tokens.issue({ corpid: CORP, corpsecret: 's3cret' });
    expect(b.access_token).toBe(a.access_token);
    clock.advance(7200_000);
    expect(p.tokens.check(String(a.access_token))).toBe(42001);
    expect(p.tokens.issue({ corpid: CORP, corpsecret: 's3cret' }).access_token).not.toBe(a.access_token);
  });

  it('refuses a wrong corpid (40013) or secret (40001), and a revoked token (40014)', () => {
    expect(p.tokens.issue({ corpid: 'ww_x', corpsecret: 's3cret' }).errcode).toBe(40013);
    expect(p.tokens.issue({ corpid: CORP, corpsecret: 'x' }).errcode).toBe(40001);
    const t = String(p.tokens.issue({ corpid: CORP, corpsecret: 's3cret' }).access_token);
    p.invalidateTokens();
    expect([p.tokens.check(t), p.tokens.check(undefined)]).toEqual([40014, 41001]);
  });
});

describe('WecomPlatform message/send', () => {
  it('refuses another agentid, an unknown msgtype and an empty text', () => {
    expect(p.sendMessage({ touser: 'a', agentid: 1, msgtype: 'text', text: { content: 'x' } }).errcode).toBe(40056);
    expect(p.sendMessage({ touser: 'a', agentid: AGENT, msgtype: 'mpnews', mpnews: {} }).errcode).toBe(40008);
    expect(p.sendMessage({ touser: 'a', agentid: AGENT, msgtype: 'text', text: { content: '' } }).errcode).toBe(44004);
  });

  it('truncates a text beyond 2048 bytes instead of refusing it', () => {
    p.sendMessage({ touser: 'a', agentid: AGENT, msgtype: 'text', text: { content: '派'.repeat(1000) } });
    expect(Buffer.byteLength(p.outbox.list({ to: 'a' })[0]!.text)).toBeLessThanOrEqual(2048);
  });

  it('refuses cards with a bad task_id, too many buttons or a repeated key', () => {
    expect(p.sendMessage(card('bad id!')).errcode).toBe(42014);
    const seven = Array.from({ length: 7 }, (_, i) => ({ type: 0, text: `b${i}`, key: `k${i}` }));
    expect(p.sendMessage(card('t1', seven)).errcode).toBe(40058);
    expect(p.sendMessage(card('t2', [{ type: 0, text: 'a', key: 'k' }, { type: 0, text: 'b', key: 'k' }])).errcode).toBe(40058);
  });

  it('records one card per recipient; a task_id cannot be sent twice', () => {
    const res = p.sendMessage(card('t3'));
    expect(res).toMatchObject({ errcode: 0, response_code: expect.any(String) });
    expect(p.cardsOf('liu_yang').map((c) => c.taskId)).toEqual(['t3']);
    expect(p.sendMessage(card('t3')).errcode).toBe(42014);
  });
});

describe('WecomPlatform update_template_card', () => {
  const update = (code: string, userids: string[]) =>
    p.updateTemplateCard({ userids, agentid: AGENT, response_code: code, button: { replace_name: '已处理' } });

  it('accepts each response code once, only for the members it was given to', () => {
    const code = String(p.sendMessage(card('t4')).response_code);
    expect(update(code, ['stranger']).errcode).toBe(40058);
    expect(update(code, ['zhang_wei']).errcode).toBe(0);
    expect(update(code, ['liu_yang']).errcode).toBe(40058);
    expect(p.card('zhang_wei', 't4')?.replaceName).toBe('已处理');
    expect(p.card('liu_yang', 't4')?.replaceName).toBeUndefined();
    expect(p.outbox.list({ to: 'zhang_wei' }).map((m) => m.kind)).toEqual(['card', 'card_update']);
  });

  it('hands a clicker a fresh code, which expires after 72 hours', () => {
    p.sendMessage(card('t5'));
    const fresh = p.cards.clickCode('t5', 'liu_yang');
    clock.advance(72 * 3600_000);
    expect(update(fresh, ['liu_yang']).errcode).toBe(40058);
    expect(update(p.cards.clickCode('t5', 'liu_yang'), ['liu_yang']).errcode).toBe(0);
  });
});

describe('WecomPlatform group robot', () => {
  it('allows 20 messages a minute per robot, then 45009 until the minute has passed', () => {
    const send = () => p.robotSend('key-1', { msgtype: 'text', text: { content: '告警' } }).errcode;
    for (let i = 0; i < 20; i++) expect(send()).toBe(0);
    expect(send()).toBe(45009);
    clock.advance(60_001);
    expect(send()).toBe(0);
  });
});
