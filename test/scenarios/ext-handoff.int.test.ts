// The handoff's scenario keys report what they saw when they fail, and refuse what they do not know.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenarios/load.js';
import { runScenario } from '../../src/scenarios/runner.js';
import { scenarioExtensions } from '../../src/scenarios/extensions.js';
import { REDIS_URL } from '../helpers/runtime.js';

const SCENARIO = `
name: handoff keys, wrong on purpose
now: 2026-11-11T10:00:00+08:00
world:
  customers: [{ openid: o_keys_1, phone: "13800000901" }]
  supervisors: [li_na]
turns:
  - customer: 转人工
    expect:
      handoff: { state: human, to: li_na }
      context_card: { contains: [138****0901, 不会出现的字] }
  - customer: 在吗
    expect:
      handoff: { state: queued, callback: true, colour: red }
  - supervisor: { user: li_na, click: accept }
    expect:
      handoff: { state: human, to: li_na, callback: false }
`;

describe('handoff scenario keys', () => {
  it('report the state seen, the missing card text and unknown fields', async () => {
    const r = await runScenario(parseScenario('inline.yaml', SCENARIO), { redisUrl: REDIS_URL, extend: scenarioExtensions });
    expect(r.error).toBeUndefined();
    const [first, second, third] = r.turns.map((t) => t.failures);
    expect(first).toEqual([
      { key: 'handoff.state', reason: expect.stringContaining('"state":"queued"') },
      { key: 'handoff.to', reason: expect.stringContaining('expected li_na') },
      { key: 'context_card.contains', reason: expect.stringContaining('不会出现的字') },
    ]);
    expect(second).toEqual([{ key: 'handoff', reason: expect.stringContaining('colour') }]);
    expect(third).toEqual([]);
  });
});
