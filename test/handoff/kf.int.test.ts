// 微信客服 chats use the platform's session states: accept → 3 with the supervisor as servicer, end →
// 4; a session ended or transferred in the WeCom client is noticed on the customer's next message;
// a supervisor who is not a receiving servicer is relayed through the bot instead.
import { afterEach, describe, expect, it } from 'vitest';
import { startHandoffService, type HandoffService } from './service.js';

let svc: HandoffService;
afterEach(async () => {
  await svc.stop();
});

const EXT = 'wmKfHandoffTest01';
// The sandbox platform has li_na as a receiving servicer; he_jun is not one.
const world = { customers: [{ openid: EXT, phone: '13800000801' }], supervisors: ['li_na', 'he_jun'] };
const session = () => svc.rt.sandbox!.kf.platform.sessions.view(svc.rt.config.kf.openKfId, EXT);

describe('微信客服 handoff', () => {
  it('hands the session to the servicer (3) and ends it (4); the bot answers the next message', async () => {
    svc = await startHandoffService(world, {}, 'wecom-kf');
    await svc.kfSay(EXT, '转人工');
    expect(session().state).toBe(1);
    await svc.click('li_na', 'accept');
    expect(session()).toEqual({ state: 3, servicer: 'li_na' });
    const sent = svc.toCustomer(EXT).length;
    await svc.kfSay(EXT, '我家在 6 楼');
    expect(svc.toCustomer(EXT)).toHaveLength(sent); // nothing from the bot, nothing relayed in the app
    await svc.write('li_na', '这里写的不会发给客户');
    expect(svc.toMember('li_na').at(-1)?.text).toContain('微信客服');
    // She writes in the client instead (origin 5): the line joins the chat's one history.
    const kf = svc.rt.sandbox!.kf;
    kf.platform.servicerMessage(svc.rt.config.kf.openKfId, EXT, 'li_na', '网点今天下午送上楼');
    await kf.customer.post(kf.customer.build());
    await svc.settle();
    const history = await svc.rt.handoff.history(`wecom-kf:${EXT}`);
    expect(history.filter((e) => e.text === '网点今天下午送上楼')).toEqual([expect.objectContaining({ from: 'agent', by: 'li_na' })]);
    expect(history.some((e) => e.from === 'customer' && e.text === '我家在 6 楼')).toBe(true);
    await svc.click('li_na', 'end');
    expect(session().state).toBe(4);
    expect(svc.toCustomer(EXT).at(-1)?.text).toContain('人工服务已结束');
    await svc.kfSay(EXT, '你好');
    expect(session().state).toBe(1);
    expect(svc.toCustomer(EXT).length).toBeGreaterThan(sent + 1);
  });

  it('notices a session ended in the WeCom client and lets the bot answer that very message', async () => {
    svc = await startHandoffService(world, {}, 'wecom-kf');
    await svc.kfSay(EXT, '转人工');
    await svc.click('li_na', 'accept');
    svc.rt.sandbox!.kf.platform.sessions.trans(svc.rt.config.kf.openKfId, EXT, 4, undefined); // li_na ends it in the client
    const sent = svc.toCustomer(EXT).length;
    await svc.kfSay(EXT, '我的快递到哪了');
    expect((await svc.rt.handoff.state(`wecom-kf:${EXT}`)).state).toBe('bot');
    expect(svc.toCustomer(EXT).length).toBeGreaterThan(sent);
    expect(svc.toMember('li_na').some((m) => m.text.includes('已在企业微信里结束'))).toBe(true);
    const [c] = await svc.rt.agent.cases.find({ type: 'handoff' });
    expect(c?.status).toBe('closed');
  });

  it('relays through the bot for a supervisor the platform does not know as a servicer', async () => {
    svc = await startHandoffService(world, {}, 'wecom-kf');
    await svc.kfSay(EXT, '转人工');
    await svc.click('he_jun', 'accept');
    expect(session().state).toBe(1);
    expect(await svc.rt.handoff.state(`wecom-kf:${EXT}`)).toMatchObject({ state: 'human', assignee: 'he_jun', bridge: 'relay' });
    await svc.kfSay(EXT, '请问什么时候送');
    expect(svc.toMember('he_jun').at(-1)?.text).toContain('请问什么时候送');
    await svc.write('he_jun', '今天下午送到');
    expect(svc.toCustomer(EXT).at(-1)?.text).toBe('今天下午送到');
  });
});
