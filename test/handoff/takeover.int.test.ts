// Taking over before anyone asks: a supervisor lists the live conversations at risk (here a missed
// promise, and a customer waiting for a person) in WeCom with “风险”, takes one with “接管 N”, and
// gets the context card with the end button; the same through the admin API behind ADMIN_TOKEN.
import { afterEach, describe, expect, it } from 'vitest';
import { parcel, startHandoffService, station, type HandoffService } from './service.js';

let svc: HandoffService;
afterEach(async () => {
  await svc.stop();
});

const TOKEN = 'admin-token-for-tests-0123456789';
const world = {
  customers: [
    { openid: 'o_risk_missed', phone: '13800000601' },
    { openid: 'o_risk_calm', phone: '13800000602' },
    { openid: 'o_risk_waiting', phone: '13800000603' },
  ],
  stations: [station],
  supervisors: ['li_na', 'he_jun'],
  parcels: [parcel('0601', '13800000601'), parcel('0602', '13800000602')],
};

async function atRiskWorld() {
  await svc.say('o_risk_missed', '包裹到网点一天了，帮我催一下');
  await svc.say('o_risk_calm', '我的快递到哪了');
  svc.clock.advance(31 * 60_000); // the urge's 30 minutes pass: the promise is missed
  await svc.settle();
  await svc.say('o_risk_waiting', '转人工');
}

describe('taking over an at-risk conversation', () => {
  it('lists missed promises and waiting customers, not calm ones, and takes one with 接管 N', async () => {
    svc = await startHandoffService(world);
    await atRiskWorld();
    await svc.write('li_na', '风险');
    const list = svc.toMember('li_na').at(-1)!.text;
    expect(list).toContain('需要关注的会话');
    expect(list).toMatch(/1\. 13[89]\*{4}060[13]/);
    expect(list).toContain('138****0601 · 承诺超时（催派）');
    expect(list).toContain('138****0603 · 等待人工');
    expect(list).not.toContain('0602');

    const n = list.split('\n').findIndex((l) => l.includes('0601'));
    await svc.write('li_na', `接管 ${n}`);
    const st = await svc.rt.handoff.state('wechat:o_risk_missed');
    expect(st).toMatchObject({ state: 'human', assignee: 'li_na', bridge: 'relay' });
    expect(svc.toCustomer('o_risk_missed').at(-1)?.text).toContain('看到您的问题还没有解决');
    const card = svc.toMember('li_na').find((m) => m.kind === 'card' && m.text.startsWith('接管会话'));
    expect(card?.text).toContain('网点催派流程（31 分钟前，已超时，已升级主管）');
    const [c] = await svc.rt.agent.cases.find({ type: 'handoff', customer: { channel: 'wechat', id: 'o_risk_missed' } });
    expect(c).toMatchObject({ status: 'human', assignee: 'li_na' });

    // Now with a person: the bot is silent and the customer reaches li_na.
    await svc.say('o_risk_missed', '到底什么时候送');
    expect(svc.toCustomer('o_risk_missed').at(-1)?.text).toContain('看到您的问题还没有解决');
    expect(svc.toMember('li_na').at(-1)?.text).toContain('到底什么时候送');
  });

  it('closes the waiting customer’s accept card for everyone when that chat is taken over', async () => {
    svc = await startHandoffService(world);
    await atRiskWorld();
    await svc.write('he_jun', '风险');
    const list = svc.toMember('he_jun').at(-1)!.text;
    const n = list.split('\n').findIndex((l) => l.includes('0603'));
    await svc.write('he_jun', `接管 ${n}`);
    expect(await svc.rt.handoff.state('wechat:o_risk_waiting')).toMatchObject({ state: 'human', assignee: 'he_jun' });
    expect(svc.toMember('li_na').some((m) => m.kind === 'card_update' && m.text.includes('he_jun'))).toBe(true);
    await svc.click('li_na', 'accept');
    expect(svc.toMember('li_na').at(-1)?.text).toContain('he_jun');
    expect(await svc.rt.agent.cases.find({ type: 'handoff', customer: { channel: 'wechat', id: 'o_risk_waiting' } })).toHaveLength(1);
  });

  it('serves the same through the admin API, only with ADMIN_TOKEN', async () => {
    svc = await startHandoffService(world, { ADMIN_TOKEN: TOKEN });
    await atRiskWorld();
    const app = svc.rt.app;
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await app.inject({ method: 'GET', url: '/admin/handoff/at-risk' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/admin/handoff/at-risk', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);

    const risk = await app.inject({ method: 'GET', url: '/admin/handoff/at-risk', headers: auth });
    const ids = (risk.json() as { conversations: { conversationId: string; customer: string }[] }).conversations.map((c) => c.conversationId);
    expect(ids.sort()).toEqual(['wechat:o_risk_missed', 'wechat:o_risk_waiting']);
    expect(risk.body).not.toContain('13800000601');

    const bad = await app.inject({ method: 'POST', url: '/admin/handoff/takeover', headers: auth, payload: { conversationId: 'wechat:o_risk_missed', supervisor: 'zhang_wei' } });
    expect(bad.statusCode).toBe(403);
    const ok = await app.inject({ method: 'POST', url: '/admin/handoff/takeover', headers: auth, payload: { conversationId: 'wechat:o_risk_missed', supervisor: 'he_jun' } });
    expect(ok.json()).toMatchObject({ ok: true, state: { state: 'human', assignee: 'he_jun' } });
    await svc.settle();
    expect(svc.toMember('he_jun').some((m) => m.text.startsWith('已接入'))).toBe(true);

    const conv = await app.inject({ method: 'GET', url: '/admin/handoff/conversations/wechat:o_risk_missed', headers: auth });
    const history = (conv.json() as { history: { from: string; text: string }[] }).history;
    expect(history.map((h) => h.from)).toEqual(expect.arrayContaining(['customer', 'bot', 'system', 'agent']));
    expect((await app.inject({ method: 'GET', url: '/admin/handoff/conversations/nope', headers: auth })).statusCode).toBe(400);
  });
});
