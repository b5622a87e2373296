// The sandbox WeCom member and its routes: built callbacks pass the production verification, a click
// goes to the newest card carrying the button, and curl can drive it all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WxBizMsgCrypt } from '../../src/channels/shared/aes.js';
import { openWecomCallback } from '../../src/channels/wecom/verify.js';
import { NoSuchButtonError } from '../../src/sandbox/wecom-member.js';
import { startService, type TestService } from '../helpers/runtime.js';

let svc: TestService;
beforeEach(async () => {
  svc = await startService({}, { workers: false });
});
afterEach(async () => {
  await svc.stop();
});

const wecom = () => svc.rt.sandbox!.wecom!;
const sendCard = (taskId: string, keys: string[]) =>
  wecom().platform.sendMessage({
    touser: 'zhang_wei',
    agentid: svc.rt.config.wecom.agentId,
    msgtype: 'template_card',
    template_card: { card_type: 'button_interaction', task_id: taskId, main_title: { title: 't' }, button_list: keys.map((key) => ({ type: 0, text: key, key })) },
  });
const open = (cb: { path: string; body: string }) => {
  const query = Object.fromEntries(new URL(`http://x${cb.path}`).searchParams);
  const { config } = svc.rt;
  return openWecomCallback(query, cb.body, {
    token: config.wecom.token,
    crypto: new WxBizMsgCrypt(config.wecom.aesKey, config.wecom.corpId),
    clock: svc.clock,
    windowSeconds: 300,
    maxBytes: 65536,
  }).event;
};

describe('WecomMember', () => {
  it('clicks the newest card that carries the button, with a fresh response code', () => {
    sendCard('old@0', ['will_deliver']);
    sendCard('new@0', ['will_deliver']);
    sendCard('other@0', ['approve']);
    const event = open(wecom().member.buildClick('zhang_wei', 'will_deliver'));
    expect(event).toMatchObject({ type: 'card_click', taskId: 'new@0', eventKey: 'will_deliver', from: 'zhang_wei', responseCode: expect.any(String) });
    expect(() => wecom().member.buildClick('zhang_wei', 'lost')).toThrow(NoSuchButtonError);
  });

  it('clicks the card it is told to by taskId (the console clicks a particular card)', async () => {
    sendCard('old@0', ['will_deliver']);
    sendCard('new@0', ['will_deliver']);
    expect(open(wecom().member.buildClick('zhang_wei', 'will_deliver', 'old@0'))).toMatchObject({ taskId: 'old@0', eventKey: 'will_deliver' });
    expect(() => wecom().member.buildClick('zhang_wei', 'will_deliver', 'other@0')).toThrow(NoSuchButtonError);
    const post = (body: unknown) => fetch(`${svc.rt.baseUrl()}/sandbox/wecom/member/zhang_wei`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ click: 'will_deliver', taskId: 'old@0' })).status).toBe(200);
    expect((await post({ click: 'will_deliver', taskId: 'gone@0' })).status).toBe(404);
  });

  it('builds texts and photos that the production verification opens', () => {
    expect(open(wecom().member.buildText('liu_yang', '#ABCDEF 在路上'))).toMatchObject({ type: 'text', from: 'liu_yang', text: '#ABCDEF 在路上' });
    expect(open(wecom().member.buildImage('liu_yang', 'door.jpg'))).toMatchObject({ type: 'image', mediaId: expect.any(String) });
  });

  it('is driven from curl: POST /sandbox/wecom/member/:userid', async () => {
    sendCard('curl@0', ['will_deliver']);
    const post = (body: unknown) => fetch(`${svc.rt.baseUrl()}/sandbox/wecom/member/zhang_wei`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await (await post({ click: 'will_deliver' })).json()).toEqual({ webhook: { status: 200, body: '' } });
    expect(await (await post({ text: '你好' })).json()).toEqual({ webhook: { status: 200, body: '' } });
    expect((await post({ click: 'nope' })).status).toBe(404);
    expect((await post({ dance: true })).status).toBe(400);
    const cards = (await (await fetch(`${svc.rt.baseUrl()}/sandbox/wecom/cards/zhang_wei`)).json()) as { taskId: string }[];
    expect(cards.map((c) => c.taskId)).toEqual(['curl@0']);
  });
});
