// `POST /wechatpay/notify` (DESIGN.md interfaces), a self-contained Fastify plugin: its raw-body
// parser is encapsulated here, because the signature covers the exact bytes (PROTOCOL.md §7.1,
// §10 item 10 — the library's verifySign would re-stringify a parsed body). Order: verify the
// platform signature (serial → key, ±5 min on the app Clock, SIGNTEST probes refused), then parse,
// then decrypt the resource with the GCM tag checked (aead.ts, never the library's decipher_gcm),
// then apply. Success is 200 with no body; a refusal is 4xx/5xx with {"code":"FAIL","message":"…"}.
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyReply } from 'fastify';
import { CourierError, isCourierError } from '../domain/errors.js';
import { decryptResource } from './aead.js';
import { platformHeaders, type PlatformVerifier } from './verify.js';
import { NotificationEnvelope, TRANSFER_FINISHED, TransferNotice } from './wire.js';

export interface PayNotifyOptions {
  verifier: PlatformVerifier;
  apiV3Key: string;
  bodyLimit: number;
  /** Applies a 商家转账 result; must be idempotent (WeChat Pay repeats notifications). */
  onTransfer: (n: TransferNotice) => Promise<unknown>;
}

export const payNotifyPlugin: FastifyPluginAsync<PayNotifyOptions> = async function payNotifyPlugin(app, opts) {
  // Keep the bytes: no JSON parsing before the signature is checked.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, (_req, body, done) => done(null, body));

  app.post('/wechatpay/notify', async (req, reply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      opts.verifier.verify(platformHeaders(req.headers), raw);
      const envelope = parse(NotificationEnvelope, raw.toString('utf8'), 'notification');
      const plaintext = decryptResource(envelope.resource, opts.apiV3Key);
      if (envelope.event_type !== TRANSFER_FINISHED) {
        req.log.info({ id: envelope.id, event: envelope.event_type }, 'WeChat Pay notification of another kind acknowledged');
        return reply.code(200).send();
      }
      await opts.onTransfer(parse(TransferNotice, plaintext, 'resource'));
      return reply.code(200).send();
    } catch (err) {
      return refuse(req.log, reply, err);
    }
  });
};

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CourierError('MESSAGE_INVALID', `${what} is not JSON`);
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new CourierError('MESSAGE_INVALID', `${what} has an unexpected shape`);
  return r.data;
}

function refuse(log: FastifyBaseLogger, reply: FastifyReply, err: unknown) {
  if (isCourierError(err) && err.statusCode < 500) {
    log.warn({ code: err.code, reason: err.message }, 'WeChat Pay notification refused');
    return reply.code(err.statusCode).send({ code: 'FAIL', message: err.code });
  }
  // Redis or a store conflict: 5xx makes WeChat Pay deliver it again later, which is what we want.
  log.error({ err: (err as Error).message }, 'WeChat Pay notification not processed');
  return reply.code(500).send({ code: 'FAIL', message: 'temporarily unavailable' });
}
