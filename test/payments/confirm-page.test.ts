// The 确认收款 page on its own: production wiring (the official JS-SDK, wx.config signed per JS-SDK
// 附录1) with a scripted payout store and ticket.
import Fastify from 'fastify';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { ConfirmLinks } from '../../src/payments/confirm-link.js';
import { JSSDK_URL, confirmPagePlugin } from '../../src/payments/confirm-page.js';
import type { Payout } from '../../src/payments/states.js';
import type { PayoutStore } from '../../src/payments/store.js';
import { confirmConfigOf } from '../helpers/confirm-page.js';

/** The jsapi_ticket of the official JS-SDK example (附录1). */
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
const links = new ConfirmLinks('k'.repeat(32));
const payout = (over: Partial<Payout> = {}): Payout => ({
  claimId: 'C-7KQ2MX', outBillNo: 'C7KQ2MX', amountFen: 15000, appId: 'wx0123456789abcdef', openid: 'o_secret_openid', state: 'WAIT_USER_CONFIRM',
  packageInfo: 'ABBQO+oYAAAB<script>', submits: 1, checks: 0, announced: [], createdAt: 0, updatedAt: 0, history: [], ...over,
});

async function page(p: Payout | null, ticket: () => Promise<string> = async () => TICKET) {
  const app = Fastify();
  const store = { get: async () => p } as unknown as PayoutStore;
  await app.register(confirmPagePlugin, {
    links, store, appId: 'wx0123456789abcdef', mchId: '1230000109', jsapiTicket: ticket, publicBase: () => 'https://kefu.example.com',
    sdkUrl: JSSDK_URL, clock, logger: createLogger('silent'),
  });
  return app;
}

describe('the 确认收款 page', () => {
  it('loads the official JS-SDK and signs wx.config for its own public URL with the jsapi_ticket', async () => {
    const app = await page(payout());
    const url = `/pay/confirm/${links.token('C-7KQ2MX', clock.now())}`;
    const res = await app.inject(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain(`<script src="${JSSDK_URL}"></script>`);
    expect(res.body).toContain('¥150<');
    const cfg = confirmConfigOf(res.body);
    const expected = createHash('sha1')
      .update(`jsapi_ticket=${TICKET}&noncestr=${cfg.nonceStr}&timestamp=${cfg.timestamp}&url=https://kefu.example.com${url}`)
      .digest('hex');
    expect(cfg).toMatchObject({ appId: 'wx0123456789abcdef', mchId: '1230000109', package: 'ABBQO+oYAAAB<script>', signature: expected });
  });

  it('shows neither the openid nor anything that could close its script tag', async () => {
    const res = await (await page(payout())).inject(`/pay/confirm/${links.token('C-7KQ2MX', clock.now())}`);
    expect(res.body).not.toContain('o_secret_openid');
    expect(res.body).not.toContain('AAAB<script>');
  });

  it('says the money has arrived, with no button, once the payout succeeded', async () => {
    const res = await (await page(payout({ state: 'SUCCESS' }))).inject(`/pay/confirm/${links.token('C-7KQ2MX', clock.now())}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('已经到账');
    expect(res.body).not.toContain('<button');
  });

  it('refuses a forged link (403), an expired one (410) and an unknown claim (404) with a page, not an error', async () => {
    const app = await page(null);
    const forged = await app.inject(`/pay/confirm/${links.token('C-7KQ2MX', clock.now()).slice(0, -2)}xx`);
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('链接无效');
    const old = links.token('C-7KQ2MX', clock.now() - 25 * 3600_000);
    expect((await app.inject(`/pay/confirm/${old}`)).statusCode).toBe(410);
    expect((await app.inject(`/pay/confirm/${links.token('C-NONE00', clock.now())}`)).statusCode).toBe(404);
  });

  it('answers 503 with a page when the jsapi_ticket cannot be had', async () => {
    const app = await page(payout(), async () => {
      throw new Error('platform unreachable');
    });
    const res = await app.inject(`/pay/confirm/${links.token('C-7KQ2MX', clock.now())}`);
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('系统繁忙');
  });
});

describe('the JS-SDK signature', () => {
  it('matches the official example of 附录1', () => {
    const s = createHash('sha1')
      .update(`jsapi_ticket=${TICKET}&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value`)
      .digest('hex');
    expect(s).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });
});
