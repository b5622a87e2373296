// The emulated 微信客服 platform's rules (PROTOCOL.md §4.1, §5.2–5.5), without HTTP.
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { KfPlatform } from '../../src/sandbox/kf-platform.js';

const WK = 'wkAccount01';
const H = 3_600_000;
let clock: ManualClock;
let p: KfPlatform;
beforeEach(() => {
  clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
  p = new KfPlatform({ clock, corpId: 'wwcorp', secret: 'kfsecret', openKfIds: [WK], servicers: ['li_na'] });
});

const text = (to: string, content = '您好') => p.sendMsg({ touser: to, open_kfid: WK, msgtype: 'text', text: { content } });
const sync = (b: Record<string, unknown> = {}) => p.syncMsg({ open_kfid: WK, ...b });
const trans = (ext: string, state: number, servicer?: string) => p.serviceStateTrans({ open_kfid: WK, external_userid: ext, service_state: state, ...(servicer ? { servicer_userid: servicer } : {}) });
const stateOf = (ext: string) => p.serviceStateGet({ open_kfid: WK, external_userid: ext }).service_state;

describe('gettoken (the kf secret)', () => {
  it('issues one token per validity, expiring by the clock', () => {
    expect(p.tokens.issue({ corpid: 'wwcorp', corpsecret: 'wrong' }).errcode).toBe(40001);
    expect(p.tokens.issue({ corpid: 'other', corpsecret: 'kfsecret' }).errcode).toBe(40013);
    const a = p.tokens.issue({ corpid: 'wwcorp', corpsecret: 'kfsecret' });
    expect(a).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(p.tokens.issue({ corpid: 'wwcorp', corpsecret: 'kfsecret' }).access_token).toBe(a.access_token);
    expect(p.preflight('kf/send_msg', a.access_token as string)).toBe(0);
    clock.advance(7200_000);
    expect(p.preflight('kf/send_msg', a.access_token as string)).toBe(42001);
    expect(p.preflight('kf/send_msg', 'forged')).toBe(40014);
    expect(p.preflight('kf/send_msg', undefined)).toBe(41001);
    expect(p.tokens.issue({ corpid: 'wwcorp', corpsecret: 'kfsecret' }).access_token).not.toBe(a.access_token);
  });
});

describe('send_msg', () => {
  it('needs a session in state 0/1 opened by a customer message', () => {
    expect(text('wm_a').errcode).toBe(95018); // never wrote: state 4
    p.customerMessage(WK, 'wm_a', 'text', { content: '在吗' });
    expect(stateOf('wm_a')).toBe(0);
    expect(text('wm_a')).toMatchObject({ errcode: 0, msgid: expect.any(String) });
    expect(stateOf('wm_a')).toBe(1);
    expect(p.outbox.list({ to: 'wm_a' })).toMatchObject([{ channel: 'wecom-kf', kind: 'text', text: '您好', openKfId: WK }]);
  });

  it('allows at most 5 messages per customer message (95001), reset when the customer writes', () => {
    p.customerMessage(WK, 'wm_b', 'text', { content: '1' });
    for (let i = 0; i < 5; i++) expect(text('wm_b').errcode).toBe(0);
    expect(text('wm_b').errcode).toBe(95001);
    p.customerMessage(WK, 'wm_b', 'text', { content: '2' });
    expect(text('wm_b').errcode).toBe(0);
  });

  it('closes 48 hours after the customer last wrote (95018)', () => {
    p.customerMessage(WK, 'wm_c', 'text', { content: '1' });
    clock.advance(47 * H);
    expect(text('wm_c').errcode).toBe(0);
    clock.advance(H);
    expect(text('wm_c').errcode).toBe(95018);
    expect(stateOf('wm_c')).toBe(4);
  });

  it('refuses while queued or with a human (states 2, 3)', () => {
    p.customerMessage(WK, 'wm_d', 'text', { content: '1' });
    expect(trans('wm_d', 2).errcode).toBe(0);
    expect(text('wm_d').errcode).toBe(95018);
    expect(trans('wm_d', 3, 'li_na').errcode).toBe(0);
    expect(text('wm_d').errcode).toBe(95018);
  });

  it('checks the payload and the account first, so a bad message costs no quota', () => {
    p.customerMessage(WK, 'wm_e', 'text', { content: '1' });
    expect(text('wm_e', 'x'.repeat(2049)).errcode).toBe(45002);
    expect(p.sendMsg({ touser: 'wm_e', open_kfid: 'wk_nope', msgtype: 'text', text: { content: 'x' } }).errcode).toBe(95000);
    expect(p.sendMsg({ touser: 'wm_e', open_kfid: WK, msgtype: 'text', text: { content: 'x' }, msgid: 'bad id!' }).errcode).toBe(40058);
    expect(p.sendMsg({ touser: 'wm_e', open_kfid: WK, msgtype: 'msgmenu', msgmenu: { head_content: '请选择', list: [{ type: 'click', click: { id: '1', content: '查快递' } }] } })).toMatchObject({ errcode: 0 });
    expect(p.outbox.list({ to: 'wm_e' })[0]).toMatchObject({ kind: 'msgmenu', text: '请选择\n查快递' });
    for (let i = 0; i < 4; i++) expect(text('wm_e').errcode).toBe(0);
  });
});

describe('send_msg_on_event', () => {
  const welcomeCode = (ext: string) => {
    p.customerEnter(WK, ext, 'scene1');
    const page = sync().msg_list as { event: { welcome_code?: string } }[];
    return page[page.length - 1]!.event.welcome_code;
  };
  const onEvent = (code: string | undefined) => p.sendMsgOnEvent({ code, msgtype: 'text', text: { content: '欢迎' } });

  it('sends the welcome once with its single-use code, within 20 s', () => {
    const code = welcomeCode('wm_w');
    expect(code).toBeTruthy();
    expect(onEvent(code).errcode).toBe(0);
    expect(onEvent(code).errcode).toBe(40058);
    expect(p.outbox.list({ to: 'wm_w' })).toMatchObject([{ kind: 'text', text: '欢迎', event: 'welcome' }]);
    // Welcomed within 48 h: no new code.
    expect(welcomeCode('wm_w')).toBeUndefined();
  });

  it('lets the welcome code expire after 20 s; no code for a customer who wrote recently', () => {
    const code = welcomeCode('wm_x');
    clock.advance(21_000);
    expect(onEvent(code).errcode).toBe(40058);
    p.customerMessage(WK, 'wm_y', 'text', { content: 'hi' });
    expect(welcomeCode('wm_y')).toBeUndefined();
  });

  it('gives msg_codes on trans, valid only in the state that made them', () => {
    p.customerMessage(WK, 'wm_z', 'text', { content: 'hi' });
    const pool = trans('wm_z', 2).msg_code as string;
    expect(pool).toBeTruthy();
    expect(trans('wm_z', 3, 'li_na').msg_code).toBeUndefined(); // only the first change to 2 or 3
    expect(onEvent(pool).errcode).toBe(95018); // no longer queued
    const end = trans('wm_z', 4).msg_code as string;
    expect(p.sendMsgOnEvent({ code: end, msgtype: 'msgmenu', msgmenu: { list: [{ type: 'click', click: { id: 'ok', content: '满意' } }] } }).errcode).toBe(0);
  });
});

describe('service_state (§5.5)', () => {
  it('follows the state table; 4 cannot be changed by the API; a servicer must be receiving', () => {
    expect(trans('wm_s', 1).errcode).toBe(95016); // 4: not started
    p.customerMessage(WK, 'wm_s', 'text', { content: 'hi' });
    expect(trans('wm_s', 3).errcode).toBe(95014);
    expect(trans('wm_s', 3, 'ghost').errcode).toBe(95014);
    expect(trans('wm_s', 1).errcode).toBe(0);
    expect(trans('wm_s', 3, 'li_na').errcode).toBe(0);
    expect(p.serviceStateGet({ open_kfid: WK, external_userid: 'wm_s' })).toMatchObject({ service_state: 3, servicer_userid: 'li_na' });
    expect(trans('wm_s', 1).errcode).toBe(95016); // a human session only ends or moves to another servicer
    expect(trans('wm_s', 4).errcode).toBe(0);
    expect(trans('wm_s', 1).errcode).toBe(95016);
    p.customerMessage(WK, 'wm_s', 'text', { content: 'again' });
    expect(stateOf('wm_s')).toBe(0);
  });
});

describe('sync_msg', () => {
  it('pages with opaque cursors and has_more, and refuses unknown cursors and tokens', () => {
    for (let i = 0; i < 3; i++) p.customerMessage(WK, 'wm_p', 'text', { content: String(i) });
    const first = sync({ limit: 2 });
    expect(first).toMatchObject({ errcode: 0, has_more: 1 });
    expect((first.msg_list as unknown[]).length).toBe(2);
    const second = sync({ limit: 2, cursor: first.next_cursor });
    expect(second).toMatchObject({ has_more: 0, msg_list: [{ origin: 3, msgtype: 'text', text: { content: '2' } }] });
    expect(sync({ cursor: second.next_cursor }).msg_list).toEqual([]);
    expect(sync({ cursor: 'made-up' }).errcode).toBe(40058);
    expect(sync({ token: 'made-up' }).errcode).toBe(95007);
    const token = p.messages.issueSyncToken(WK);
    expect(sync({ token }).errcode).toBe(0);
    clock.advance(11 * 60_000);
    expect(sync({ token }).errcode).toBe(95007);
    expect(p.syncMsg({ open_kfid: 'wk_other' }).errcode).toBe(95000);
  });

  it('starts without a cursor at the oldest message of the last 3 days', () => {
    p.customerMessage(WK, 'wm_old', 'text', { content: 'old' });
    clock.advance(73 * H);
    p.customerMessage(WK, 'wm_old', 'text', { content: 'new' });
    expect(sync().msg_list).toMatchObject([{ text: { content: 'new' } }]);
  });

  it('can answer an empty page with has_more=1', () => {
    p.customerMessage(WK, 'wm_e', 'text', { content: 'x' });
    p.messages.emptyPagesNext(1);
    const empty = sync();
    expect(empty).toMatchObject({ msg_list: [], has_more: 1 });
    expect(sync({ cursor: empty.next_cursor })).toMatchObject({ has_more: 0, msg_list: [{ text: { content: 'x' } }] });
  });

  it('limits calls without a token', () => {
    const codes = Array.from({ length: 11 }, () => sync().errcode);
    expect(codes.slice(0, 10).every((c) => c === 0)).toBe(true);
    expect(codes[10]).toBe(45009);
  });
});
