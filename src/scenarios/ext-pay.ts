// The WeChat Pay part of a scenario run (SCENARIOS.md): `payment: { result: success | fail }` has
// the sandbox finish the newest payout request and POST the real signed, encrypted notification to
// /wechatpay/notify (`retries: N` delivers the same notification again N times; it must count once),
// and `payout: { status, amount }` checks the newest payout — status as the payout state in lower
// case (`success`, `accepted`, `held`, …) or the claim's own status (`paid`), amount in yuan.
import { z } from 'zod';
import type { Runtime } from '../runtime.js';
import type { Failure } from './expectations.js';
import type { LoadedScenario } from './load.js';
import type { ScenarioExtension } from './runner.js';

const PayoutExpect = z.strictObject({
  status: z.string().min(1).optional(),
  /** Yuan, as the scenario author reads it on the claim (e.g. 150 or 99.5). */
  amount: z.number().positive().optional(),
});

export function payExtension(rt: Runtime, _sc: LoadedScenario): ScenarioExtension {
  const platform = rt.sandbox?.pay?.platform;
  const pay = rt.pay;
  return {
    async play(t) {
      if (!t.payment) return undefined;
      if (!platform || !pay) return [{ key: 'payment', reason: 'the WeChat Pay sandbox is not running' }];
      const bill = platform.newest();
      if (!bill) {
        const p = (await pay.store.list(1))[0];
        return [{ key: 'payment', reason: p ? `payout of ${p.claimId} is ${p.state.toLowerCase()} and never reached WeChat Pay` : 'no payout request was made' }];
      }
      const first = await platform.complete(bill.outBillNo, t.payment.result);
      const again = [];
      for (let i = 0; i < (t.retries ?? 0); i++) again.push(await platform.deliver(bill, first.notification));
      return [first, ...again].filter((r) => r.status !== 200).map((r) => ({ key: 'step', reason: `/wechatpay/notify answered ${r.status} ${r.body}` }));
    },

    checkers: {
      async payout(want: unknown): Promise<Failure[]> {
        const w = PayoutExpect.safeParse(want);
        if (!w.success) return [{ key: 'payout', reason: w.error.issues[0]?.message ?? 'malformed' }];
        if (!pay) return [{ key: 'payout', reason: 'WeChat Pay is not configured' }];
        const p = (await pay.store.list(1))[0];
        if (!p) return [{ key: 'payout', reason: 'no payout exists' }];
        const out: Failure[] = [];
        const claim = await rt.agent.cases.get(p.claimId);
        const seen = { state: p.state.toLowerCase(), claim: claim?.status ?? 'missing' };
        if (w.data.status !== undefined && ![seen.state, seen.claim].includes(w.data.status.toLowerCase())) {
          out.push({ key: 'payout.status', reason: `expected ${w.data.status}; payout ${p.claimId} is ${seen.state}, its claim ${seen.claim}` });
        }
        if (w.data.amount !== undefined && Math.round(w.data.amount * 100) !== p.amountFen) {
          out.push({ key: 'payout.amount', reason: `expected ${w.data.amount} 元; payout ${p.claimId} is ${p.amountFen / 100} 元` });
        }
        // What WeChat Pay was actually asked to transfer must be the same amount.
        const bill = platform?.bill(p.outBillNo);
        if (bill && bill.amountFen !== p.amountFen) out.push({ key: 'payout.amount', reason: `WeChat Pay was asked for ${bill.amountFen} fen, the payout says ${p.amountFen}` });
        return out;
      },
    },
  };
}
