// The WeCom API paths the bot calls, served by the sandbox under the prefix /sandbox/wecom, so
// `config.wecom.apiBase` is the only difference from production. Answers look like the real host's:
// HTTP 200 with `{errcode, errmsg}`, raw bytes for media/get. The rules live in WecomPlatform.
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { WecomPlatform } from './wecom-platform.js';
import { wecomError, type WecomReply } from './wecom-tokens.js';
import { registerMediaRoutes } from './media-routes.js';
import { guardWith, obj, queryOf, type Handler, type Obj } from './emulator-kit.js';

export interface WecomEmulatorOptions {
  state: WecomPlatform;
}


export const wecomEmulatorPlugin: FastifyPluginAsync<WecomEmulatorOptions> = async function wecomEmulator(app, { state }) {
  await app.register(multipart, { limits: { fileSize: 20 << 20, files: 1, fields: 10 } });

  // The platform answers a malformed request in errcode, never with a 4xx page.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if ((err.statusCode ?? 500) >= 500) {
      req.log.error({ err }, 'wecom emulator failure');
      return reply.code(500).send(wecomError(-1));
    }
    return reply.code(200).send(wecomError(40058, err.message));
  });

  const guarded = guardWith(state, wecomError);

  const json = (handler: (body: Obj, req: FastifyRequest) => WecomReply): Handler => (req) =>
    req.body === undefined || req.body === null ? wecomError(40058, 'empty body') : handler(obj(req.body), req);

  app.get('/cgi-bin/gettoken', guarded('gettoken', (req) => state.tokens.issue(queryOf(req))));
  app.post('/cgi-bin/message/send', guarded('message/send', json((b) => state.sendMessage(b))));
  app.post('/cgi-bin/message/update_template_card', guarded('message/update_template_card', json((b) => state.updateTemplateCard(b))));
  app.post(
    '/cgi-bin/webhook/send',
    guarded('webhook/send', json((b, req) => state.robotSend(typeof queryOf(req).key === 'string' ? String(queryOf(req).key) : undefined, b))),
  );

  registerMediaRoutes(app, { state, guarded, error: wecomError, cdnPath: '/media' });
};
