// Sandbox inspection and control (registered without a prefix, sandbox mode only):
//   GET    /sandbox/messages?to=ID[&channel=][&since=ISO|ms][&after=SEQ] → every message the bot
//          sent through an emulated platform, `[{at, channel, to, kind, text, ...}]` (DESIGN.md)
//   DELETE /sandbox/messages                   → empties the outbox
//   POST   /sandbox/platform/fail {errcode, api?, times?, httpStatus?} → the next call(s) fail
//   GET    /sandbox/platform/window/:openid    → the OA service window for one user (§3.2)
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { OaPlatform } from './oa-platform.js';
import type { Outbox } from './outbox.js';

export interface SandboxRoutesOptions {
  outbox: Outbox;
  platform: OaPlatform;
}

const MessagesQuery = z.object({
  to: z.string().min(1).max(128).optional(),
  channel: z.enum(['wechat', 'wecom', 'wecom-kf']).optional(),
  since: z
    .string()
    .refine((s) => /^\d+$/.test(s) || !Number.isNaN(Date.parse(s)), 'must be an ISO time or epoch milliseconds')
    .transform((s) => (/^\d+$/.test(s) ? Number(s) : s))
    .optional(),
  after: z.coerce.number().int().nonnegative().optional(),
});

const FailBody = z.object({
  errcode: z.number().int(),
  /** e.g. `message/custom/send` (default), `message/template/send`, `*` for any non-token API. */
  api: z.string().min(1).max(100).optional(),
  times: z.number().int().min(1).max(1000).optional(),
  /** Answer with this HTTP status instead of an errcode body (a gateway failure). */
  httpStatus: z.number().int().min(400).max(599).optional(),
});

export const sandboxRoutes: FastifyPluginAsync<SandboxRoutesOptions> = async function sandboxRoutes(app, { outbox, platform }) {
  app.get('/sandbox/messages', async (req, reply) => {
    const q = MessagesQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ error: 'bad query', issues: q.error.issues });
    const { after, ...rest } = q.data;
    return outbox.list({ ...rest, ...(after !== undefined ? { afterSeq: after } : {}) });
  });

  app.delete('/sandbox/messages', async (_req, reply) => {
    outbox.clear();
    return reply.code(204).send();
  });

  app.post('/sandbox/platform/fail', async (req, reply) => {
    const b = FailBody.safeParse(req.body);
    if (!b.success) return reply.code(400).send({ error: 'bad request', issues: b.error.issues });
    const { errcode, ...opts } = b.data;
    platform.failNext(errcode, opts);
    return { ok: true, pending: platform.pendingFailures };
  });

  app.get<{ Params: { openid: string } }>('/sandbox/platform/window/:openid', async (req) => {
    const w = platform.windowOf(req.params.openid);
    // Infinity is not JSON; a payment window reports null remaining.
    return { ...w, remaining: Number.isFinite(w.remaining) ? w.remaining : null };
  });
};
