// The Official Account callback (`GET/POST /wechat`), a self-contained Fastify plugin: its XML body
// parser is encapsulated here and touches no other route (Fastify Reference/Encapsulation.md).
// POST verifies, decrypts and parses once at the edge, hands the typed message to intake.accept()
// and answers `success` — no slow work in the request (PROTOCOL.md §2.3: 5 s deadline, 3 retries).
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { Metrics } from '../../lib/metrics.js';
import type { InboundMessage } from '../../domain/inbound.js';
import type { AcceptResult } from '../../intake/accept.js';
import type { WxBizMsgCrypt } from '../shared/aes.js';
import { openOaCallback, verifyOaEcho } from './verify.js';
import { acceptXmlBodies, refuseCallback } from '../shared/callback.js';

export interface WechatPluginOptions {
  token: string;
  crypto: WxBizMsgCrypt;
  clock: Clock;
  metrics: Metrics;
  windowSeconds: number;
  bodyLimit: number;
  accept: (msg: InboundMessage) => Promise<AcceptResult>;
}

type Query = Record<string, string | undefined>;

export const wechatPlugin: FastifyPluginAsync<WechatPluginOptions> = async function wechatPlugin(app: FastifyInstance, opts) {
  // The XML body parser is encapsulated in this plugin (Fastify Reference/Encapsulation.md).
  acceptXmlBodies(app, opts.bodyLimit);

  app.get('/wechat', async (req, reply) => {
    try {
      const echostr = verifyOaEcho(req.query as Query, opts.token, opts.clock, opts.windowSeconds);
      return reply.type('text/plain').send(echostr);
    } catch (err) {
      return refuseCallback('wechat', req.log, reply, opts.metrics, err);
    }
  });

  app.post('/wechat', async (req, reply) => {
    const end = opts.metrics.ackLatency.startTimer({ channel: 'wechat' });
    try {
      const body = typeof req.body === 'string' ? req.body : '';
      const { message } = openOaCallback({
        query: req.query as Query,
        body,
        token: opts.token,
        crypto: opts.crypto,
        clock: opts.clock,
        windowSeconds: opts.windowSeconds,
        maxBytes: opts.bodyLimit,
      });
      if (message.type === 'unknown') {
        req.log.warn({ rawType: message.rawType, rawEvent: message.rawEvent }, 'unknown Official Account message type acknowledged');
        opts.metrics.callbackAcks.inc({ channel: 'wechat', result: 'ignored' });
        return reply.type('text/plain').send('success');
      }
      const result = await opts.accept(message);
      if (result === 'duplicate') opts.metrics.dedupeHits.inc({ channel: 'wechat' });
      opts.metrics.callbackAcks.inc({ channel: 'wechat', result });
      req.log.debug({ key: message.key, result }, 'callback accepted');
      // "success" needs no encryption even in safe mode (PROTOCOL.md §2.3).
      return reply.type('text/plain').send('success');
    } catch (err) {
      return refuseCallback('wechat', req.log, reply, opts.metrics, err);
    } finally {
      end();
    }
  });
};

