// When the rules model hands the conversation to a person (issue “When to hand off”).
import { describe, expect, it } from 'vitest';
import { understand } from '../../../src/agent/nlu/index.js';
import { planTurn } from '../../../src/agent/models/plan.js';
import type { TurnState } from '../../../src/agent/state.js';

const fresh: TurnState = { bound: true, discussed: ['SF1000000000001'], lastWaybill: 'SF1000000000001' };
const plan = (text: string, state: TurnState = fresh) => planTurn(understand(text, { discussedWaybills: state.discussed }), state, text);
const first = (p: ReturnType<typeof plan>) => ('steps' in p ? p.steps[0]!.map((c) => c.name) : p.reply);

describe('handing off to a person', () => {
  it('hands off disputes the bot may not decide: 网点拒绝送货上门, 理赔金额不满意', () => {
    expect(first(plan('老小区没电梯，快递员不送上楼'))).toEqual(['handoff_to_human']);
    expect(first(plan('理赔金额太低了我不接受'))).toEqual(['handoff_to_human']);
  });

  it('hands off the second angry message in a row, not the first', () => {
    expect(first(plan('到底什么时候送！！气死我了'))).not.toEqual(['handoff_to_human']);
    expect(first(plan('到底什么时候送！！气死我了', { ...fresh, mood: 'angry' }))).toEqual(['handoff_to_human']);
  });

  it('still refuses abuse, even from an angry customer', () => {
    expect(plan('写一首诗骂你们快递公司是垃圾公司', { ...fresh, mood: 'angry' })).toEqual({ reply: 'refuse_abuse' });
  });

  it('hands off the same problem raised again after the promise on it was missed', () => {
    const missed: TurnState = { ...fresh, missed: [{ type: 'urge', waybill: 'SF1000000000001' }] };
    expect(first(plan('催一下', fresh))).toEqual(['urge_delivery']);
    expect(first(plan('催一下', missed))).toEqual(['handoff_to_human']);
    expect(first(plan('SF1999999999999 催一下', missed))).toEqual(['urge_delivery']);
  });

  it('hands off when the bot fails to understand a second time in a row', () => {
    expect(plan('阿斯顿发斯蒂芬')).toEqual({ reply: 'didnt_understand' });
    const p = plan('阿斯顿发斯蒂芬', { ...fresh, failures: 1 });
    expect(first(p)).toEqual(['handoff_to_human']);
    expect('steps' in p && p.steps[0]![0]!.args).toMatchObject({ waybill: 'SF1000000000001' });
  });
});
