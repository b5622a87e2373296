// The sandbox web console (sandbox mode only): three people side by side — a customer's WeChat, a
// station staff member's WeCom and a supervisor's WeCom — plus the demo world's parcels and cases
// and the clock. The page drives the existing sandbox routes, so every action is a real signed
// callback into the real webhooks; this plugin only serves the page and what it reads:
//   GET  /console                        → the page (and /console/<file> its CSS and modules)
//   GET  /sandbox/console/state          → ConsoleState (state.ts)
//   GET  /sandbox/console/menu           → config/menu.json's buttons, for the chat's menu bar
//   GET  /sandbox/console/journal?who=ID → what that person did from the console, in order
//   POST /sandbox/console/journal {who, kind, text} → noted just before the console posts it
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { loadMenu, type Menu } from '../../channels/wechat/menu.js';
import { assetsDir, readAsset } from './assets.js';
import { ConsoleJournal, JOURNAL_KINDS } from './journal.js';
import { consoleState, type ConsoleDeps } from './state.js';

export interface ConsolePluginOptions extends ConsoleDeps {
  menuPath?: string;
}

const Who = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/);
const JournalBody = z.strictObject({ who: Who, kind: z.enum(JOURNAL_KINDS), text: z.string().min(1).max(2000) });

export const consolePlugin: FastifyPluginAsync<ConsolePluginOptions> = async function consolePlugin(app, o) {
  const dir = assetsDir();
  const journal = new ConsoleJournal(o.outbox, o.clock);
  const menu: Menu | { button: [] } = await loadMenu(o.menuPath).catch((err: Error) => {
    app.log.warn({ err: err.message }, 'console: menu not loaded; the chat shows no menu bar');
    return { button: [] };
  });

  const send = async (reply: FastifyReply, name: string) => {
    const asset = await readAsset(dir, name);
    if (!asset) return reply.code(404).send({ error: 'not found' });
    return reply.header('cache-control', 'no-cache').type(asset.type).send(asset.body);
  };
  app.get('/console', (_req, reply) => send(reply, 'index.html'));
  app.get<{ Params: { file: string } }>('/console/:file', (req, reply) => send(reply, req.params.file || 'index.html'));

  app.get('/sandbox/console/state', async () => consoleState(o));
  app.get('/sandbox/console/menu', async () => menu);

  app.get<{ Querystring: { who?: string } }>('/sandbox/console/journal', async (req, reply) => {
    const who = Who.safeParse(req.query.who);
    if (!who.success) return reply.code(400).send({ error: 'who must be an openid or userid' });
    return journal.of(who.data);
  });
  app.post('/sandbox/console/journal', async (req, reply) => {
    const body = JournalBody.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: 'bad request', issues: body.error.issues });
    return journal.record(body.data);
  });
};
