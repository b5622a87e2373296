// Payouts of approved claims by 商家转账 (PROTOCOL.md §7.1), run from the `payout` BullMQ queue so
// retries are safe. The bill number is derived from the claim and never replaced; a request whose
// outcome is unknown (non-200, timeout, crash) is followed by a query by out_bill_no before anything
// is sent again. States arrive from the create answer, queries and notifications, in any order;
// each moves the payout forward only (states.ts), and the announcer says what it means once.
import type { Queue } from 'bullmq';
import { CourierError } from '../domain/errors.js';
import type { DueJobData } from '../jobs/queues.js';
import type { Clock } from '../lib/clock.js';
import { jobIdFor } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import type { Case, CaseStore } from '../workflows/cases.js';
import type { PayoutAnnouncer } from './announce.js';
import type { TransferClient } from './client.js';
import { PayApiError, isRetryablePayError } from './errors.js';
import { draftPayout, transferRequest } from './request.js';
import { canAdvance, claimIdOf, isPending, type Payout, type PayoutState } from './states.js';
import type { PayoutStore } from './store.js';
import type { BillAnswer, TransferNotice } from './wire.js';

export interface PayoutJobData extends DueJobData {
  claimId: string;
  step: 'submit' | 'check';
}

export interface PayoutsDeps {
  store: PayoutStore;
  client: TransferClient;
  queue: Queue;
  cases: CaseStore;
  announcer: PayoutAnnouncer;
  clock: Clock;
  logger: Logger;
  settings: { appId: string; mchId: string; transferSceneId: string; notifyUrl: () => string };
}

// Reconciliation queries while a bill is still moving: ≈31 h in all, past WeChat Pay's ≈24 h of
// notification retries (PROTOCOL.md §7.1).
const CHECK_DELAYS_MS = [30, 60, 120, 240, 480, 960].map((m) => m * 60_000);

type Update = Pick<BillAnswer, 'state' | 'transfer_bill_no' | 'fail_reason' | 'package_info' | 'transfer_amount' | 'out_bill_no'>;

export class Payouts {
  constructor(private readonly d: PayoutsDeps) {}

  /** The approval hook: one job per claim (job id from the claim), so a second approval adds nothing. */
  async request(c: Case): Promise<void> {
    if (c.type !== 'claim') return;
    const data: PayoutJobData = { claimId: c.id, step: 'submit' };
    await this.d.queue.add('submit', data, { jobId: jobIdFor('pay', c.id) });
  }

  /** The job. Throws on a retryable failure; BullMQ backs off and the next attempt queries first. */
  async process(job: PayoutJobData): Promise<PayoutState | 'none'> {
    let p = (await this.d.store.get(job.claimId)) ?? (await this.open(job.claimId));
    if (!p) return 'none';
    if (p.state === 'NEW') p = await this.submit(p);
    else if (job.step === 'check' && isPending(p.state)) p = await this.refresh(p);
    await this.d.announcer.announce(p);
    // A submit schedules the first check; each check schedules the next while the bill still moves.
    if (isPending(p.state) && (job.step === 'check' || p.checks === 0)) await this.scheduleCheck(p);
    return p.state;
  }

  /** A verified, decrypted MCHTRANSFER notification. Idempotent: the same one twice changes nothing. */
  async onNotice(n: TransferNotice): Promise<{ payout: Payout; changed: boolean }> {
    if (n.mchid !== this.d.settings.mchId) throw new CourierError('PAYOUT_MISMATCH', 'notification for another merchant');
    const claimId = claimIdOf(n.out_bill_no);
    const known = claimId ? await this.d.store.get(claimId) : null;
    if (!known) throw new CourierError('NOT_FOUND', `no payout with out_bill_no ${n.out_bill_no.slice(0, 32)}`);
    const out = await this.apply(known, n, 'notify');
    await this.d.announcer.announce(out.payout);
    return out;
  }

  /** The job gave up: say so to a person (the payout itself stays as it is). */
  async giveUp(claimId: string): Promise<void> {
    const p = await this.d.store.get(claimId);
    if (p && (p.state === 'NEW' || isPending(p.state))) await this.d.announcer.stuck(p);
  }

  private async open(claimId: string): Promise<Payout | null> {
    const c = await this.d.cases.get(claimId);
    try {
      if (!c) throw new CourierError('PAYOUT_INVALID', `claim ${claimId} does not exist`);
      const { payout, created } = await this.d.store.create(draftPayout(c, this.d.settings.appId, this.d.clock.now()));
      if (created) this.d.logger.info({ claim: claimId, amountFen: payout.amountFen, state: payout.state }, 'payout recorded');
      return payout;
    } catch (err) {
      if (!(err instanceof CourierError && err.code === 'PAYOUT_INVALID')) throw err;
      this.d.logger.warn({ claim: claimId, err: err.message }, 'no payout: the claim is not payable');
      return null;
    }
  }

  private async submit(p: Payout): Promise<Payout> {
    // An earlier request may have reached WeChat Pay: only a query tells (PROTOCOL.md §7.1).
    if (p.submits > 0) {
      const found = await this.d.client.query(p.outBillNo);
      if (found) return (await this.apply(p, found, 'query')).payout;
    }
    const { payout } = await this.d.store.update(p.claimId, (x) => (x.state === 'NEW' ? { ...x, submits: x.submits + 1, updatedAt: this.d.clock.now() } : x));
    if (payout.state !== 'NEW') return payout; // a notification got here first
    const { transferSceneId } = this.d.settings;
    try {
      const answer = await this.d.client.create(transferRequest(payout, { transferSceneId, notifyUrl: this.d.settings.notifyUrl() }));
      return (await this.apply(payout, answer, 'create')).payout;
    } catch (err) {
      if (isRetryablePayError(err)) {
        this.d.logger.warn({ claim: p.claimId, err: (err as Error).message }, 'transfer request outcome unknown; will query before retrying');
        throw err;
      }
      // Refused for good: confirm no bill exists, then a person takes over — never a new bill number.
      const found = await this.d.client.query(payout.outBillNo);
      if (found) return (await this.apply(payout, found, 'query')).payout;
      const code = err instanceof PayApiError ? err.wxCode : 'UNKNOWN';
      this.d.logger.error({ claim: p.claimId, code }, 'transfer request refused');
      return (await this.advance(payout.claimId, { state: 'HELD', holdReason: `refused:${code}` }, 'create')).payout;
    }
  }

  private async refresh(p: Payout): Promise<Payout> {
    const found = await this.d.client.query(p.outBillNo);
    if (!found) {
      this.d.logger.error({ claim: p.claimId, state: p.state }, 'WeChat Pay no longer knows a bill it accepted');
      return p;
    }
    return (await this.apply(p, found, 'query')).payout;
  }

  /** Checks the answer belongs to this payout, then moves the state forward if it may. */
  private async apply(p: Payout, u: Update, source: string): Promise<{ payout: Payout; changed: boolean }> {
    if (u.out_bill_no !== p.outBillNo || (u.transfer_amount !== undefined && u.transfer_amount !== p.amountFen)) {
      this.d.logger.error({ claim: p.claimId, source, amountFen: u.transfer_amount }, 'WeChat Pay reported a bill that does not match the payout');
      throw new CourierError('PAYOUT_MISMATCH', `bill ${u.out_bill_no.slice(0, 32)} does not match payout ${p.claimId}`);
    }
    const fields: Partial<Payout> = {
      state: u.state,
      ...(u.transfer_bill_no ? { transferBillNo: u.transfer_bill_no } : {}),
      ...(u.fail_reason ? { failReason: u.fail_reason } : {}),
      ...(u.package_info ? { packageInfo: u.package_info } : {}),
    };
    return this.advance(p.claimId, fields as Partial<Payout> & { state: PayoutState }, source);
  }

  private async advance(claimId: string, fields: Partial<Payout> & { state: PayoutState }, source: string) {
    const now = this.d.clock.now();
    const out = await this.d.store.update(claimId, (x) =>
      canAdvance(x.state, fields.state) ? { ...x, ...fields, updatedAt: now, history: [...x.history, { at: now, state: fields.state, source }] } : x,
    );
    if (out.changed) this.d.logger.info({ claim: claimId, state: out.payout.state, source }, 'payout state changed');
    return out;
  }

  private async scheduleCheck(p: Payout): Promise<void> {
    const delay = CHECK_DELAYS_MS[p.checks];
    if (delay === undefined) return this.d.announcer.stuck(p);
    const { payout, changed } = await this.d.store.update(p.claimId, (x) => (x.checks === p.checks ? { ...x, checks: x.checks + 1 } : x));
    if (!changed) return; // another run scheduled it
    const data: PayoutJobData = { claimId: p.claimId, step: 'check', dueAt: this.d.clock.now() + delay };
    await this.d.queue.add('check', data, { jobId: jobIdFor('pay', `${p.claimId}:check:${payout.checks}`), delay });
  }
}
