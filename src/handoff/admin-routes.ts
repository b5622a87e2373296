// The handoff's admin JSON API behind ADMIN_TOKEN (`Authorization: Bearer <token>`), for an
// operations console: the at-risk live conversations, taking one over for a supervisor, and one
// conversation's state with its whole history. Encapsulated: the token check covers only these
// routes. Registered only when ADMIN_TOKEN is set.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { UserId } from '../config/directory.js';
import type { HandoffDesk } from './desk.js';

export interface HandoffAdminOptions {
  token: string;
  desk: HandoffDesk;
  /** Whether `userid` is a supervisor in the directory (only they may take chats). */
  isSupervisor: (userid: string) => boolean;
}

const ConversationId = z.string().regex(/^(wechat|wecom-kf):[A-Za-z0-9_-]{1,128}$/, 'must be <channel>:<customer id>');
const Takeover = z.strictObject({ conversationId: ConversationId, supervisor: UserId, note: z.string().trim().min(1).max(200).optional() });

// Hashing first makes the comparison constant-time whatever the lengths.
const digest = (s: string) => createHash('sha256').update(s).digest();
const sameToken = (given: string, token: string) => timingSafeEqual(digest(given), digest(token));

export const handoffAdminRoutes: FastifyPluginAsync<HandoffAdminOptions> = async function handoffAdminRoutes(app, o) {
  app.addHook('onRequest', async (req, reply) => {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!given || !sameToken(given, o.token)) return reply.code(401).send({ error: 'unauthorized' });
  });

  app.get('/admin/handoff/at-risk', async () => ({ conversations: await o.desk.atRisk() }));

  app.post('/admin/handoff/takeover', async (req, reply) => {
    const body = Takeover.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid', issues: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    if (!o.isSupervisor(body.data.supervisor)) return reply.code(403).send({ error: 'not a supervisor in the directory' });
    const text = await o.desk.takeOver(body.data.conversationId, body.data.supervisor, body.data.note);
    // The supervisor works in WeCom: they get the card from the takeover and this text there too.
    await o.desk.tell(body.data.supervisor, text);
    const state = await o.desk.state(body.data.conversationId);
    return { ok: state.state === 'human' && state.assignee === body.data.supervisor, state, text };
  });

  app.get<{ Params: { id: string } }>('/admin/handoff/conversations/:id', async (req, reply) => {
    const id = ConversationId.safeParse(req.params.id);
    if (!id.success) return reply.code(400).send({ error: 'invalid conversation id' });
    return { state: await o.desk.state(id.data), history: await o.desk.history(id.data, 200) };
  });
};
