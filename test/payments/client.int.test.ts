// The 商家转账 client against the sandbox emulator of a running service (real HTTP, real signatures).
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransferClient } from '../../src/payments/client.js';
import { RequestSigner } from '../../src/payments/signature.js';
import { PlatformVerifier } from '../../src/payments/verify.js';
import type { TransferBillRequest } from '../../src/payments/wire.js';
import type { PayPlatform } from '../../src/sandbox/pay-platform.js';
import { startService, type TestService } from '../helpers/runtime.js';
import { PUB_KEY_ID, merchantKey, platformKeys, strangerKey } from './pay-keys.js';

let svc: TestService;
let platform: PayPlatform;

function client(o: { key?: typeof merchantKey; timeoutMs?: number; trust?: ReadonlyMap<string, ReturnType<typeof createPublicKey>> } = {}) {
  const pay = svc.rt.config.pay;
  return new TransferClient({
    apiBase: () => `${svc.rt.baseUrl()}/sandbox/wechatpay`,
    signer: new RequestSigner({ appId: pay.appId, mchId: pay.mchId, serial: pay.serial, privateKey: o.key ?? merchantKey }),
    verifier: new PlatformVerifier({ keys: o.trust ?? platformKeys, clock: svc.clock, windowSeconds: 300 }),
    platformSerial: PUB_KEY_ID,
    clock: svc.clock,
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
  });
}

const bill = (outBillNo: string, amount = 15000): TransferBillRequest => ({
  appid: svc.rt.config.pay.appId,
  out_bill_no: outBillNo,
  transfer_scene_id: '1000',
  openid: 'o_client_1',
  transfer_amount: amount,
  transfer_remark: '快递理赔赔付',
  notify_url: `${svc.rt.baseUrl()}/wechatpay/notify`,
  transfer_scene_report_infos: [{ info_type: '活动名称', info_content: '快递理赔赔付' }],
});

beforeAll(async () => {
  svc = await startService();
  platform = svc.rt.sandbox!.pay!.platform;
});
afterAll(() => svc.stop());

describe('TransferClient against the sandbox', () => {
  it('creates a bill, and the same bill number again is idempotent: one bill, same transfer_bill_no', async () => {
    const first = await client().create(bill('CLIENT1'));
    const again = await client().create(bill('CLIENT1'));
    expect(first).toMatchObject({ out_bill_no: 'CLIENT1', state: 'ACCEPTED' });
    expect(again.transfer_bill_no).toBe(first.transfer_bill_no);
    expect(platform.bill('CLIENT1')).toMatchObject({ submissions: 2, amountFen: 15000 });
  });

  it('refuses the same bill number with another amount (never a second transfer)', async () => {
    await client().create(bill('CLIENT2'));
    await expect(client().create(bill('CLIENT2', 99_00))).rejects.toMatchObject({ code: 'PAY_API_ERROR', httpStatus: 400, wxCode: 'INVALID_REQUEST', retryable: false });
    expect(platform.bill('CLIENT2')?.amountFen).toBe(15000);
  });

  it('queries by out_bill_no; an unknown bill is null', async () => {
    await client().create(bill('CLIENT3'));
    expect(await client().query('CLIENT3')).toMatchObject({ out_bill_no: 'CLIENT3', state: 'ACCEPTED', transfer_amount: 15000 });
    expect(await client().query('NOSUCHBILL')).toBeNull();
  });

  it('a timeout leaves the outcome unknown; the query then shows the bill was accepted once', async () => {
    platform.failNext({ mode: 'accept-then-hang', ms: 600 });
    await expect(client({ timeoutMs: 150 }).create(bill('CLIENT4'))).rejects.toMatchObject({ code: 'PAY_UNREACHABLE', retryable: true });
    expect(await client().query('CLIENT4')).toMatchObject({ state: 'ACCEPTED' });
    expect(platform.bill('CLIENT4')?.submissions).toBe(1);
  });

  it('a 500 after accepting is retryable, and the query shows the bill', async () => {
    platform.failNext({ mode: 'accept-then-error', status: 500, code: 'SYSTEM_ERROR' });
    await expect(client().create(bill('CLIENT5'))).rejects.toMatchObject({ code: 'PAY_API_ERROR', httpStatus: 500, retryable: true });
    expect(await client().query('CLIENT5')).toMatchObject({ state: 'ACCEPTED' });
  });

  it('is refused with SIGN_ERROR when signed with another key', async () => {
    await expect(client({ key: strangerKey }).create(bill('CLIENT6'))).rejects.toMatchObject({ httpStatus: 401, wxCode: 'SIGN_ERROR', retryable: false });
    expect(platform.bill('CLIENT6')).toBeUndefined();
  });

  it('does not trust an answer signed by a key it does not know', async () => {
    const stranger = new Map([[PUB_KEY_ID, createPublicKey(strangerKey)]]);
    await expect(client({ trust: stranger }).query('CLIENT1')).rejects.toMatchObject({ code: 'PAY_UNREACHABLE', message: expect.stringContaining('not trusted') });
  });

  it('enforces the amount limits (0.1 元 minimum; 2000 元 needs user_name)', async () => {
    await expect(client().create(bill('CLIENT7', 9))).rejects.toMatchObject({ httpStatus: 400, wxCode: 'PARAM_ERROR' });
    await expect(client().create(bill('CLIENT8', 200_000))).rejects.toMatchObject({ httpStatus: 400, wxCode: 'PARAM_ERROR' });
  });
});
