// When the courier's systems time out or fail, the bot says so honestly and invents nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxCourierBackend } from '../../src/courier/sandbox-backend.js';
import { startService, type TestService } from '../helpers/runtime.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});

describe('a courier backend outage', () => {
  it('gets an honest 系统繁忙 reply with no invented status and no case', async () => {
    svc = await startService();
    (svc.rt.agent.courier as SandboxCourierBackend).setOutage('timeout');
    await svc.rt.sandbox!.phone.text('o_demo_chen', '我的快递到哪了');
    await svc.rt.sandbox!.phone.text('o_demo_chen', '帮我催一下 SF2000000000007');
    await svc.settle();
    const texts = svc.rt.sandbox!.outbox.list({ to: 'o_demo_chen' }).map((m) => m.text);
    expect(texts).toHaveLength(2);
    for (const t of texts) {
      expect(t).toContain('系统繁忙');
      expect(t).not.toMatch(/运输中|派送中|已签收|预计/);
    }
    expect(await svc.rt.agent.cases.count()).toBe(0);
  });
});
