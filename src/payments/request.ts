// What a claim's payout is, decided from the case alone: only an approved claim is paid, the amount
// is the compensation policy's `data.amountFen` (integer fen) and nothing else, and the payee is
// the claimant's Official Account openid. Anything we may not transfer automatically is HELD for a
// supervisor rather than guessed (DESIGN.md "Money and obligations wait for a human").
import { CourierError } from '../domain/errors.js';
import type { Case } from '../workflows/cases.js';
import { outBillNoOf, type HoldReason, type Payout } from './states.js';
import { MIN_TRANSFER_FEN, REMARK_MAX, USER_NAME_REQUIRED_FROM_FEN, type TransferBillRequest } from './wire.js';

/** The payout to record for an approved claim; PAYOUT_INVALID when the case must not be paid. */
export function draftPayout(c: Case, appId: string, now: number): Payout {
  if (c.type !== 'claim') throw new CourierError('PAYOUT_INVALID', `${c.id} is not a claim`);
  if (c.status !== 'approved') throw new CourierError('PAYOUT_INVALID', `claim ${c.id} is ${c.status}, not approved`);
  const amountFen = c.data.amountFen;
  if (typeof amountFen !== 'number' || !Number.isInteger(amountFen) || amountFen <= 0) {
    throw new CourierError('PAYOUT_INVALID', `claim ${c.id} has no positive integer amountFen`);
  }
  // The claimant is the case's first customer; an openid of the Official Account is only there on
  // the `wechat` channel (a 微信客服 external_userid is no openid for this appid).
  const claimant = c.customers[0];
  const openid = claimant?.channel === 'wechat' ? claimant.id : undefined;
  const hold: HoldReason | undefined = !openid ? 'no_openid' : amountFen >= USER_NAME_REQUIRED_FROM_FEN ? 'needs_user_name' : amountFen < MIN_TRANSFER_FEN ? 'refused:BELOW_MINIMUM' : undefined;
  return {
    claimId: c.id,
    outBillNo: outBillNoOf(c.id),
    amountFen,
    appId,
    ...(openid ? { openid } : {}),
    state: hold ? 'HELD' : 'NEW',
    ...(hold ? { holdReason: hold } : {}),
    submits: 0,
    checks: 0,
    announced: [],
    createdAt: now,
    updatedAt: now,
    history: [{ at: now, state: hold ? 'HELD' : 'NEW', source: 'approved' }],
  };
}

export interface TransferSettings {
  transferSceneId: string;
  notifyUrl: string;
}

/** The transfer-bills body (PROTOCOL.md §7.1). Report infos are those of scene 1000 (现金营销). */
export function transferRequest(p: Payout, s: TransferSettings): TransferBillRequest {
  if (!p.openid) throw new CourierError('PAYOUT_INVALID', `payout ${p.claimId} has no openid`);
  return {
    appid: p.appId,
    out_bill_no: p.outBillNo,
    transfer_scene_id: s.transferSceneId,
    openid: p.openid,
    transfer_amount: p.amountFen,
    transfer_remark: `快递理赔赔付 理赔单${p.claimId}`.slice(0, REMARK_MAX),
    notify_url: s.notifyUrl,
    transfer_scene_report_infos: [
      { info_type: '活动名称', info_content: '快递理赔赔付' },
      { info_type: '奖励说明', info_content: `理赔单${p.claimId}赔付` },
    ],
  };
}
