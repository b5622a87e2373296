// What every platform callback plugin shares: the encapsulated XML body parser (bounded by the
// callback body limit) and one way of refusing — a CourierError becomes its 4xx with the code as
// the body and a logged reason; anything else (Redis or the queue down) becomes a 503 so the
// platform delivers the callback again (PROTOCOL.md §2.3, §4.2).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isCourierError } from '../../domain/errors.js';
import type { Metrics } from '../../lib/metrics.js';

export function acceptXmlBodies(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
}

export function refuseCallback(channel: string, log: FastifyInstance['log'], reply: FastifyReply, metrics: Metrics, err: unknown) {
  if (isCourierError(err)) {
    log.warn({ channel, code: err.code, reason: err.message }, 'callback refused');
    metrics.callbackRejects.inc({ channel, code: err.code });
    metrics.callbackAcks.inc({ channel, result: 'rejected' });
    return reply.code(err.statusCode).type('text/plain').send(err.code);
  }
  log.error({ channel, err }, 'callback could not be accepted');
  metrics.callbackAcks.inc({ channel, result: 'error' });
  return reply.code(503).type('text/plain').send('unavailable');
}
