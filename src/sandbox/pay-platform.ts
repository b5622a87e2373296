// The emulated WeChat Pay 商家转账 (PROTOCOL.md §7.1): checks the merchant's request signature,
// accepts transfer bills (idempotent per out_bill_no), answers queries, and on complete() finishes
// a bill and POSTs the real signed, encrypted notification to the bill's notify_url. Bills are kept
// in memory in arrival order, so the runner and the console can read the newest payout.
import { randomInt, type KeyObject } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { parseAuthorization, requestMessage, verifyMessage } from '../payments/signature.js';
import type { WxState } from '../payments/states.js';
import { buildPayNotification, type BuiltNotification, type PlatformSigner } from './pay-callbacks.js';
import { checkTransferBill, createdBill, packageInfoOf, payError, queriedBill, sameBill, type PayAnswer } from './pay-rules.js';

export interface SandboxBill {
  outBillNo: string;
  transferBillNo: string;
  openid: string;
  amountFen: number;
  remark: string;
  sceneId: string;
  notifyUrl?: string;
  state: WxState;
  failReason?: string;
  createdAt: number;
  updatedAt: number;
  /** How many transfer-bills requests named this bill (1 = no re-submit). */
  submissions: number;
}

export interface Delivery {
  status: number;
  body: string;
  notification: BuiltNotification;
}

/** An injected failure of the next transfer-bills call: answer an error with or without creating the bill, or hang. */
export type PayFailure = { mode: 'error'; status: number; code: string } | { mode: 'accept-then-error'; status: number; code: string } | { mode: 'accept-then-hang'; ms: number };

export interface PayPlatformOptions {
  clock: Clock;
  mchId: string;
  appId: string;
  merchantSerial: string;
  merchantPublicKey: KeyObject;
  platform: PlatformSigner;
  apiV3Key: string;
  windowSeconds?: number;
  /** New bills wait for the user's confirmation (WAIT_USER_CONFIRM with package_info). */
  requireConfirm?: boolean;
}

export class PayPlatform {
  private readonly bills = new Map<string, SandboxBill>();
  private readonly failures: PayFailure[] = [];

  constructor(readonly o: PayPlatformOptions) {}

  /** null when the Authorization header is a valid merchant signature of this request. */
  checkAuth(method: 'GET' | 'POST', path: string, body: string, authorization: string | undefined): PayAnswer | null {
    const a = parseAuthorization(authorization ?? '');
    if (!a?.signature || !a.timestamp || !a.nonce_str) return payError(401, 'SIGN_ERROR', 'Authorization 格式错误');
    if (a.mchid !== this.o.mchId || a.serial_no !== this.o.merchantSerial) return payError(401, 'SIGN_ERROR', '商户号或证书序列号不匹配');
    if (Math.abs(Math.floor(this.o.clock.now() / 1000) - Number(a.timestamp)) > (this.o.windowSeconds ?? 300)) return payError(401, 'SIGN_ERROR', '请求时间戳已过期');
    const message = requestMessage({ method, path, body, timestamp: a.timestamp, nonce: a.nonce_str });
    return verifyMessage(this.o.merchantPublicKey, message, a.signature) ? null : payError(401, 'SIGN_ERROR', '签名错误');
  }

  /** From now on new bills wait for the user's confirmation (or stop waiting). */
  confirmMode(on: boolean): void {
    this.o.requireConfirm = on;
  }

  failNext(f: PayFailure): void {
    this.failures.push(f);
  }

  takeFailure(): PayFailure | undefined {
    return this.failures.shift();
  }

  createBill(raw: unknown): PayAnswer {
    const checked = checkTransferBill(raw, this.o.appId);
    if ('error' in checked) return checked.error;
    const b = checked.ok;
    const existing = this.bills.get(b.out_bill_no);
    if (existing) {
      if (!sameBill(b, existing)) return payError(400, 'INVALID_REQUEST', '商户单号重复，且请求参数与原单不一致');
      existing.submissions += 1;
      return { status: 200, body: createdBill(existing) };
    }
    const now = this.o.clock.now();
    const bill: SandboxBill = {
      outBillNo: b.out_bill_no,
      transferBillNo: `1330${String(now).slice(-10)}${String(randomInt(1e9, 1e10))}`,
      openid: b.openid,
      amountFen: b.transfer_amount,
      remark: b.transfer_remark,
      sceneId: b.transfer_scene_id,
      ...(b.notify_url ? { notifyUrl: b.notify_url } : {}),
      state: this.o.requireConfirm ? 'WAIT_USER_CONFIRM' : 'ACCEPTED',
      createdAt: now,
      updatedAt: now,
      submissions: 1,
    };
    this.bills.set(bill.outBillNo, bill);
    return { status: 200, body: createdBill(bill) };
  }

  queryBill(outBillNo: string): PayAnswer {
    const b = this.bills.get(outBillNo);
    return b ? { status: 200, body: queriedBill(b, this.o.mchId, this.o.appId) } : payError(404, 'NOT_FOUND', '记录不存在');
  }

  bill(outBillNo: string): SandboxBill | undefined {
    return this.bills.get(outBillNo);
  }

  /** Newest first. */
  list(): SandboxBill[] {
    return [...this.bills.values()].reverse();
  }

  newest(): SandboxBill | undefined {
    return this.list()[0];
  }

  /**
   * The payee confirmed on the 确认收款 page (requestMerchantTransfer): the bill named by its
   * package_info, waiting for confirmation, of this merchant and app, is paid out and called back.
   */
  async confirmByPackage(pkg: string, mchId: string, appId: string): Promise<{ ok: true; outBillNo: string } | { ok: false; reason: string }> {
    if (mchId !== this.o.mchId) return { ok: false, reason: '商户号错误' };
    if (appId !== this.o.appId) return { ok: false, reason: 'appid 与商户不匹配' };
    const b = [...this.bills.values()].find((x) => packageInfoOf(x) === pkg);
    if (!b) return { ok: false, reason: 'package 无效' };
    if (b.state !== 'WAIT_USER_CONFIRM') return { ok: false, reason: `转账单状态为 ${b.state}，无需确认` };
    await this.complete(b.outBillNo, 'success');
    return { ok: true, outBillNo: b.outBillNo };
  }

  /** Finishes the bill (the user confirmed and the money moved, or it failed) and calls back. */
  async complete(outBillNo: string, result: 'success' | 'fail'): Promise<Delivery> {
    const b = this.bills.get(outBillNo);
    if (!b) throw new Error(`no sandbox bill ${outBillNo}`);
    b.state = result === 'success' ? 'SUCCESS' : 'FAIL';
    if (result === 'fail') b.failReason = 'PAYEE_ACCOUNT_ABNORMAL';
    b.updatedAt = this.o.clock.now();
    return this.deliver(b, this.notification(b));
  }

  /** POSTs a notification to the bill's notify_url; posting the same one again is WeChat Pay's retry. */
  async deliver(b: SandboxBill, n: BuiltNotification): Promise<Delivery> {
    if (!b.notifyUrl) return { status: 0, body: 'the bill has no notify_url', notification: n };
    const res = await fetch(b.notifyUrl, { method: 'POST', headers: n.headers, body: n.body });
    return { status: res.status, body: await res.text(), notification: n };
  }

  /** The MCHTRANSFER.BILL.FINISHED notification of a bill, as WeChat Pay sends it. */
  notification(b: SandboxBill): BuiltNotification {
    return buildPayNotification({
      signer: this.o.platform,
      apiV3Key: this.o.apiV3Key,
      at: this.o.clock.now(),
      resource: {
        mchid: this.o.mchId,
        out_bill_no: b.outBillNo,
        transfer_bill_no: b.transferBillNo,
        state: b.state,
        transfer_amount: b.amountFen,
        openid: b.openid,
        ...(b.failReason ? { fail_reason: b.failReason } : {}),
        create_time: new Date(b.createdAt).toISOString(),
        update_time: new Date(b.updatedAt).toISOString(),
      },
    });
  }
}
