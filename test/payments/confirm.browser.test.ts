// The 确认收款 page in headless Chromium: the page's own script with the sandbox's stand-in for
// WeChat's browser (jsbridge.js) — wx.config, checkJsApi, requestMerchantTransfer — pays the bill.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTitle, hasChromium, launchChromium } from '../helpers/browser.js';
import { startService, type TestService } from '../helpers/runtime.js';

describe.skipIf(!hasChromium)(browserTitle('the 确认收款 page'), () => {
  let svc: TestService;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    svc = await startService();
    svc.rt.sandbox!.pay!.platform.confirmMode(true);
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'zh-CN' });
    page.setDefaultTimeout(15_000);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('confirms the payout with one tap and the customer hears 已到账 once', async () => {
    const rt = svc.rt;
    const customer = { channel: 'wechat' as const, id: 'o_browser_confirm', role: 'receiver' as const };
    const { case: c } = await rt.agent.cases.openOrJoin({ type: 'claim', kind: 'damaged', waybill: 'SF1000000077777', customer, status: 'under_review', data: { amountFen: 8800 }, actor: 'bot', ref: 't-browser' });
    await rt.pay!.payouts.request(await rt.agent.cases.transition(c.id, 'approved', 'policy', 'test'));
    await svc.settle();
    // The customer has not written in 48 h: the notice goes as a template message whose url is the link.
    const link = rt.sandbox!.outbox.list({ to: customer.id }).find((m) => m.url?.includes('/pay/confirm/'))?.url;
    expect(link).toBeDefined();

    await page.goto(link!);
    await expect.poll(() => page.locator('.amount').textContent()).toBe('¥88');
    const button = page.locator('#confirm');
    await expect.poll(() => button.isEnabled()).toBe(true); // wx.ready fired
    await button.click();
    await expect.poll(() => page.locator('#msg').textContent()).toContain('已提交确认');

    await svc.settle();
    expect((await rt.agent.cases.get(c.id))?.status).toBe('paid');
    expect(rt.sandbox!.outbox.list({ to: customer.id }).filter((m) => m.text.includes('已到账'))).toHaveLength(1);
    await page.reload();
    await expect.poll(() => page.locator('#msg').textContent()).toContain('已经到账');
  }, 60_000);
});
