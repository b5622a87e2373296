// Accepting a chat: the first supervisor wins atomically — also with several clicking at the same
// moment through the real /wecom webhook and staff worker — the others' cards show who took it,
// and the customer hears one “已接入”.
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationStates } from '../../src/conversation/state.js';
import { NOW, startHandoffService, type HandoffService } from './service.js';

let svc: HandoffService;
afterEach(async () => {
  await svc.stop();
});

const SUPERVISORS = ['li_na', 'he_jun', 'wang_wu'];
const world = { customers: [{ openid: 'o_acc_1', phone: '13800000401' }], supervisors: SUPERVISORS };

describe('accepting a handoff', () => {
  it('gives the chat to exactly one of several supervisors clicking accept at once', async () => {
    svc = await startHandoffService(world);
    await svc.say('o_acc_1', '转人工，回电打 13912345678');
    expect((await svc.rt.handoff.state('wechat:o_acc_1')).state).toBe('queued');
    // Supervisors see numbers masked, also one the customer typed.
    const card = svc.toMember('li_na').find((m) => m.kind === 'card')!.text;
    expect(card).toContain('139****5678');
    expect(card).not.toContain('13912345678');

    const member = svc.rt.sandbox!.wecom!.member;
    const clicks = SUPERVISORS.map((u) => member.buildClick(u, 'accept'));
    const answers = await Promise.all(clicks.flatMap((c) => [member.post(c), member.post(c)])); // each double-clicked too
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await svc.settle();

    const st = await svc.rt.handoff.state('wechat:o_acc_1');
    expect(st.state).toBe('human');
    const owner = st.assignee!;
    expect(SUPERVISORS).toContain(owner);
    const [c] = await svc.rt.agent.cases.find({ type: 'handoff' });
    expect(c).toMatchObject({ status: 'human', assignee: owner });
    expect(svc.toCustomer('o_acc_1').filter((m) => m.text.includes('前面的情况我已经看到了'))).toHaveLength(1);
    expect(svc.toMember(owner).some((m) => m.text.startsWith('已接入'))).toBe(true);
    for (const other of SUPERVISORS.filter((u) => u !== owner)) {
      expect(svc.toMember(other).some((m) => m.text.startsWith('已接入'))).toBe(false);
      expect(svc.toMember(other).some((m) => m.kind === 'card_update' && m.text.includes(owner))).toBe(true);
    }
  });

  it('lets one claim win among twenty at once on the conversation state itself', async () => {
    svc = await startHandoffService(world);
    const states = new ConversationStates(svc.rt.redis, svc.rt.keys);
    await states.queue('wechat:o_race', 'H-RACE22', NOW);
    const users = Array.from({ length: 20 }, (_, i) => `sup_${i}`);
    const results = await Promise.all(users.map((u) => states.claim('wechat:o_race', u, NOW, { caseId: 'H-RACE22' })));
    const won = results.filter((r) => r.result === 'won');
    expect(won).toHaveLength(1);
    const owner = (await states.get('wechat:o_race')).assignee;
    expect(results.filter((r) => r.result === 'taken').every((r) => r.result === 'taken' && r.assignee === owner)).toBe(true);
    // A claim for another case (a stale card) and a release by another case change nothing.
    expect(await states.claim('wechat:o_race', 'late', NOW, { caseId: 'H-OTHER2' })).toEqual({ result: 'taken', assignee: owner });
    expect(await states.release('wechat:o_race', 'H-OTHER2')).toBe(false);
    expect(await states.release('wechat:o_race', 'H-RACE22')).toBe(true);
    expect(await states.get('wechat:o_race')).toEqual({ state: 'bot' });
  });

  it('keeps one owner when a takeover and an accept race', async () => {
    svc = await startHandoffService(world);
    await svc.say('o_acc_1', '转人工');
    const member = svc.rt.sandbox!.wecom!.member;
    const click = member.buildClick('li_na', 'accept');
    const [, taken] = await Promise.all([member.post(click), svc.rt.handoff.takeOver('wechat:o_acc_1', 'he_jun')]);
    await svc.settle();
    const st = await svc.rt.handoff.state('wechat:o_acc_1');
    expect(st.state).toBe('human');
    expect(['li_na', 'he_jun']).toContain(st.assignee);
    if (st.assignee === 'li_na') expect(taken).toContain('已由 li_na 接入');
    expect(await svc.rt.agent.cases.find({ type: 'handoff' })).toHaveLength(1);
  });
});
