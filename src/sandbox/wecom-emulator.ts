// The WeCom API paths the bot calls, served by the sandbox under the prefix /sandbox/wecom, so
// `config.wecom.apiBase` is the only difference from production. Answers look like the real host's:
// HTTP 200 with `{errcode, errmsg}`, raw bytes for media/get. The rules live in WecomPlatform.
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WecomPlatform } from './wecom-platform.js';
import { wecomError, type WecomReply } from './wecom-tokens.js';
import { readMediaUpload, sendStoredMedia } from './media-routes.js';

export interface WecomEmulatorOptions {
  state: WecomPlatform;
}

type Obj = Record<string, unknown>;
type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const queryOf = (req: FastifyRequest) => obj(req.query);

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

  /** Injected failures and the access_token check come before the API's own rules. */
  const guarded =
    (api: string, handler: Handler): Handler =>
    async (req, reply) => {
      const token = queryOf(req).access_token;
      const stop = state.preflight(api, typeof token === 'string' ? token : undefined);
      if (stop?.httpStatus) return reply.code(stop.httpStatus).type('text/html').send(`<html>${stop.httpStatus}</html>`);
      if (stop) return wecomError(stop.errcode);
      return handler(req, reply);
    };

  const json = (handler: (body: Obj, req: FastifyRequest) => WecomReply): Handler => (req) =>
    req.body === undefined || req.body === null ? wecomError(40058, 'empty body') : handler(obj(req.body), req);

  app.get('/cgi-bin/gettoken', guarded('gettoken', (req) => state.tokens.issue(queryOf(req))));
  app.post('/cgi-bin/message/send', guarded('message/send', json((b) => state.sendMessage(b))));
  app.post('/cgi-bin/message/update_template_card', guarded('message/update_template_card', json((b) => state.updateTemplateCard(b))));
  app.post(
    '/cgi-bin/webhook/send',
    guarded('webhook/send', json((b, req) => state.robotSend(typeof queryOf(req).key === 'string' ? String(queryOf(req).key) : undefined, b))),
  );

  app.post(
    '/cgi-bin/media/upload',
    guarded('media/upload', async (req) => {
      if (!req.isMultipart()) return wecomError(41005);
      const file = await readMediaUpload(req);
      if (!file) return wecomError(41005, 'multipart field media');
      return state.uploadMedia(String(queryOf(req).type ?? ''), file.data, file.mimetype, file.filename);
    }),
  );

  const sendMedia = (mediaId: unknown, reply: FastifyReply) => {
    const m = typeof mediaId === 'string' ? state.getMedia(mediaId) : undefined;
    if (!m) return wecomError(40007);
    return sendStoredMedia(reply, m);
  };
  app.get('/cgi-bin/media/get', guarded('media/get', (req, reply) => sendMedia(queryOf(req).media_id, reply)));
  // Inbound image messages carry a PicUrl on the platform's CDN, fetched without a token.
  app.get<{ Params: { mediaId: string } }>('/media/:mediaId', (req, reply) => sendMedia(req.params.mediaId, reply));
};
