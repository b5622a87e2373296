// The insights dashboard in headless Chromium (playwright-core, Debian's /usr/bin/chromium): a
// customer's 放丰巢没通知 complaint shows in the chart legend and the KPIs, and the drill-down
// lists the masked conversation with its case. Skipped when Chromium is not installed.
import { mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTitle, hasChromium, launchChromium } from '../helpers/browser.js';
import { startService, type TestService } from '../helpers/runtime.js';

describe.skipIf(!hasChromium)(browserTitle('the insights dashboard'), () => {
  let svc: TestService;
  let browser: Browser;

  beforeAll(async () => {
    svc = await startService();
    await svc.rt.sandbox!.phone.text('o_demo_chen', '没经过我同意就把快递放丰巢了，也没通知我，运单 SF2000000000012');
    await svc.settle();
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('shows the complaint on the overview and in the drill-down', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    page.setDefaultTimeout(15_000);
    await page.goto(`${svc.rt.baseUrl()}/admin/insights?days=7`);
    await page.locator('#kpis', { hasText: '咨询量' }).waitFor();
    await page.locator('figure svg', { hasText: '放丰巢没通知' }).first().waitFor();
    expect(await page.locator('figure svg polyline').count()).toBeGreaterThan(0);
    mkdirSync(resolve('test-results'), { recursive: true });
    await page.screenshot({ path: join(resolve('test-results'), 'insights-overview.png'), fullPage: true });
    await page.goto(`${svc.rt.baseUrl()}/admin/insights/hotspot?category=locker_notice&dim=community&value=${encodeURIComponent('张江花园')}`);
    const row = page.locator('#conversations tbody tr', { hasText: 'wechat:o_de***en' }).first();
    await row.waitFor();
    expect(await row.innerText()).toMatch(/V-[2-9A-HJ-NP-Z]{6}/);
    await page.screenshot({ path: join(resolve('test-results'), 'insights-hotspot.png'), fullPage: true });
  }, 60_000);
});
