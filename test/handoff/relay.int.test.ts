// Relaying while a supervisor owns an Official Account chat: the window and quota of 客服消息 are
// kept (outside them the lines wait and one template invites the customer back), system notices
// wait for the chat's end instead of talking over the person, several chats are told apart, and
// “结束：小结” hands back to the bot with the supervisor's summary.
import { afterEach, describe, expect, it } from 'vitest';
import { parcel, startHandoffService, station, type HandoffService } from './service.js';

let svc: HandoffService;
afterEach(async () => {
  await svc.stop();
});

const world = {
  customers: [{ openid: 'o_rel_1', phone: '13800000501' }, { openid: 'o_rel_2', phone: '13800000502' }],
  stations: [station],
  supervisors: ['li_na'],
  parcels: [parcel('0501', '13800000501')],
};

async function chatWithLiNa(openid: string) {
  await svc.say(openid, '转人工');
  await svc.click('li_na', 'accept');
}

describe('relaying a chat', () => {
  it('keeps lines written after the 48-hour window closed, invites once by template, delivers them when the customer writes', async () => {
    svc = await startHandoffService(world);
    await chatWithLiNa('o_rel_1');
    svc.clock.advance(49 * 3600_000);
    await svc.write('li_na', '您好，包裹明天上午送到');
    await svc.write('li_na', '送货前会先给您打电话');
    const after = svc.toCustomer('o_rel_1').slice(-1);
    expect(after).toEqual([{ kind: 'template', text: expect.stringContaining('回复任意内容即可查看') }]);
    expect(svc.toCustomer('o_rel_1').filter((m) => m.kind === 'template')).toHaveLength(1);
    expect(svc.toMember('li_na').filter((m) => m.text.includes('已暂存'))).toHaveLength(2);

    await svc.say('o_rel_1', '我回来了，打 13912345678 也行');
    const texts = svc.toCustomer('o_rel_1').slice(-2).map((m) => m.text);
    expect(texts).toEqual(['您好，包裹明天上午送到', '送货前会先给您打电话']);
    expect(svc.toMember('li_na').some((m) => m.text.includes('暂存的 2 条消息已送达'))).toBe(true);
    expect(svc.toMember('li_na').some((m) => m.text.includes('我回来了，打 139****5678 也行'))).toBe(true);
  });

  it('holds a station’s answer while the person serves the customer, and delivers it after the end', async () => {
    svc = await startHandoffService(world);
    await svc.say('o_rel_1', '包裹到网点一天了，帮我催一下');
    await chatWithLiNa('o_rel_1');
    const before = svc.toCustomer('o_rel_1').length;
    await svc.click('zhang_wei', 'will_deliver');
    expect(svc.toCustomer('o_rel_1')).toHaveLength(before);
    expect(svc.toMember('li_na').some((m) => m.text.includes('系统通知') && m.text.includes('今天会为您派送'))).toBe(true);

    await svc.write('li_na', '结束：已约好今天下午送货上楼');
    const tail = svc.toCustomer('o_rel_1').slice(before).map((m) => m.text);
    expect(tail[0]).toContain('处理结果：已约好今天下午送货上楼');
    expect(tail[1]).toContain('今天会为您派送');
    expect((await svc.rt.handoff.state('wechat:o_rel_1')).state).toBe('bot');
    const [c] = await svc.rt.agent.cases.find({ type: 'handoff' });
    expect(c?.status).toBe('closed');
    expect(c?.timeline.some((t) => t.note?.includes('已约好今天下午送货上楼'))).toBe(true);
    // The typed 结束 also settled the end card.
    expect(svc.toMember('li_na').some((m) => m.kind === 'card_update' && m.text.includes('结束'))).toBe(true);
  });

  it('ends the chat when the customer unfollows, and tells the supervisor', async () => {
    svc = await startHandoffService(world);
    await chatWithLiNa('o_rel_1');
    await svc.rt.sandbox!.phone.unsubscribe('o_rel_1');
    await svc.settle();
    expect((await svc.rt.handoff.state('wechat:o_rel_1')).state).toBe('bot');
    expect(svc.toMember('li_na').at(-1)?.text).toContain('取消关注');
    expect((await svc.rt.agent.cases.find({ type: 'handoff' }))[0]?.status).toBe('closed');
  });

  it('tells two chats apart: plain text to the current one, #code to the one named', async () => {
    svc = await startHandoffService(world);
    await chatWithLiNa('o_rel_1');
    await chatWithLiNa('o_rel_2');
    const first = await svc.rt.handoff.state('wechat:o_rel_1');
    await svc.write('li_na', '第二位客户您好');
    expect(svc.toCustomer('o_rel_2').at(-1)?.text).toBe('第二位客户您好');
    await svc.write('li_na', `#${first.activeCode} 第一位客户您好`);
    expect(svc.toCustomer('o_rel_1').at(-1)?.text).toBe('第一位客户您好');
    expect(svc.toMember('li_na').filter((m) => m.text.startsWith('已发给 #'))).toHaveLength(2);
    // The history keeps both sides, bot and person, in one place.
    const history = await svc.rt.handoff.history('wechat:o_rel_1');
    expect(history.map((e) => e.from)).toEqual(expect.arrayContaining(['customer', 'bot', 'system', 'agent']));
    expect(history.at(-1)).toMatchObject({ from: 'agent', by: 'li_na', text: '第一位客户您好' });
  });
});
