// The 微信客服 callback (`GET/POST /wecom/kf`), a self-contained Fastify plugin: its XML body parser
// is encapsulated here. POST carries no message content (PROTOCOL.md §5.1): after verification the
// nudge is handed to `onNudge` (store the sync Token, queue one kf-sync job for the account) and
// `success` is answered at once; the messages are pulled by the kf-sync worker.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { Metrics } from '../../lib/metrics.js';
import type { WxBizMsgCrypt } from '../shared/aes.js';
import { openKfCallback, verifyKfEcho, type KfQuery } from './verify.js';
import { acceptXmlBodies, refuseCallback } from '../shared/callback.js';

export interface KfNudgeInput {
  openKfId: string;
  syncToken: string;
}

export interface WecomKfPluginOptions {
  token: string;
  /** Receive-id = CorpID (PROTOCOL.md §1). */
  crypto: WxBizMsgCrypt;
  clock: Clock;
  metrics: Metrics;
  windowSeconds: number;
  bodyLimit: number;
  /** Fast Redis work only: WeCom wants the answer within 5 s (§4.2). */
  onNudge: (n: KfNudgeInput) => Promise<void>;
}

const CHANNEL = 'wecom-kf';

export const wecomKfPlugin: FastifyPluginAsync<WecomKfPluginOptions> = async function wecomKfPlugin(app: FastifyInstance, opts) {
  // The XML body parser is encapsulated in this plugin (Fastify Reference/Encapsulation.md).
  acceptXmlBodies(app, opts.bodyLimit);
  const verify = { token: opts.token, crypto: opts.crypto, clock: opts.clock, windowSeconds: opts.windowSeconds };

  // URL verification: the decrypted echostr, as plain text without quotes or newline (§4.2).
  app.get('/wecom/kf', async (req, reply) => {
    try {
      return reply.type('text/plain').send(verifyKfEcho(req.query as KfQuery, verify));
    } catch (err) {
      return refuseCallback(CHANNEL, req.log, reply, opts.metrics, err);
    }
  });

  app.post('/wecom/kf', async (req, reply) => {
    const end = opts.metrics.ackLatency.startTimer({ channel: CHANNEL });
    try {
      const body = typeof req.body === 'string' ? req.body : '';
      const cb = openKfCallback({ ...verify, query: req.query as KfQuery, body, maxBytes: opts.bodyLimit });
      if (cb.kind === 'ignored') {
        req.log.warn({ msgType: cb.msgType, event: cb.event }, '微信客服 callback without kf_msg_or_event acknowledged');
        opts.metrics.callbackAcks.inc({ channel: CHANNEL, result: 'ignored' });
        return reply.type('text/plain').send('success');
      }
      await opts.onNudge({ openKfId: cb.openKfId, syncToken: cb.syncToken });
      opts.metrics.callbackAcks.inc({ channel: CHANNEL, result: 'accepted' });
      req.log.debug({ openKfId: cb.openKfId }, 'kf nudge queued');
      return reply.type('text/plain').send('success');
    } catch (err) {
      return refuseCallback(CHANNEL, req.log, reply, opts.metrics, err);
    } finally {
      end();
    }
  });
};

