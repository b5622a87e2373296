// The payout of one approved claim and its state machine. The WeChat Pay states are those of a
// 商家转账 bill (PROTOCOL.md §7.1): ACCEPTED, PROCESSING, WAIT_USER_CONFIRM, TRANSFERING, SUCCESS,
// FAIL, CANCELING, CANCELLED. Two are ours: NEW (recorded; not yet known to WeChat Pay — a submit
// may be in flight) and HELD (we will not transfer automatically; a supervisor pays by hand).
import { z } from 'zod';

export const WX_STATES = ['ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING', 'SUCCESS', 'FAIL', 'CANCELING', 'CANCELLED'] as const;
export const WxStateSchema = z.enum(WX_STATES);
export type WxState = z.infer<typeof WxStateSchema>;

export const PayoutStateSchema = z.enum(['NEW', 'HELD', ...WX_STATES]);
export type PayoutState = z.infer<typeof PayoutStateSchema>;

/** Why a payout is HELD. */
export type HoldReason = 'no_openid' | 'needs_user_name' | `refused:${string}`;

// Notifications and queries may arrive in any order, so a state only moves forward. WeChat Pay
// reports a bill's final state only once it is final, so SUCCESS, FAIL and CANCELLED end it.
const NEXT: Record<PayoutState, readonly PayoutState[]> = {
  NEW: [...WX_STATES, 'HELD'],
  HELD: [],
  ACCEPTED: ['PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING', 'SUCCESS', 'FAIL', 'CANCELING', 'CANCELLED'],
  PROCESSING: ['WAIT_USER_CONFIRM', 'TRANSFERING', 'SUCCESS', 'FAIL', 'CANCELING', 'CANCELLED'],
  WAIT_USER_CONFIRM: ['TRANSFERING', 'SUCCESS', 'FAIL', 'CANCELING', 'CANCELLED'],
  // 转账结果尚未明确: the user may be asked to confirm again.
  TRANSFERING: ['WAIT_USER_CONFIRM', 'SUCCESS', 'FAIL'],
  CANCELING: ['CANCELLED', 'SUCCESS', 'FAIL'],
  SUCCESS: [],
  FAIL: [],
  CANCELLED: [],
};

export const canAdvance = (from: PayoutState, to: PayoutState): boolean => NEXT[from].includes(to);

/** No further change will come (from WeChat Pay or from us). */
export const isFinal = (s: PayoutState): boolean => NEXT[s].length === 0;

/** Known to WeChat Pay and still moving: worth a reconciliation query later. */
export const isPending = (s: PayoutState): boolean => s !== 'NEW' && !isFinal(s);

export const PayoutSchema = z.object({
  claimId: z.string().min(1),
  /** The idempotent bill number: derived from the claim id and never replaced (PROTOCOL.md §7.1). */
  outBillNo: z.string().regex(/^[0-9A-Za-z]{1,32}$/),
  /** Integer fen, from the claim's `data.amountFen` (compensation policy) and nothing else. */
  amountFen: z.number().int().positive(),
  appId: z.string(),
  /** Official Account openid of the claimant; absent when the claimant has none (微信客服). */
  openid: z.string().min(1).optional(),
  state: PayoutStateSchema,
  holdReason: z.string().optional(),
  transferBillNo: z.string().optional(),
  failReason: z.string().optional(),
  /** For WAIT_USER_CONFIRM: what the confirmation page needs (`package_info`). */
  packageInfo: z.string().optional(),
  /** How many times a transfer-bills request was sent (or may have been). */
  submits: z.number().int().nonnegative(),
  /** Reconciliation queries scheduled so far. */
  checks: z.number().int().nonnegative(),
  /** States whose customer/supervisor message went out (each is said once). */
  announced: z.array(PayoutStateSchema),
  createdAt: z.number(),
  updatedAt: z.number(),
  history: z.array(z.object({ at: z.number(), state: PayoutStateSchema, source: z.string() })),
});
export type Payout = z.infer<typeof PayoutSchema>;

/** out_bill_no allows only letters and digits (pay-doc 发起转账), so C-7KQ2MX becomes C7KQ2MX. */
export const outBillNoOf = (claimId: string): string => claimId.replace(/[^0-9A-Za-z]/g, '');

/** The inverse for our claim ids (CASE_ID: one letter, '-', six characters). */
export const claimIdOf = (outBillNo: string): string | undefined => (/^C[2-9A-HJ-NP-Z]{6}$/.test(outBillNo) ? `C-${outBillNo.slice(1)}` : undefined);
