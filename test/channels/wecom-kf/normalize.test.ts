// sync_msg items → InboundMessage / KfEvent / ignored (PROTOCOL.md §5.2).
import { describe, expect, it } from 'vitest';
import { normalizeKfItem } from '../../../src/channels/wecom-kf/normalize.js';

const item = (msgtype: string, payload: unknown, over: Record<string, unknown> = {}) => ({
  msgid: 'from_msgid_4622416642169452483',
  open_kfid: 'wkAJ2GCAAASSm4_FhToWMFea0xAFfd3Q',
  external_userid: 'wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw',
  send_time: 1615478585,
  origin: 3,
  msgtype,
  [msgtype]: payload,
  ...over,
});
const common = {
  key: 'wecom-kf:msg:from_msgid_4622416642169452483',
  channel: 'wecom-kf',
  account: 'wkAJ2GCAAASSm4_FhToWMFea0xAFfd3Q',
  from: 'wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw',
  at: 1615478585000,
  msgId: 'from_msgid_4622416642169452483',
};

describe('normalizeKfItem', () => {
  it('turns each customer message type into an InboundMessage on channel wecom-kf', () => {
    const cases: [string, unknown, Record<string, unknown>][] = [
      ['text', { content: '我的快递到哪了', menu_id: '101' }, { type: 'text', text: '我的快递到哪了', menuId: '101' }],
      ['image', { media_id: 'M1' }, { type: 'image', mediaId: 'M1' }],
      ['voice', { media_id: 'M2' }, { type: 'voice', mediaId: 'M2' }],
      ['video', { media_id: 'M3' }, { type: 'video', mediaId: 'M3', short: false }],
      ['file', { media_id: 'M4' }, { type: 'file', mediaId: 'M4' }],
      ['location', { latitude: 31.2, longitude: 121.6, name: '张江花园', address: '张江路 1 号' }, { type: 'location', lat: 31.2, lng: 121.6, label: '张江花园 张江路 1 号' }],
      ['link', { title: '订单', desc: '详情', url: 'https://example.com/o/1', pic_url: 'https://example.com/p.png' }, { type: 'link', title: '订单', description: '详情', url: 'https://example.com/o/1' }],
    ];
    for (const [type, payload, want] of cases) {
      const r = normalizeKfItem(item(type, payload));
      expect(r.kind, type).toBe('message');
      if (r.kind === 'message') expect(r.message, type).toMatchObject({ ...common, ...want });
    }
  });

  it('uses the sandbox-only voice.recognition as the transcript', () => {
    const r = normalizeKfItem(item('voice', { media_id: 'M2', recognition: '催一下' }));
    expect(r.kind === 'message' && r.message.type === 'voice' && r.message.recognition).toBe('催一下');
  });

  it('ignores servicer (origin 5) and system (origin 4) messages that are not events', () => {
    expect(normalizeKfItem(item('text', { content: '我是客服' }, { origin: 5, servicer_userid: 'li_na' }))).toMatchObject({ kind: 'ignored', reason: 'origin 5' });
    expect(normalizeKfItem(item('text', { content: '系统' }, { origin: 4 }))).toMatchObject({ kind: 'ignored', reason: 'origin 4' });
  });

  it('ignores unsupported types and malformed items instead of throwing', () => {
    expect(normalizeKfItem(item('business_card', { userid: 'u' })).kind).toBe('ignored');
    expect(normalizeKfItem(item('text', { content: 42 })).kind).toBe('ignored');
    expect(normalizeKfItem({ msgtype: 'text' }).kind).toBe('ignored');
    expect(normalizeKfItem(null).kind).toBe('ignored');
  });

  it('reads events, with an enter_session message for the conversation', () => {
    const enter = normalizeKfItem({
      msgid: 'evt1',
      send_time: 1615478600,
      origin: 4,
      msgtype: 'event',
      event: { event_type: 'enter_session', open_kfid: 'wk1', external_userid: 'wm1', scene: 'waybill', scene_param: 'SF1', welcome_code: 'W' },
    });
    expect(enter).toMatchObject({
      kind: 'event',
      event: { msgid: 'evt1', type: 'enter_session', openKfId: 'wk1', externalUserId: 'wm1', at: 1615478600000 },
      message: { key: 'wecom-kf:msg:evt1', channel: 'wecom-kf', type: 'event', event: 'enter_session', eventKey: 'waybill', from: 'wm1', account: 'wk1' },
    });
    const fail = normalizeKfItem({ msgid: 'evt2', send_time: 1, origin: 4, msgtype: 'event', event: { event_type: 'msg_send_fail', open_kfid: 'wk1', external_userid: 'wm1', fail_msgid: 'x', fail_type: 4 } });
    expect(fail).toMatchObject({ kind: 'event', event: { type: 'msg_send_fail', data: { fail_type: 4 } } });
    expect(fail.kind === 'event' && fail.message).toBeUndefined();
  });
});
