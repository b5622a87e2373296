// The WeCom part of scenario runs: `staff:` / `supervisor:` steps through the real /wecom webhook and
// the `wecom:` expectation. No workflow creates tasks yet, so a test part creates one at setup.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenarios/load.js';
import { runScenario, type ScenarioExtension } from '../../src/scenarios/runner.js';
import { compose } from '../../src/scenarios/extensions.js';
import { checkWecom, wecomExtension } from '../../src/scenarios/ext-wecom.js';
import type { OutboxEntry } from '../../src/sandbox/outbox.js';
import { DEFAULT_BUTTONS, type OutcomeContext } from '../../src/workflows/tasks/index.js';
import { REDIS_URL } from '../helpers/runtime.js';

const SCENARIO = `
name: 催派卡片 — 网点点“今天送达”，第二个人再点只收到提示
now: 2026-11-11T10:00:00+08:00
world:
  customers: [{ openid: o_cust_1, phone: "13800000001" }]
  stations:
    - { id: zhangjiang, name: 浦东张江网点, staff: [zhang_wei, liu_yang] }
  supervisors: [li_na]
turns:
  - staff: { user: zhang_wei, text: 你好 }
    expect:
      wecom:
        - { to: zhang_wei, card: true, buttons: [will_deliver, delivered, cannot_deliver], contains: [催派, SF1000000000001] }
        - { to: liu_yang, card: true }
        - { to: zhang_wei, card: false, contains: 请点卡片上的按钮 }
  - staff: { user: zhang_wei, click: will_deliver }
    retries: 2
    expect:
      wecom:
        - { to: liu_yang, kind: card_update, contains: "已处理：今天送达（zhang_wei）" }
  - staff: { user: liu_yang, click: delivered }
    expect:
      wecom: [{ to: liu_yang, contains: 该任务已由 zhang_wei 处理：今天送达 }]
  - supervisor: { user: li_na, click: accept }
  - supervisor: { user: li_na, text: 在吗 }
    expect:
      wecom: [{ to: li_na, contains: 这句不会出现 }]
  - staff: { user: stranger, text: hi }
`;

describe('scenario steps in WeCom', () => {
  it('plays staff and supervisor steps through /wecom and checks what was sent in WeCom', async () => {
    const outcomes: OutcomeContext[] = [];
    const creator = (rt: Parameters<typeof wecomExtension>[0]): ScenarioExtension => ({
      async setup() {
        rt.wecom!.tasks.onOutcome('scenario_urge', async (ctx) => {
          outcomes.push(ctx);
        });
        await rt.wecom!.tasks.create({
          owner: 'scenario_urge',
          ownerRef: 'case_1',
          to: rt.wecom!.directory.staffOf('zhangjiang'),
          title: '催派：SF1000000000001',
          buttons: [...DEFAULT_BUTTONS.urge],
        });
      },
    });
    const sc = parseScenario('wecom.yaml', SCENARIO);
    const result = await runScenario(sc, { redisUrl: REDIS_URL, extend: async (rt) => compose(wecomExtension(rt, sc), creator(rt)) });

    expect(result.error).toBeUndefined();
    const failures = result.turns.map((t) => t.failures.map((f) => `${f.key}: ${f.reason}`));
    expect(failures.slice(0, 3)).toEqual([[], [], []]);
    expect(failures[3]).toEqual([expect.stringMatching(/^supervisor\.click: no card sent to li_na has a button "accept"/)]);
    expect(failures[4]).toEqual([expect.stringMatching(/^wecom\[0\]: no WeCom message matching .*sent: \["text → li_na: 请点卡片上的按钮/)]);
    expect(failures[5]).toEqual([expect.stringContaining('"stranger" is not in the world')]);
    expect(outcomes.map((o) => [o.outcome, o.user])).toEqual([['will_deliver', 'zhang_wei']]);
  });
});

describe('checkWecom', () => {
  const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({ id: 'o', seq: 1, at: '', channel: 'wecom', to: 'zhang_wei', kind: 'text', text: '', ...over });

  it('matches buttons by outcome key and card by kind', () => {
    const card = entry({ kind: 'card', text: '催派', buttons: [{ key: 'will_deliver', text: '今天送达' }] });
    expect(checkWecom([{ card: true, buttons: ['will_deliver'] }], [card])).toEqual([]);
    expect(checkWecom([{ card: true, buttons: ['lost'] }], [card])).toHaveLength(1);
    expect(checkWecom([{ card: false }], [card])).toHaveLength(1);
  });

  it('reports a malformed item with its key path', () => {
    expect(checkWecom([{ to: 'a', colour: 'red' }], [])).toEqual([{ key: 'wecom[0]', reason: expect.stringContaining('colour') }]);
  });
});
