// Nobody takes the chat: after the configured accept time the customer hears the truth and a time,
// and a callback follow-up job exists; with nobody on duty at all that is said at once.
import { afterEach, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/lib/ids.js';
import { NOW, startHandoffService, type HandoffService } from './service.js';

let svc: HandoffService;
afterEach(async () => {
  await svc.stop();
});

async function handoffCase() {
  const [c] = await svc.rt.agent.cases.find({ type: 'handoff' });
  if (!c) throw new Error('no handoff case');
  return c;
}
const callbackJob = async (caseId: string) => svc.rt.queues['follow-up'].getJob(jobIdFor('fu', `${caseId}:callback`));

describe('when nobody accepts', () => {
  it('tells the customer the truth after 5 minutes, schedules the callback and reminds the supervisors', async () => {
    svc = await startHandoffService({ customers: [{ openid: 'o_none_1', phone: '13800000701' }], supervisors: ['li_na'] });
    await svc.say('o_none_1', '我要投诉，转人工');
    const c = await handoffCase();
    // The scenario clock runs on with real time: a few milliseconds past NOW.
    expect(c.slaDueAt! - (NOW + 5 * 60_000)).toBeLessThan(5000);
    expect(await callbackJob(c.id)).toBeUndefined();

    svc.clock.advance(5 * 60_000 + 1000);
    await svc.settle();
    const told = svc.toCustomer('o_none_1').at(-1)!.text;
    expect(told).toContain('值班客服暂时都在忙');
    expect(told).toContain('今天 10:35 前会有专人联系您');
    const job = await callbackJob(c.id);
    expect(job).toBeDefined();
    expect(await job!.getState()).toBe('delayed');
    expect(job!.data).toMatchObject({ caseId: c.id, step: 'callback' });
    expect(job!.data.dueAt - (NOW + 35 * 60_000)).toBeLessThan(10_000);
    expect(svc.toMember('li_na').at(-1)?.text).toContain('无人接入');
    expect(await handoffCase()).toMatchObject({ status: 'queued', priority: 'high' });
    expect((await svc.rt.handoff.state('wechat:o_none_1')).state).toBe('queued');
  });

  it('says at once that nobody can take it when no supervisor is on duty, with a callback time', async () => {
    svc = await startHandoffService({ customers: [{ openid: 'o_none_2', phone: '13800000702' }], supervisors: [] });
    await svc.say('o_none_2', '转人工');
    expect(svc.toCustomer('o_none_2').at(-1)!.text).toContain('现在没有能接入的值班客服');
    expect(svc.toCustomer('o_none_2').at(-1)!.text).toContain('今天 10:30 前会有专人联系您');
    const c = await handoffCase();
    expect(await callbackJob(c.id)).toBeDefined();
  });

  it('asked again while waiting, says where things stand instead of queueing twice', async () => {
    svc = await startHandoffService({ customers: [{ openid: 'o_none_3', phone: '13800000703' }], supervisors: ['li_na'] });
    await svc.say('o_none_3', '转人工');
    await svc.say('o_none_3', '人工客服呢');
    expect(svc.toCustomer('o_none_3').at(-1)!.text).toContain('您已在排队');
    expect(await svc.rt.agent.cases.find({ type: 'handoff' })).toHaveLength(1);
    expect(svc.toMember('li_na').filter((m) => m.kind === 'card')).toHaveLength(1);
  });
});
