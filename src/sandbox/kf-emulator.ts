// The 微信客服 API paths the bot calls, served by the sandbox (registered under the prefix
// /sandbox/wecom-kf, so `config.kf.apiBase` is the only difference from production). Answers look
// like qyapi.weixin.qq.com's: HTTP 200 with `{errcode, errmsg, …}`. The rules live in KfPlatform.
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { KfPlatform } from './kf-platform.js';
import { kfError, type KfReply } from './kf-rules.js';

export interface KfEmulatorOptions {
  state: KfPlatform;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export const kfEmulatorPlugin: FastifyPluginAsync<KfEmulatorOptions> = async function kfEmulator(app, { state }) {
  // The platform answers a malformed request in errcode, never with a 4xx page.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if ((err.statusCode ?? 500) >= 500) {
      req.log.error({ err }, 'kf emulator failure');
      return reply.code(500).send(kfError(-1));
    }
    return reply.code(200).send(kfError(47001, err.code));
  });

  /** Injected failures and the access_token check come before each API's own rules. */
  const route =
    (api: string, handler: (body: Obj, query: Obj) => KfReply) =>
    async (req: FastifyRequest, _reply: FastifyReply): Promise<KfReply> => {
      const query = obj(req.query);
      const token = typeof query.access_token === 'string' ? query.access_token : undefined;
      const stop = state.preflight(api, token);
      if (stop) return kfError(stop);
      if (req.method === 'POST' && (req.body === undefined || req.body === null)) return kfError(47001, 'empty body');
      return handler(obj(req.body), query);
    };

  app.get('/cgi-bin/gettoken', route('gettoken', (_b, q) => state.tokens.issue(q)));
  app.post('/cgi-bin/kf/sync_msg', route('kf/sync_msg', (b) => state.syncMsg(b)));
  app.post('/cgi-bin/kf/send_msg', route('kf/send_msg', (b) => state.sendMsg(b)));
  app.post('/cgi-bin/kf/send_msg_on_event', route('kf/send_msg_on_event', (b) => state.sendMsgOnEvent(b)));
  app.post('/cgi-bin/kf/service_state/get', route('kf/service_state/get', (b) => state.serviceStateGet(b)));
  app.post('/cgi-bin/kf/service_state/trans', route('kf/service_state/trans', (b) => state.serviceStateTrans(b)));
  app.post('/cgi-bin/kf/customer/batchget', route('kf/customer/batchget', (b) => state.customerBatchGet(b)));
};
