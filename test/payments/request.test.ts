import { describe, expect, it } from 'vitest';
import { draftPayout, transferRequest } from '../../src/payments/request.js';
import { canAdvance, claimIdOf, isFinal, isPending, outBillNoOf } from '../../src/payments/states.js';
import type { Case } from '../../src/workflows/cases.js';

const claim = (over: Partial<Case> = {}): Case => ({
  id: 'C-7KQ2MX',
  type: 'claim',
  kind: 'damaged',
  waybill: 'SF1000000000141',
  status: 'approved',
  priority: 'normal',
  customers: [{ channel: 'wechat', id: 'o_pay_1', role: 'receiver' }],
  createdAt: 1,
  updatedAt: 1,
  evidence: [],
  timeline: [],
  data: { amountFen: 15000 },
  ...over,
});

describe('draftPayout', () => {
  it('pays the approved claim its policy amount in fen, to the claimant openid, under a bill number made of the claim id', () => {
    const p = draftPayout(claim(), 'wx5a4db0c0ffee0001', 5);
    expect(p).toMatchObject({ claimId: 'C-7KQ2MX', outBillNo: 'C7KQ2MX', amountFen: 15000, openid: 'o_pay_1', state: 'NEW', submits: 0 });
  });

  it.each([
    ['a claim that is not approved', claim({ status: 'under_review' })],
    ['an already paid claim', claim({ status: 'paid' })],
    ['another case type', claim({ type: 'urge' })],
    ['an amount that is not integer fen', claim({ data: { amountFen: 150.5 } })],
    ['an amount given as text', claim({ data: { amountFen: '15000' } })],
    ['no amount', claim({ data: { amount: 150 } })],
  ])('refuses %s with PAYOUT_INVALID', (_n, c) => {
    expect(() => draftPayout(c, 'wx', 5)).toThrow(expect.objectContaining({ code: 'PAYOUT_INVALID' }));
  });

  it('holds a 微信客服 claimant (no openid for this appid) for a supervisor', () => {
    const p = draftPayout(claim({ customers: [{ channel: 'wecom-kf', id: 'wmKfCustomer1', role: 'receiver' }] }), 'wx', 5);
    expect(p).toMatchObject({ state: 'HELD', holdReason: 'no_openid' });
    expect(p.openid).toBeUndefined();
  });

  it('pays the claimant only, never a customer who joined later', () => {
    const c = claim({ customers: [{ channel: 'wecom-kf', id: 'wmKf1', role: 'sender' }, { channel: 'wechat', id: 'o_other', role: 'receiver' }] });
    expect(draftPayout(c, 'wx', 5)).toMatchObject({ state: 'HELD', holdReason: 'no_openid' });
  });

  it('holds 2000 元 or more (user_name would be required) and less than 0.1 元', () => {
    expect(draftPayout(claim({ data: { amountFen: 200_000 } }), 'wx', 5)).toMatchObject({ state: 'HELD', holdReason: 'needs_user_name' });
    expect(draftPayout(claim({ data: { amountFen: 9 } }), 'wx', 5)).toMatchObject({ state: 'HELD' });
  });
});

describe('transferRequest', () => {
  it('builds the transfer-bills body with a remark of at most 32 characters', () => {
    const r = transferRequest(draftPayout(claim(), 'wx5a4db0c0ffee0001', 5), { transferSceneId: '1000', notifyUrl: 'https://x/wechatpay/notify' });
    expect(r).toMatchObject({ appid: 'wx5a4db0c0ffee0001', out_bill_no: 'C7KQ2MX', openid: 'o_pay_1', transfer_amount: 15000, transfer_scene_id: '1000', notify_url: 'https://x/wechatpay/notify' });
    expect([...r.transfer_remark].length).toBeLessThanOrEqual(32);
    expect(r.transfer_scene_report_infos.map((i) => i.info_type)).toEqual(['活动名称', '奖励说明']);
  });
});

describe('payout states', () => {
  it('moves forward only and ends at SUCCESS, FAIL, CANCELLED and HELD', () => {
    expect(canAdvance('NEW', 'ACCEPTED')).toBe(true);
    expect(canAdvance('ACCEPTED', 'SUCCESS')).toBe(true);
    expect(canAdvance('WAIT_USER_CONFIRM', 'ACCEPTED')).toBe(false);
    expect(canAdvance('SUCCESS', 'FAIL')).toBe(false);
    expect(canAdvance('SUCCESS', 'SUCCESS')).toBe(false);
    for (const s of ['SUCCESS', 'FAIL', 'CANCELLED', 'HELD'] as const) expect(isFinal(s)).toBe(true);
    expect(isPending('ACCEPTED')).toBe(true);
    expect(isPending('NEW')).toBe(false);
  });

  it('maps claim ids to letter-and-digit bill numbers and back', () => {
    expect(outBillNoOf('C-7KQ2MX')).toBe('C7KQ2MX');
    expect(claimIdOf('C7KQ2MX')).toBe('C-7KQ2MX');
    expect(claimIdOf('U7KQ2MX')).toBeUndefined();
    expect(claimIdOf('C7KQ2MX1')).toBeUndefined();
  });
});
