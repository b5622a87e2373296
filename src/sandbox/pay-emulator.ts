// The WeChat Pay API paths the bot calls, served by the sandbox under /sandbox/wechatpay, so
// `config.pay.apiBase` is the only difference from production (PROTOCOL.md §7.1). Every answer is
// signed with the sandbox platform key like the real host's. Control routes for curl, the console
// and tests (sandbox only):
//   GET  /sandbox/wechatpay/bills                     → every bill, newest first
//   POST /sandbox/wechatpay/bills/:outBillNo/complete {result: success|fail} → finish and call back
//   POST /sandbox/wechatpay/fail {mode, …}            → the next transfer-bills call fails (PayFailure)
// and WeChat's in-app side of the 确认收款 page (pay-jsbridge.ts):
//   GET  /sandbox/wechatpay/jsbridge.js               → the page's `wx` and `WeixinJSBridge`
//   POST /sandbox/wechatpay/confirm                   → requestMerchantTransfer: checks wx.config, pays the bill
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { TRANSFER_BILLS_PATH } from '../payments/wire.js';
import { platformHeadersFor } from './pay-callbacks.js';
import type { PayPlatform } from './pay-platform.js';
import { payError, type PayAnswer } from './pay-rules.js';
import { Confirm, JSBRIDGE_SCRIPT, jsSdkSignatureOk } from './pay-jsbridge.js';

const Complete = z.strictObject({ result: z.enum(['success', 'fail']) });
const Failure = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('error'), status: z.number().int().min(400).max(599), code: z.string().min(1) }),
  z.strictObject({ mode: z.literal('accept-then-error'), status: z.number().int().min(400).max(599), code: z.string().min(1) }),
  z.strictObject({ mode: z.literal('accept-then-hang'), ms: z.number().int().min(1).max(60_000) }),
]);

const json = (body: unknown): unknown => {
  try {
    return typeof body === 'string' && body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
};

export interface PayEmulatorOptions {
  state: PayPlatform;
  /** The OA's current jsapi_ticket: wx.config on the confirm page must be signed with it. */
  jsapiTicket: () => string | undefined;
}

export const payEmulatorPlugin: FastifyPluginAsync<PayEmulatorOptions> = async function payEmulator(app, { state, jsapiTicket }) {
  // The merchant's signature covers the exact body bytes, so keep them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const prefix = app.prefix;
  const answer = (reply: FastifyReply, a: PayAnswer) => {
    const body = JSON.stringify(a.body);
    const signed = platformHeadersFor(state.o.platform, body, Math.floor(state.o.clock.now() / 1000));
    return reply.code(a.status).headers({ ...signed, 'content-type': 'application/json' }).send(body);
  };

  app.post(TRANSFER_BILLS_PATH, async (req, reply) => {
    const body = typeof req.body === 'string' ? req.body : '';
    const denied = state.checkAuth('POST', req.url.slice(prefix.length), body, req.headers.authorization);
    if (denied) return answer(reply, denied);
    const failure = state.takeFailure();
    if (failure?.mode === 'error') return answer(reply, payError(failure.status, failure.code, 'sandbox: injected failure'));
    const parsed = json(body);
    if (parsed === undefined) return answer(reply, payError(400, 'PARAM_ERROR', '请求体不是 JSON'));
    const created = state.createBill(parsed);
    if (failure?.mode === 'accept-then-error') return answer(reply, payError(failure.status, failure.code, 'sandbox: injected failure after accepting'));
    if (failure?.mode === 'accept-then-hang') await sleep(failure.ms);
    return answer(reply, created);
  });

  app.get<{ Params: { outBillNo: string } }>(`${TRANSFER_BILLS_PATH}/out-bill-no/:outBillNo`, async (req, reply) => {
    const denied = state.checkAuth('GET', req.url.slice(prefix.length), '', req.headers.authorization);
    if (denied) return answer(reply, denied);
    return answer(reply, state.queryBill(req.params.outBillNo));
  });

  app.get('/bills', async () => state.list());

  app.post<{ Params: { outBillNo: string } }>('/bills/:outBillNo/complete', async (req, reply) => {
    const b = Complete.safeParse(json(req.body));
    if (!b.success) return reply.code(400).send({ error: 'bad request', issues: b.error.issues });
    if (!state.bill(req.params.outBillNo)) return reply.code(404).send({ error: `no bill ${req.params.outBillNo}` });
    const { status, body } = await state.complete(req.params.outBillNo, b.data.result);
    return { webhook: { status, body } };
  });

  app.get('/jsbridge.js', async (_req, reply) => reply.type('application/javascript; charset=utf-8').send(JSBRIDGE_SCRIPT));

  app.post('/confirm', async (req, reply) => {
    const c = Confirm.safeParse(json(req.body));
    if (!c.success) return reply.code(400).send({ ok: false, error: 'bad request', issues: c.error.issues });
    if (!jsSdkSignatureOk(c.data, jsapiTicket())) {
      req.log.warn({ url: c.data.url }, 'sandbox jsbridge: wx.config signature invalid');
      return reply.code(200).send({ ok: false, error: 'config:invalid signature' });
    }
    const done = await state.confirmByPackage(c.data.package, c.data.mchId, c.data.appId);
    return done.ok ? { ok: true, outBillNo: done.outBillNo } : { ok: false, error: done.reason };
  });

  app.post('/fail', async (req, reply) => {
    const f = Failure.safeParse(json(req.body));
    if (!f.success) return reply.code(400).send({ error: 'bad request', issues: f.error.issues });
    state.failNext(f.data);
    return { ok: true };
  });
};
