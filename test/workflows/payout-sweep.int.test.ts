// An approved claim whose payout was never queued (the process died in between) is picked up by
// its follow-up check; a second check queues nothing more.
import { afterEach, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/lib/ids.js';
import { checkPromise } from '../../src/workflows/escalation.js';
import { startService, type TestService } from '../helpers/runtime.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});

describe('the payout check of an approved claim', () => {
  it('queues the missing payout once', async () => {
    svc = await startService({}, { workers: false });
    const { cases, workflows } = svc.rt.agent;
    const { case: c } = await cases.openOrJoin({ type: 'claim', kind: 'damaged', waybill: 'SF3977777777777', customer: { channel: 'wechat', id: 'o_sweep', role: 'receiver' }, status: 'under_review', data: { amountFen: 15000 }, actor: 'test' });
    await cases.transition(c.id, 'approved', 'policy');
    const queue = svc.rt.queues.payout;
    expect(await queue.getJob(jobIdFor('pay', c.id))).toBeUndefined();
    expect(await checkPromise(workflows, c.id, 'payout')).toBe('kept');
    expect(await queue.getJob(jobIdFor('pay', c.id))).toBeDefined();
    await checkPromise(workflows, c.id, 'payout');
    expect(await queue.count()).toBe(1);
  });
});
