// The Official Account API paths the bot calls, served by the sandbox (registered under the prefix
// /sandbox/oa, so `config.wechat.apiBase` is the only difference from production). Answers look
// like the real host's: HTTP 200 with `{errcode, errmsg}`, raw bytes for media/get, and a bare
// 64-bit `msgid`. The rules themselves live in OaPlatform (PROTOCOL.md §3).
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { OaPlatform } from './oa-platform.js';
import { oaError, type OaReply } from './oa-rules.js';
import type { TokenReply } from './oa-tokens.js';
import { registerMediaRoutes } from './media-routes.js';
import { guardWith, obj, queryOf, type Handler, type Obj } from './emulator-kit.js';

export interface OaEmulatorOptions {
  state: OaPlatform;
}


export const oaEmulatorPlugin: FastifyPluginAsync<OaEmulatorOptions> = async function oaEmulator(app, { state }) {
  await app.register(multipart, { limits: { fileSize: 20 << 20, files: 1, fields: 10 } });

  // The platform never answers a malformed request with a 4xx page; it says so in errcode.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'oa emulator failure');
      return reply.code(500).send(oaError(-1));
    }
    const errcode =
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 44002 : err.code === 'FST_REQ_FILE_TOO_LARGE' ? 40006 : 47001;
    return reply.code(200).send(oaError(errcode, err.message));
  });

  const guarded = guardWith(state, oaError);

  const json = (handler: (body: Obj) => OaReply | TokenReply): Handler => (req) =>
    req.body === undefined || req.body === null ? oaError(44002) : handler(obj(req.body));

  app.get('/cgi-bin/token', guarded('token', (req) => state.tokens.issue(queryOf(req))));
  app.post('/cgi-bin/stable_token', guarded('stable_token', json((b) => state.tokens.issueStable(b))));
  app.post('/cgi-bin/message/custom/send', guarded('message/custom/send', json((b) => state.sendCustom(b))));
  app.post('/cgi-bin/message/custom/typing', guarded('message/custom/typing', json((b) => state.typing(b))));
  app.post('/cgi-bin/menu/create', guarded('menu/create', json((b) => state.createMenu(b))));
  app.get('/cgi-bin/ticket/getticket', guarded('ticket/getticket', (req) => (queryOf(req).type === 'jsapi' ? state.jsapiTicket() : oaError(40097))));

  app.post(
    '/cgi-bin/message/template/send',
    guarded('message/template/send', (req, reply) => {
      const res = req.body ? state.sendTemplate(obj(req.body)) : oaError(44002);
      // msgid exceeds 2^53: write the digits as a bare JSON number, as the platform does.
      const text = JSON.stringify(res).replace(/"msgid":"(\d+)"/, '"msgid":$1');
      return reply.type('application/json; charset=utf-8').send(text);
    }),
  );

  registerMediaRoutes(app, { state, guarded, error: oaError, cdnPath: '/mmbiz' });
};
