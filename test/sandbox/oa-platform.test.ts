import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { OaPlatform } from '../../src/sandbox/oa-platform.js';
import { Outbox } from '../../src/sandbox/outbox.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const APPID = 'wx5a4db0c0ffee0001';
const SECRET = 'sandbox-secret';

function setup() {
  const clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
  const outbox = new Outbox({ clock });
  const p = new OaPlatform({ clock, appId: APPID, secret: SECRET, outbox });
  const text = (to: string, content = '您好') => p.sendCustom({ touser: to, msgtype: 'text', text: { content } }).errcode;
  const stable = (force = false) => p.tokens.issueStable({ grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: force });
  return { clock, outbox, p, text, stable };
}

describe('OaPlatform customer-service window (PROTOCOL.md §3.2)', () => {
  it('refuses a message to a user who never interacted with 45015', () => {
    const { text } = setup();
    expect(text('o_silent')).toBe(45015);
  });

  it('allows 5 messages after a user message, then answers 45047', () => {
    const { p, text } = setup();
    p.noteInbound('o_1', 'message');
    expect(Array.from({ length: 6 }, () => text('o_1'))).toEqual([0, 0, 0, 0, 0, 45047]);
    expect(p.windowOf('o_1')).toMatchObject({ open: true, remaining: 0 });
  });

  it('closes the window 48 hours after the user message with 45015', () => {
    const { p, clock, text } = setup();
    p.noteInbound('o_1', 'message');
    clock.advance(48 * HOUR - 1000);
    expect(text('o_1')).toBe(0);
    clock.advance(1000);
    expect(text('o_1')).toBe(45015);
    expect(p.windowOf('o_1')).toMatchObject({ open: false, remaining: 0 });
  });

  it('refills the quota with the next user message', () => {
    const { p, text } = setup();
    p.noteInbound('o_1', 'message');
    for (let i = 0; i < 5; i++) text('o_1');
    expect(text('o_1')).toBe(45047);
    p.noteInbound('o_1', 'message');
    expect(text('o_1')).toBe(0);
  });

  it('gives 3 messages within 1 minute after a menu click', () => {
    const { p, clock, text } = setup();
    p.noteInbound('o_2', 'click');
    expect([text('o_2'), text('o_2'), text('o_2'), text('o_2')]).toEqual([0, 0, 0, 45047]);
    p.noteInbound('o_3', 'click');
    clock.advance(MIN);
    expect(text('o_3')).toBe(45015);
  });

  it('treats follow and QR scan like a click: 3 within 1 minute', () => {
    const { p, text } = setup();
    p.noteInbound('o_f', 'subscribe');
    p.noteInbound('o_s', 'scan');
    expect(p.windowOf('o_f')).toMatchObject({ open: true, remaining: 3 });
    expect([text('o_s'), text('o_s'), text('o_s'), text('o_s')]).toEqual([0, 0, 0, 45047]);
  });

  it('uses the click grant first and keeps the 48-hour quota for later', () => {
    const { p, clock, text } = setup();
    p.noteInbound('o_1', 'message');
    p.noteInbound('o_1', 'click');
    expect(p.windowOf('o_1').remaining).toBe(8);
    text('o_1');
    clock.advance(2 * MIN);
    expect(p.windowOf('o_1').remaining).toBe(5);
  });

  it('closes everything on unsubscribe and refuses templates with 43004', () => {
    const { p, text } = setup();
    p.noteInbound('o_1', 'message');
    p.noteInbound('o_1', 'unsubscribe');
    expect(text('o_1')).toBe(45015);
    const t = p.sendTemplate({ touser: 'o_1', template_id: 'tpl', data: { content: { value: 'x' } } });
    expect(t.errcode).toBe(43004);
    expect(p.windowOf('o_1').following).toBe(false);
  });

  it('checks the text before the quota: an over-long text costs nothing', () => {
    const { p, text } = setup();
    p.noteInbound('o_1', 'click');
    expect(text('o_1', '快'.repeat(683))).toBe(45002); // 2049 bytes
    expect(p.windowOf('o_1').remaining).toBe(3);
    expect(text('o_1', '快'.repeat(682))).toBe(0); // 2046 bytes
  });

  it('allows typing only within 30 s of an interaction and not twice while active', () => {
    const { p, clock } = setup();
    const typing = (command = 'Typing') => p.typing({ touser: 'o_1', command }).errcode;
    expect(typing()).toBe(45080);
    p.noteInbound('o_1', 'message');
    expect(typing()).toBe(0);
    expect(typing()).toBe(45081);
    expect(typing('CancelTyping')).toBe(0);
    expect(typing()).toBe(0);
    clock.advance(31_000);
    expect(typing()).toBe(45080);
  });
});

describe('OaPlatform tokens (PROTOCOL.md §3.1)', () => {
  it('returns the same stable token while valid and a new one on force_refresh', () => {
    const { p, stable } = setup();
    const a = stable();
    const b = stable();
    expect(a.access_token).toBe(b.access_token);
    const c = stable(true);
    expect(c.access_token).not.toBe(a.access_token);
    expect(p.tokens.check(a.access_token as string)).toBe(40001);
    expect(p.tokens.check(c.access_token as string)).toBe(0);
    expect(p.tokenIssues).toBe(3);
  });

  it('rotates the stable token 5 minutes before expiry, the old one living to its end', () => {
    const { p, clock, stable } = setup();
    const a = stable().access_token as string;
    clock.advance(7200_000 - 5 * MIN);
    const b = stable().access_token as string;
    expect(b).not.toBe(a);
    expect(p.tokens.check(a)).toBe(0);
    clock.advance(5 * MIN);
    expect(p.tokens.check(a)).toBe(42001);
  });

  it('reports the remaining lifetime as expires_in', () => {
    const { clock, stable } = setup();
    stable();
    clock.advance(HOUR);
    // ManualClock runs on with real time too, so a millisecond may pass between the two calls.
    const left = stable().expires_in as number;
    expect(left).toBeGreaterThanOrEqual(3599);
    expect(left).toBeLessThanOrEqual(3600);
  });

  it('cuts the previous /cgi-bin/token token to a 5-minute overlap on each call', () => {
    const { p, clock } = setup();
    const q = { grant_type: 'client_credential', appid: APPID, secret: SECRET };
    const first = p.tokens.issue(q).access_token as string;
    const second = p.tokens.issue(q).access_token as string;
    expect(p.tokens.check(first)).toBe(0);
    clock.advance(5 * MIN);
    expect(p.tokens.check(first)).toBe(42001);
    expect(p.tokens.check(second)).toBe(0);
  });

  it('refuses a wrong secret with 40001 on token and 40125 on stable_token', () => {
    const { p } = setup();
    expect(p.tokens.issue({ grant_type: 'client_credential', appid: APPID, secret: 'nope' }).errcode).toBe(40001);
    expect(p.tokens.issueStable({ grant_type: 'client_credential', appid: APPID, secret: 'nope' }).errcode).toBe(40125);
    expect(p.tokenIssues).toBe(0);
  });

  it('makes every token fail with 40001 after invalidateTokens()', () => {
    const { p, stable } = setup();
    const a = stable().access_token as string;
    p.invalidateTokens();
    expect(p.preflight('message/custom/send', a)).toEqual({ errcode: 40001 });
    expect(p.preflight('/cgi-bin/message/custom/send', undefined)).toEqual({ errcode: 41001 });
  });
});

describe('OaPlatform sends, failures and media', () => {
  it('records a template in the outbox with its data values as text, once per client_msg_id', () => {
    const { p, outbox } = setup();
    const body = {
      touser: 'o_1',
      template_id: 'tpl_notice',
      client_msg_id: 'idem-1',
      data: { title: { value: '快递服务通知' }, content: { value: '您的快件已到达浦东张江网点' } },
    };
    const a = p.sendTemplate(body);
    const b = p.sendTemplate(body);
    expect(a).toMatchObject({ errcode: 0 });
    expect(b.msgid).toBe(a.msgid);
    const sent = outbox.list({ to: 'o_1' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'wechat', kind: 'template', templateId: 'tpl_notice', text: '快递服务通知\n您的快件已到达浦东张江网点' });
  });

  it('fails the next send with an injected errcode, then behaves again', () => {
    const { p, stable } = setup();
    const token = stable().access_token as string;
    p.failNext(45015);
    expect(p.preflight('message/custom/send', token)).toEqual({ errcode: 45015 });
    expect(p.preflight('message/custom/send', token)).toBeUndefined();
    p.failNext(-1, { api: '*', times: 2 });
    expect(p.preflight('stable_token', undefined)).toBeUndefined();
    expect(p.preflight('media/get', token)).toEqual({ errcode: -1 });
    expect(p.pendingFailures).toBe(1);
  });

  it('sends a stored image and forgets media after 3 days', () => {
    const { p, clock, outbox } = setup();
    const id = p.putMedia(Buffer.from('jpeg-bytes'), 'image/jpeg', 'parcel.jpg');
    p.noteInbound('o_1', 'message');
    expect(p.sendCustom({ touser: 'o_1', msgtype: 'image', image: { media_id: id } }).errcode).toBe(0);
    expect(outbox.list({ to: 'o_1' })[0]).toMatchObject({ kind: 'image', mediaId: id, text: '' });
    expect(p.getMedia(id)?.type).toBe('image');
    clock.advance(72 * HOUR);
    expect(p.getMedia(id)).toBeUndefined();
    expect(p.sendCustom({ touser: 'o_1', msgtype: 'image', image: { media_id: id } }).errcode).toBe(40007);
  });

  it('validates menus with the platform errcodes', () => {
    const { p } = setup();
    const click = (name: string, key = 'k') => ({ type: 'click', name, key });
    expect(p.createMenu({ button: [click('查快递')] }).errcode).toBe(0);
    expect(p.createMenu({ button: [click('a'), click('b'), click('c'), click('d')] }).errcode).toBe(40016);
    expect(p.createMenu({ button: [click('超过十六个字节的名字')] }).errcode).toBe(40018);
    expect(p.createMenu({ button: [{ name: '服务', sub_button: Array.from({ length: 6 }, () => click('x')) }] }).errcode).toBe(40023);
    expect(p.createMenu({ button: [click('a', 'k'.repeat(129))] }).errcode).toBe(40019);
  });
});

describe('Outbox', () => {
  it('filters by recipient and time and stays bounded', () => {
    const clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
    const outbox = new Outbox({ clock, capacity: 10 });
    outbox.record({ channel: 'wechat', to: 'a', kind: 'text', text: 'first' });
    clock.advance(1000);
    const since = new Date(clock.now()).toISOString();
    outbox.record({ channel: 'wechat', to: 'a', kind: 'text', text: 'second' });
    outbox.record({ channel: 'wecom', to: 'b', kind: 'card', text: 'card' });
    expect(outbox.list({ to: 'a', since }).map((e) => e.text)).toEqual(['second']);
    expect(outbox.list({ afterSeq: 2 }).map((e) => e.to)).toEqual(['b']);
    for (let i = 0; i < 30; i++) outbox.record({ channel: 'wechat', to: 'c', kind: 'text', text: String(i) });
    expect(outbox.size).toBeLessThanOrEqual(11);
    expect(outbox.list().at(-1)?.text).toBe('29');
  });
});
