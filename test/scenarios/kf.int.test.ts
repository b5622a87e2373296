// Scenario files with `channel: wecom-kf` play through the 微信客服 part (scenarios/ext-kf.ts):
// the real /wecom/kf webhook, sync_msg and kf/send_msg, the reply read from the Outbox.
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario } from '../../src/scenarios/load.js';
import { runScenario } from '../../src/scenarios/runner.js';
import { scenarioExtensions } from '../../src/scenarios/extensions.js';
import { REDIS_URL } from '../helpers/runtime.js';

const run = (sc: Awaited<ReturnType<typeof loadScenarioFile>>) => runScenario(sc, { redisUrl: REDIS_URL, extend: scenarioExtensions });

describe('channel: wecom-kf scenarios', () => {
  it('plays scenarios/kf/track-on-kf.yaml green', async () => {
    const r = await run(await loadScenarioFile('scenarios/kf/track-on-kf.yaml'));
    expect(r.error).toBeUndefined();
    expect(r.turns.flatMap((t) => t.failures)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('reads only the 微信客服 outbox and reports a wrong expectation', async () => {
    const sc = parseScenario(
      'inline.yaml',
      ['name: kf negative', 'channel: wecom-kf', 'world: { customers: [ { openid: wmKfNeg0001 } ] }', 'turns:', '  - customer: 你好', '    expect: { reply: { contains: [不会出现的话] } }'].join('\n'),
    );
    const r = await run(sc);
    expect(r.ok).toBe(false);
    expect(r.turns[0]!.failures[0]).toMatchObject({ key: 'reply.contains' });
  });

  it('refuses Official Account steps on a 微信客服 scenario', async () => {
    const sc = parseScenario('inline.yaml', ['name: kf menu', 'channel: wecom-kf', 'turns:', '  - menu: menu_track'].join('\n'));
    const r = await run(sc);
    expect(r.turns[0]!.failures).toEqual([{ key: 'menu', reason: 'not a 微信客服 step (Official Account only)' }]);
  });
});
