// What a payout state means for people, said once per state: SUCCESS moves the claim to `paid` and
// tells the customer 已到账 (claim_result_paid); FAIL/CANCELLED, HELD and WAIT_USER_CONFIRM tell the
// customer honestly and the supervisors on duty what to do. Re-running it (a repeated notification,
// a crash between steps) is safe: the case move is skipped when done, customer messages are
// idempotent per case event (Notifier), and the state is then marked announced.
import type { Directory } from '../config/directory.js';
import type { Logger } from '../lib/logger.js';
import { CaseTransitionError, type CaseStore } from '../workflows/cases.js';
import { yuanOf } from '../workflows/compensation.js';
import type { Notifier } from '../workflows/notify.js';
import { sayW } from '../workflows/promises.js';
import type { Payout } from './states.js';
import type { PayoutStore } from './store.js';
import type { PayoutConfirmations } from './confirmations.js';

export interface AnnouncerDeps {
  store: PayoutStore;
  cases: CaseStore;
  notifier: Notifier;
  directory?: Directory;
  logger: Logger;
  /** Links to the 确认收款 page; without one the supervisors help the customer confirm. */
  confirmations?: PayoutConfirmations;
}

const holdLabel = (reason = '') => sayW(reason.startsWith('refused:') ? 'payout_hold_refused' : `payout_hold_${reason}`, { code: reason.slice('refused:'.length) });

export class PayoutAnnouncer {
  constructor(private readonly d: AnnouncerDeps) {}

  async announce(p: Payout): Promise<void> {
    if (p.announced.includes(p.state)) return;
    const c = await this.d.cases.get(p.claimId);
    if (!c) return;
    const v = { case: c.id, amount: yuanOf(p.amountFen), bill: p.outBillNo };
    const supervisors = this.d.directory?.supervisorsOnDuty() ?? [];
    switch (p.state) {
      case 'SUCCESS':
        if (c.status !== 'paid') {
          await this.d.cases.transition(c.id, 'paid', 'wechatpay', `微信支付转账成功 ${v.amount} 元（商户单号 ${p.outBillNo}）`).catch((err: unknown) => {
            if (!(err instanceof CaseTransitionError && err.from === 'paid')) throw err;
          });
        }
        await this.d.notifier.customers(c, 'paid', sayW('claim_result_paid', v));
        break;
      case 'FAIL':
      case 'CANCELLED':
        this.d.logger.warn({ claim: c.id, state: p.state, reason: p.failReason }, 'payout did not go through; supervisors told');
        await this.d.notifier.customers(c, `payout:${p.state}`, sayW('claim_payout_failed', v));
        await this.d.notifier.staff(supervisors, sayW('payout_staff_failed', { ...v, reason: p.failReason ?? p.state }));
        break;
      case 'HELD':
        this.d.logger.warn({ claim: c.id, reason: p.holdReason }, 'payout held for a supervisor');
        await this.d.notifier.customers(c, 'payout:held', sayW('claim_payout_manual', v));
        await this.d.notifier.staff(supervisors, sayW('payout_staff_held', { ...v, reason: holdLabel(p.holdReason) }));
        break;
      case 'WAIT_USER_CONFIRM': {
        const link = this.d.confirmations?.linkFor(c.id);
        // Only the payee can confirm; another party of the claim hears of the money when it arrives.
        const payee = c.customers.find((cu) => cu.channel === 'wechat' && cu.id === p.openid);
        if (payee) await this.d.notifier.customer(c, payee, 'payout:confirm', link ? sayW('claim_payout_confirm', { ...v, link }) : sayW('claim_payout_confirm_manual', v));
        await this.d.notifier.staff(supervisors, sayW(link ? 'payout_staff_confirm' : 'payout_staff_confirm_manual', v));
        break;
      }
      default:
        return; // NEW, ACCEPTED, PROCESSING, TRANSFERING, CANCELING: nothing to say yet
    }
    await this.d.store.update(p.claimId, (x) => (x.announced.includes(p.state) ? x : { ...x, announced: [...x.announced, p.state] }));
  }

  /** The job gave up without a known outcome: a person must check the bill; never re-pay blindly. */
  async stuck(p: Payout): Promise<void> {
    const v = { case: p.claimId, amount: yuanOf(p.amountFen), bill: p.outBillNo };
    const supervisors = this.d.directory?.supervisorsOnDuty() ?? [];
    if (p.state === 'WAIT_USER_CONFIRM') {
      // Known, not unknown: the customer has not confirmed through all the checks (≈ 31 h).
      this.d.logger.warn({ claim: p.claimId }, 'payout still awaits the customer’s confirmation after all checks; supervisors told');
      await this.d.notifier.staff(supervisors, sayW('payout_staff_unconfirmed', v));
      return;
    }
    this.d.logger.error({ claim: p.claimId, state: p.state, submits: p.submits }, 'payout outcome unknown after all retries; supervisors told');
    await this.d.notifier.staff(supervisors, sayW('payout_staff_stuck', v));
  }
}
