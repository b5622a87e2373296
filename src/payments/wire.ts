// The JSON of 商家转账 on the wire (PROTOCOL.md §7.1; pay-doc 发起转账, 商户单号查询转账单,
// 商家转账回调通知): request, answers, error bodies, the notification envelope and its resource.
import { z } from 'zod';
import { WxStateSchema } from './states.js';

export const TRANSFER_BILLS_PATH = '/v3/fund-app/mch-transfer/transfer-bills';
export const billQueryPath = (outBillNo: string) => `${TRANSFER_BILLS_PATH}/out-bill-no/${encodeURIComponent(outBillNo)}`;

/** 转账金额 >= 2,000元 needs the RSA-encrypted user_name (PROTOCOL.md §7.1), which we never send. */
export const USER_NAME_REQUIRED_FROM_FEN = 200_000;
/** The smallest single transfer (商家转账 rules: 0.1 元). */
export const MIN_TRANSFER_FEN = 10;
/** transfer_remark: at most 32 characters. */
export const REMARK_MAX = 32;

export interface TransferBillRequest {
  appid: string;
  out_bill_no: string;
  transfer_scene_id: string;
  openid: string;
  /** fen */
  transfer_amount: number;
  transfer_remark: string;
  notify_url?: string;
  user_recv_perception?: string;
  transfer_scene_report_infos: { info_type: string; info_content: string }[];
}

/** The answer of POST transfer-bills (and, with more fields, of the query). */
export const BillAnswer = z.looseObject({
  out_bill_no: z.string(),
  transfer_bill_no: z.string().optional(),
  state: WxStateSchema,
  create_time: z.string().optional(),
  update_time: z.string().optional(),
  transfer_amount: z.number().int().optional(),
  openid: z.string().optional(),
  fail_reason: z.string().optional(),
  package_info: z.string().optional(),
});
export type BillAnswer = z.infer<typeof BillAnswer>;

/** Every v3 error answer: non-2xx with `{code, message}`. */
export const ErrorBody = z.looseObject({ code: z.string(), message: z.string().optional() });

export const NotificationEnvelope = z.looseObject({
  id: z.string().min(1),
  create_time: z.string().optional(),
  event_type: z.string().min(1),
  resource_type: z.literal('encrypt-resource'),
  summary: z.string().optional(),
  resource: z.looseObject({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    ciphertext: z.string().min(1),
    associated_data: z.string().default(''),
    nonce: z.string().min(1),
    original_type: z.string().optional(),
  }),
});
export type NotificationEnvelope = z.infer<typeof NotificationEnvelope>;

/** MCHTRANSFER.BILL.FINISHED: sent once the bill is final (SUCCESS, FAIL, CANCELLED). */
export const TRANSFER_FINISHED = 'MCHTRANSFER.BILL.FINISHED';

/** The decrypted resource of a 商家转账 notification (original_type `mch_payment`). */
export const TransferNotice = z.looseObject({
  mchid: z.string().min(1),
  out_bill_no: z.string().min(1),
  transfer_bill_no: z.string().optional(),
  state: WxStateSchema,
  transfer_amount: z.number().int().nonnegative(),
  openid: z.string().optional(),
  fail_reason: z.string().optional(),
  create_time: z.string().optional(),
  update_time: z.string().optional(),
});
export type TransferNotice = z.infer<typeof TransferNotice>;
