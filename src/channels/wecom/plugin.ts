// The WeCom app callback (`GET/POST /wecom`) for station staff and supervisors, a self-contained
// Fastify plugin: its XML body parser is encapsulated here (Fastify Reference/Encapsulation.md).
// GET answers the decrypted echostr (§4.2: within 1 s, nothing else in the body). POST verifies,
// decrypts and parses once, hands the StaffEvent to the staff intake and answers an empty 200 —
// "no passive reply" (§4.2) — so the 5-second deadline is never at risk.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { Metrics } from '../../lib/metrics.js';
import type { StaffEvent } from '../../domain/staff.js';
import type { AcceptResult } from '../../intake/accept.js';
import type { WxBizMsgCrypt } from '../shared/aes.js';
import { openWecomCallback, verifyWecomEcho, type WecomQuery } from './verify.js';
import { acceptXmlBodies, refuseCallback } from '../shared/callback.js';

export interface WecomPluginOptions {
  token: string;
  /** Made with the CorpID as receive-id. */
  crypto: WxBizMsgCrypt;
  /** Our app's AgentID: events of another app sharing this URL are acknowledged and ignored. */
  agentId: string;
  clock: Clock;
  metrics: Metrics;
  windowSeconds: number;
  bodyLimit: number;
  accept: (event: StaffEvent) => Promise<AcceptResult>;
}

const CHANNEL = 'wecom';

export const wecomPlugin: FastifyPluginAsync<WecomPluginOptions> = async function wecomPlugin(app: FastifyInstance, opts) {
  // The XML body parser is encapsulated in this plugin (Fastify Reference/Encapsulation.md).
  acceptXmlBodies(app, opts.bodyLimit);
  const auth = { token: opts.token, crypto: opts.crypto, clock: opts.clock, windowSeconds: opts.windowSeconds };

  app.get('/wecom', async (req, reply) => {
    try {
      return reply.type('text/plain; charset=utf-8').send(verifyWecomEcho(req.query as WecomQuery, auth));
    } catch (err) {
      return refuseCallback(CHANNEL, req.log, reply, opts.metrics, err);
    }
  });

  app.post('/wecom', async (req, reply) => {
    const end = opts.metrics.ackLatency.startTimer({ channel: CHANNEL });
    try {
      const body = typeof req.body === 'string' ? req.body : '';
      const { event } = openWecomCallback(req.query as WecomQuery, body, { ...auth, maxBytes: opts.bodyLimit });
      if (event.type === 'unknown' || (event.agentId !== undefined && event.agentId !== opts.agentId)) {
        const why = event.type === 'unknown' ? 'unknown WeCom event type' : 'WeCom event of another app';
        req.log.warn({ type: event.type, rawType: 'rawType' in event ? event.rawType : undefined, agentId: event.agentId }, `${why} acknowledged`);
        opts.metrics.callbackAcks.inc({ channel: CHANNEL, result: 'ignored' });
        return reply.type('text/plain').send('');
      }
      const result = await opts.accept(event);
      if (result === 'duplicate') opts.metrics.dedupeHits.inc({ channel: CHANNEL });
      opts.metrics.callbackAcks.inc({ channel: CHANNEL, result });
      req.log.debug({ key: event.key, result }, 'wecom callback accepted');
      return reply.type('text/plain').send('');
    } catch (err) {
      return refuseCallback(CHANNEL, req.log, reply, opts.metrics, err);
    } finally {
      end();
    }
  });
};

