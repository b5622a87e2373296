// The sandbox console in headless Chromium (playwright-core, Debian's /usr/bin/chromium): a
// lost-parcel story played through the three panes — the customer asks, the bot opens a 网点核实
// and states its promise, the station's staff member clicks 已找到 on the task card, the customer
// hears the result; the clock moves forward and nothing is said twice. Leaves a screenshot in
// test-results/console.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, browserTitle, hasChromium } from '../helpers/browser.js';
import { startService, type TestService } from '../helpers/runtime.js';

const RESULTS = resolve('test-results');
// Generous: under `npm test` the whole suite shares the machine.
const UI_TIMEOUT = 15_000;
describe.skipIf(!hasChromium)(browserTitle('the sandbox console'), () => {
  let svc: TestService;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    svc = await startService();
    // A fresh --user-data-dir: playwright takes it as launchPersistentContext's first argument.
    profile = mkdtempSync(join(tmpdir(), 'kefu-console-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1680, height: 1000 }, locale: 'zh-CN' });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(UI_TIMEOUT);
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await svc?.stop();
  });

  it('plays a lost parcel through to the station’s answer and the customer’s follow-up', async () => {
    mkdirSync(RESULTS, { recursive: true });
    try {
      await story();
      await page.screenshot({ path: join(RESULTS, 'console.png') });
    } catch (err) {
      await page.screenshot({ path: join(RESULTS, 'console-failure.png') }).catch(() => {});
      throw err;
    }
  }, 60_000);

  async function story() {
    const started = svc.clock.now();
    await page.goto(`${svc.rt.baseUrl()}/console`);
    await page.locator('#customer-select option[value="o_demo_li"]').waitFor({ state: 'attached' });
    await page.selectOption('#customer-select', 'o_demo_li');
    await page.selectOption('#staff-select', 'wang_fang');
    await page.selectOption('#supervisor-select', 'li_na');
    await page.locator('#customer-info', { hasText: '138****0002' }).waitFor();

    // 李先生 types; his message shows on the right, the bot asks which of his parcels.
    const chat = page.getByTestId('customer-chat');
    const input = page.getByTestId('customer-input');
    await input.fill('快递一周没动静了是不是丢了');
    await input.press('Enter');
    await chat.getByTestId('msg-out').filter({ hasText: '快递一周没动静了是不是丢了' }).waitFor();
    await chat.getByTestId('msg-in').filter({ hasText: 'SF2000000000025' }).waitFor();

    // He picks the silent parcel from the world panel (it fills his input) and sends it.
    await page.getByTestId('parcels-panel').locator('[data-waybill="SF2000000000025"] button.link').click();
    expect(await input.inputValue()).toBe('SF2000000000025');
    await input.press('Enter');
    const promise = chat.getByTestId('msg-in').filter({ hasText: '核实单' });
    await promise.waitFor();
    expect(await promise.textContent()).toContain('2 小时内');

    // The case is listed with its promise and due time.
    const row = page.getByTestId('case-row').filter({ hasText: 'SF2000000000025' });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    for (const part of ['网点核实', '丢件', '待处理', '徐汇田林网点', '2 小时内网点核实', '今天 12:00 前']) expect(rowText).toContain(part);

    // The station's 王芳 has the 网点核实 card and clicks 已找到 (outcome `found`).
    const card = page.getByTestId('staff-chat').getByTestId('task-card').filter({ hasText: '网点核实 SF2000000000025' });
    await card.waitFor();
    await card.locator('button[data-key="found"]').click();
    await card.getByTestId('card-done').filter({ hasText: '已处理' }).waitFor();

    // The customer hears the station's answer; the case is resolved.
    const result = chat.getByTestId('msg-in').filter({ hasText: '网点核实结果' });
    await result.waitFor();
    expect(await result.textContent()).toContain('已找到');
    await page.locator('[data-testid="case-row"][data-status="resolved"]').filter({ hasText: 'SF2000000000025' }).waitFor();

    // Two hours later the promise check falls due: it finds the case answered and says nothing more.
    await page.getByTestId('advance-120').click();
    await page.locator('#toast.show').filter({ hasText: '时间已前进 2 小时' }).waitFor({ timeout: 25_000 }); // the route waits for the due jobs
    expect(svc.clock.now() - started).toBeGreaterThanOrEqual(2 * 3_600_000);
    await svc.settle();
    await page.waitForTimeout(1_500); // a poll or two
    expect(await result.count()).toBe(1);
    const told = svc.rt.sandbox!.outbox.list({ to: 'o_demo_li' }).filter((e) => e.text.includes('网点核实结果'));
    expect(told).toHaveLength(1);
    await page.locator('#toast.show').waitFor({ state: 'detached' }).catch(() => {});
  }
});
