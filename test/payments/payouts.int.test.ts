// Payouts of approved claims through the real service: the payout job, the sandbox WeChat Pay, the
// signed encrypted notification into /wechatpay/notify, the case store and the customer's outbox —
// and, for bills in WAIT_USER_CONFIRM, the 确认收款 link, page and the sandbox's WeChat browser.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encryptResource } from '../../src/payments/aead.js';
import { buildPayNotification, notificationBody, platformHeadersFor } from '../../src/sandbox/pay-callbacks.js';
import type { PayPlatform } from '../../src/sandbox/pay-platform.js';
import type { Runtime } from '../../src/runtime.js';
import type { CaseCustomer } from '../../src/workflows/cases.js';
import { confirmConfigOf } from '../helpers/confirm-page.js';
import { startService, type TestService } from '../helpers/runtime.js';
import { API_V3_KEY, PUB_KEY_ID, platformPrivateKey } from './pay-keys.js';

let svc: TestService;
let rt: Runtime;
let platform: PayPlatform;
let seq = 0;

beforeEach(async () => {
  svc = await startService();
  rt = svc.rt;
  platform = rt.sandbox!.pay!.platform;
});
afterEach(() => svc.stop());

const wechat = (id = `o_pay_${++seq}`): CaseCustomer => ({ channel: 'wechat', id, role: 'receiver' });

/** An approved claim (as the policy or the review card leaves it), then the approval hook. */
async function approve(customer: CaseCustomer, amountFen = 15000) {
  const waybill = `SF10000000${String(90000 + ++seq)}`;
  const { case: c } = await rt.agent.cases.openOrJoin({ type: 'claim', kind: 'damaged', waybill, customer, status: 'under_review', data: { amountFen }, actor: 'bot', ref: `t-${waybill}` });
  const approved = await rt.agent.cases.transition(c.id, 'approved', 'policy', 'test');
  await rt.pay!.payouts.request(approved);
  await svc.settle();
  return approved;
}

const said = (to: string, text: string) => rt.sandbox!.outbox.list({ to }).filter((m) => m.text.includes(text));
const payoutOf = (claimId: string) => rt.pay!.store.get(claimId);
const notify = (n: { headers: Record<string, string>; body: string }) => rt.app.inject({ method: 'POST', url: '/wechatpay/notify', headers: n.headers, payload: n.body });

describe('payouts', () => {
  it('transfers the policy amount, marks the claim paid on SUCCESS and tells the customer 已到账 once', async () => {
    const cu = wechat();
    const c = await approve(cu);
    expect(await payoutOf(c.id)).toMatchObject({ state: 'ACCEPTED', amountFen: 15000, outBillNo: c.id.replace('-', '') });
    expect(platform.newest()).toMatchObject({ outBillNo: c.id.replace('-', ''), amountFen: 15000, openid: cu.id });

    const first = await platform.complete(c.id.replace('-', ''), 'success');
    expect(first.status).toBe(200);
    expect(first.body).toBe('');
    await svc.settle();
    expect((await rt.agent.cases.get(c.id))?.status).toBe('paid');
    expect(said(cu.id, '已到账')).toHaveLength(1);

    // WeChat Pay delivers the same notification again: 200, and nothing changes.
    const before = await payoutOf(c.id);
    const again = await platform.deliver(platform.bill(c.id.replace('-', ''))!, first.notification);
    await svc.settle();
    expect(again.status).toBe(200);
    expect(await payoutOf(c.id)).toEqual(before);
    expect(said(cu.id, '已到账')).toHaveLength(1);
    expect((await rt.agent.cases.get(c.id))?.timeline.filter((e) => e.action === 'status:paid')).toHaveLength(1);
  });

  it('a second approval hook makes no second payout', async () => {
    const c = await approve(wechat());
    await rt.pay!.payouts.request(c);
    await svc.settle();
    expect(platform.list().filter((b) => b.outBillNo === c.id.replace('-', ''))).toHaveLength(1);
    expect(platform.bill(c.id.replace('-', ''))?.submissions).toBe(1);
  });

  it('after a 500 that was in fact accepted, the retry queries first and sends nothing again', async () => {
    platform.failNext({ mode: 'accept-then-error', status: 500, code: 'SYSTEM_ERROR' });
    const c = await approve(wechat());
    expect(await payoutOf(c.id)).toMatchObject({ state: 'ACCEPTED', submits: 1 });
    expect(platform.bill(c.id.replace('-', ''))?.submissions).toBe(1);
  });

  it('after a failure that created nothing, the query proves it and the same bill number is sent again', async () => {
    platform.failNext({ mode: 'error', status: 503, code: 'SYSTEM_ERROR' });
    const c = await approve(wechat());
    expect(await payoutOf(c.id)).toMatchObject({ state: 'ACCEPTED', submits: 2, outBillNo: c.id.replace('-', '') });
    expect(platform.list()).toHaveLength(1);
  });

  it('a permanent refusal holds the payout for a supervisor and tells the customer honestly', async () => {
    platform.failNext({ mode: 'error', status: 400, code: 'PARAM_ERROR' });
    const cu = wechat();
    const c = await approve(cu);
    expect(await payoutOf(c.id)).toMatchObject({ state: 'HELD', holdReason: 'refused:PARAM_ERROR' });
    expect(said(cu.id, '人工发放')).toHaveLength(1);
    expect(rt.sandbox!.outbox.list({ channel: 'wecom' }).some((m) => m.text.includes('未能自动转账') && m.text.includes(c.id))).toBe(true);
  });

  it('a 微信客服 claimant has no openid for the appid: held, logged, the customer told on 微信客服', async () => {
    const cu: CaseCustomer = { channel: 'wecom-kf', id: 'wmPayKfCustomer01', role: 'receiver' };
    // 微信客服 only delivers within 48 h of the customer's own message (PROTOCOL.md §5.3).
    expect((await rt.sandbox!.kf.customer.text(cu.id, '你好')).status).toBe(200);
    await svc.settle();
    const c = await approve(cu);
    expect(await payoutOf(c.id)).toMatchObject({ state: 'HELD', holdReason: 'no_openid' });
    expect(platform.list()).toHaveLength(0);
    expect(said(cu.id, '人工发放')).toHaveLength(1);
  });

  it('refuses a signed notification with a tampered GCM tag and changes nothing', async () => {
    const cu = wechat();
    const c = await approve(cu);
    const no = c.id.replace('-', '');
    const r = encryptResource(JSON.stringify({ mchid: rt.config.pay.mchId, out_bill_no: no, state: 'SUCCESS', transfer_amount: 15000 }), API_V3_KEY, 'mch_payment');
    const raw = Buffer.from(r.ciphertext, 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 0xff;
    const body = notificationBody({ ...r, ciphertext: raw.toString('base64') }, { at: svc.clock.now() });
    const res = await notify({ body, headers: { 'content-type': 'application/json', ...platformHeadersFor({ key: platformPrivateKey, keyId: PUB_KEY_ID }, body, Math.floor(svc.clock.now() / 1000)) } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'FAIL', message: 'DECRYPT_FAILED' });
    expect((await payoutOf(c.id))?.state).toBe('ACCEPTED');
    expect((await rt.agent.cases.get(c.id))?.status).toBe('approved');
    expect(said(cu.id, '已到账')).toHaveLength(0);
  });

  it('refuses a genuine notification whose amount differs from the payout', async () => {
    const c = await approve(wechat());
    const n = buildPayNotification({
      signer: { key: platformPrivateKey, keyId: PUB_KEY_ID },
      apiV3Key: API_V3_KEY,
      at: svc.clock.now(),
      resource: { mchid: rt.config.pay.mchId, out_bill_no: c.id.replace('-', ''), state: 'SUCCESS', transfer_amount: 1 },
    });
    const res = await notify(n);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'FAIL', message: 'PAYOUT_MISMATCH' });
    expect((await payoutOf(c.id))?.state).toBe('ACCEPTED');
  });

  it('on FAIL the claim stays approved, the customer and the supervisors are told', async () => {
    const cu = wechat();
    const c = await approve(cu);
    expect((await platform.complete(c.id.replace('-', ''), 'fail')).status).toBe(200);
    await svc.settle();
    expect(await payoutOf(c.id)).toMatchObject({ state: 'FAIL', failReason: 'PAYEE_ACCOUNT_ABNORMAL' });
    expect((await rt.agent.cases.get(c.id))?.status).toBe('approved');
    expect(said(cu.id, '没有成功')).toHaveLength(1);
    expect(rt.sandbox!.outbox.list({ channel: 'wecom' }).some((m) => m.text.includes('转账失败'))).toBe(true);
  });

  it('a bill waiting for the user to confirm is said once to the customer and the supervisors, then paid', async () => {
    platform.confirmMode(true);
    const cu = wechat();
    const c = await approve(cu);
    expect(await payoutOf(c.id)).toMatchObject({ state: 'WAIT_USER_CONFIRM', packageInfo: expect.stringMatching(/^sandbox_package_/) });
    expect(said(cu.id, '确认收款')).toHaveLength(1);
    expect(rt.sandbox!.outbox.list({ channel: 'wecom' }).some((m) => m.text.includes('等待客户确认收款'))).toBe(true);
    await platform.complete(c.id.replace('-', ''), 'success');
    await svc.settle();
    expect((await rt.agent.cases.get(c.id))?.status).toBe('paid');
    expect(said(cu.id, '确认收款')).toHaveLength(1);
  });

  it('without a notification, the reconciliation query finds the result', async () => {
    const cu = wechat();
    const c = await approve(cu);
    platform.bill(c.id.replace('-', ''))!.state = 'SUCCESS'; // finished, but the notification was lost
    svc.clock.advance(31 * 60_000);
    await svc.settle();
    expect(await payoutOf(c.id)).toMatchObject({ state: 'SUCCESS', checks: 1 });
    expect((await rt.agent.cases.get(c.id))?.status).toBe('paid');
    expect(said(cu.id, '已到账')).toHaveLength(1);
  });

  it('pays nothing for a claim that is not approved', async () => {
    const { case: c } = await rt.agent.cases.openOrJoin({ type: 'claim', kind: 'lost', waybill: 'SF1000000099999', customer: wechat(), status: 'under_review', data: { amountFen: 15000 }, actor: 'bot' });
    await rt.pay!.payouts.request(c);
    await svc.settle();
    expect(await payoutOf(c.id)).toBeNull();
    expect(platform.list()).toHaveLength(0);
  });
});

const linkIn = (text: string) => /(https?:\/\/\S+\/pay\/confirm\/[A-Za-z0-9_.-]+)/.exec(text)?.[1];
/** Inside the service window the link is in the 客服消息; outside it, the template message's url. */
const linkOf = (m?: { text: string; url?: string }) => m?.url ?? linkIn(m?.text ?? '');

/** What the sandbox's jsbridge.js posts when the customer taps 确认收款. */
async function tapConfirm(link: string, tamper?: (cfg: Record<string, string | number>) => void) {
  const page = await rt.app.inject(new URL(link).pathname);
  const cfg = confirmConfigOf(page.body);
  tamper?.(cfg);
  const res = await rt.app.inject({
    method: 'POST',
    url: '/sandbox/wechatpay/confirm',
    payload: { mchId: cfg.mchId, appId: cfg.appId, package: cfg.package, url: link, config: { appId: cfg.appId, timestamp: cfg.timestamp, nonceStr: cfg.nonceStr, signature: cfg.signature, jsApiList: ['requestMerchantTransfer'] } },
  });
  await svc.settle();
  return res.json() as { ok: boolean; error?: string };
}

describe('确认收款 (商家转账 user confirmation)', () => {
  beforeEach(() => platform.confirmMode(true));

  it('sends the customer a link; confirming on the page pays the claim and says 已到账 once', async () => {
    const cu = wechat();
    const c = await approve(cu);
    const [msg] = said(cu.id, '确认收款');
    const link = linkOf(msg);
    expect(link, msg?.text).toBeDefined();
    expect(rt.sandbox!.outbox.list({ channel: 'wecom' }).some((m) => m.text.includes('确认链接已发给客户'))).toBe(true);

    expect(await tapConfirm(link!)).toEqual({ ok: true, outBillNo: c.id.replace('-', '') });
    expect((await rt.agent.cases.get(c.id))?.status).toBe('paid');
    expect(said(cu.id, '已到账')).toHaveLength(1);

    const after = await rt.app.inject(new URL(link!).pathname);
    expect(after.body).toContain('已经到账');
    expect(await tapConfirm(link!).catch(() => ({ ok: false }))).toMatchObject({ ok: false });
    expect(said(cu.id, '已到账')).toHaveLength(1);
  });

  it('a page whose wx.config signature is wrong confirms nothing', async () => {
    const cu = wechat();
    const c = await approve(cu);
    const link = linkOf(said(cu.id, '确认收款')[0])!;
    const res = await tapConfirm(link, (cfg) => {
      cfg.signature = '0'.repeat(40);
    });
    expect(res).toMatchObject({ ok: false, error: 'config:invalid signature' });
    expect(platform.bill(c.id.replace('-', ''))?.state).toBe('WAIT_USER_CONFIRM');
    expect((await rt.agent.cases.get(c.id))?.status).toBe('approved');
  });

  it('only the payee gets the link: another party of the claim can not confirm, and is not asked to', async () => {
    const payee = wechat();
    const other = wechat();
    const waybill = `SF10000000${String(70000 + ++seq)}`;
    const { case: c } = await rt.agent.cases.openOrJoin({ type: 'claim', kind: 'damaged', waybill, customer: payee, status: 'under_review', data: { amountFen: 15000 }, actor: 'bot', ref: `t-${waybill}` });
    await rt.agent.cases.openOrJoin({ type: 'claim', kind: 'damaged', waybill, customer: { ...other, role: 'sender' }, status: 'under_review', data: {}, actor: 'bot', ref: `t2-${waybill}` });
    expect((await rt.agent.cases.get(c.id))?.customers.map((x) => x.id)).toEqual([payee.id, other.id]);
    await rt.pay!.payouts.request(await rt.agent.cases.transition(c.id, 'approved', 'policy', 'test'));
    await svc.settle();
    expect(linkOf(said(payee.id, '确认收款')[0])).toBeDefined();
    expect(said(other.id, '确认收款')).toHaveLength(0);
    await rt.sandbox!.phone.text(other.id, '理赔进度');
    await svc.settle();
    expect(said(other.id, '等您确认收款')).toHaveLength(0);
  });

  it('a bill never confirmed is brought back to the supervisors after the last check, as their notice promised', async () => {
    const cu = wechat();
    const c = await approve(cu);
    const staff = (text: string) => rt.sandbox!.outbox.list({ channel: 'wecom' }).filter((m) => m.text.includes(text) && m.text.includes(c.id));
    const supervisors = staff('一直未确认时系统会再提醒您').length; // one notice per supervisor on duty
    expect(supervisors).toBeGreaterThan(0);
    for (let i = 0; i < 7; i++) {
      svc.clock.advance(16 * 3600_000);
      await svc.settle();
    }
    expect(platform.bill(c.id.replace('-', ''))?.state).toBe('WAIT_USER_CONFIRM');
    expect(staff('客户一直未确认收款')).toHaveLength(supervisors);
    expect(staff('转账结果暂未确认')).toHaveLength(0);
  });

  it('理赔进度 while the bill waits gives a fresh link (the first may have expired)', async () => {
    const cu = wechat();
    await approve(cu);
    svc.clock.advance(25 * 3600_000);
    const first = linkOf(said(cu.id, '确认收款')[0])!;
    expect((await rt.app.inject(new URL(first).pathname)).statusCode).toBe(410);

    await rt.sandbox!.phone.text(cu.id, '理赔进度');
    await svc.settle();
    const reply = said(cu.id, '等您确认收款').at(-1);
    const fresh = linkIn(reply?.text ?? '');
    expect(fresh, reply?.text).toBeDefined();
    expect((await rt.app.inject(new URL(fresh!).pathname)).statusCode).toBe(200);
  });
});
