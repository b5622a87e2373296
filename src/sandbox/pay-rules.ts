// The rules the sandbox applies to a transfer-bills request, as WeChat Pay answers them
// (PROTOCOL.md §7.1; pay-doc 发起转账): `{code, message}` with HTTP 400 for a bad parameter.
import { z } from 'zod';
import { MIN_TRANSFER_FEN, REMARK_MAX, USER_NAME_REQUIRED_FROM_FEN, type TransferBillRequest } from '../payments/wire.js';
import type { SandboxBill } from './pay-platform.js';

export interface PayAnswer {
  status: number;
  body: Record<string, unknown>;
}

export const payError = (status: number, code: string, message: string): PayAnswer => ({ status, body: { code, message } });

const Body = z.object({
  appid: z.string().min(1),
  out_bill_no: z.string().regex(/^[0-9A-Za-z]{1,32}$/, '商户单号只能由数字、大小写字母组成'),
  transfer_scene_id: z.string().min(1).max(36),
  openid: z.string().min(1).max(64),
  user_name: z.string().optional(),
  transfer_amount: z.number().int(),
  transfer_remark: z.string().min(1),
  notify_url: z.string().url().max(256).optional(),
  user_recv_perception: z.string().optional(),
  transfer_scene_report_infos: z.array(z.object({ info_type: z.string().min(1), info_content: z.string().min(1) })).min(1, '需传入转账场景报备信息'),
});

/** The request, or the error WeChat Pay would answer. */
export function checkTransferBill(raw: unknown, appId: string): { ok: TransferBillRequest & { user_name?: string } } | { error: PayAnswer } {
  const p = Body.safeParse(raw);
  if (!p.success) {
    const i = p.error.issues[0];
    return { error: payError(400, 'PARAM_ERROR', `${i?.path.join('.') ?? 'body'}: ${i?.message ?? '参数错误'}`) };
  }
  const b = p.data;
  if (b.appid !== appId) return { error: payError(400, 'INVALID_REQUEST', 'appid与商户号不匹配') };
  if (b.transfer_amount < MIN_TRANSFER_FEN) return { error: payError(400, 'PARAM_ERROR', '转账金额不能低于0.1元') };
  if (b.transfer_amount >= USER_NAME_REQUIRED_FROM_FEN && !b.user_name) return { error: payError(400, 'PARAM_ERROR', '转账金额>=2000元时须填写收款用户姓名') };
  if ([...b.transfer_remark].length > REMARK_MAX) return { error: payError(400, 'PARAM_ERROR', '转账备注最多32个字符') };
  return { ok: b };
}

/** Resubmitting a bill number is idempotent only with the same content. */
export const sameBill = (a: { openid: string; transfer_amount: number }, b: { openid: string; amountFen: number }) => a.openid === b.openid && a.transfer_amount === b.amountFen;

const iso = (ms: number) => new Date(ms).toISOString();

/** The package_info of a bill waiting for its payee (the 确认收款 page hands it back). */
export const packageInfoOf = (b: SandboxBill): string => `sandbox_package_${b.transferBillNo}`;

/** The answer of transfer-bills: `{out_bill_no, transfer_bill_no, create_time, state, package_info?}`. */
export const createdBill = (b: SandboxBill): Record<string, unknown> => ({
  out_bill_no: b.outBillNo,
  transfer_bill_no: b.transferBillNo,
  create_time: iso(b.createdAt),
  state: b.state,
  ...(b.state === 'WAIT_USER_CONFIRM' ? { package_info: packageInfoOf(b) } : {}),
});

/** The answer of 商户单号查询转账单. */
export const queriedBill = (b: SandboxBill, mchId: string, appId: string): Record<string, unknown> => ({
  mch_id: mchId,
  appid: appId,
  out_bill_no: b.outBillNo,
  transfer_bill_no: b.transferBillNo,
  state: b.state,
  transfer_amount: b.amountFen,
  transfer_remark: b.remark,
  openid: b.openid,
  ...(b.failReason ? { fail_reason: b.failReason } : {}),
  create_time: iso(b.createdAt),
  update_time: iso(b.updatedAt),
});
