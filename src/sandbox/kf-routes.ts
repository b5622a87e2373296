// Be a 微信客服 customer from curl or the console (sandbox mode only):
//   POST /sandbox/kf/customer/:id {text} | {image} | {voice} | {enter: true | scene}
//   GET  /sandbox/kf/session/:id → the emulated session state (PROTOCOL.md §5.5)
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { SandboxKfCustomer } from './kf-customer.js';
import type { KfPlatform } from './kf-platform.js';

const Action = z.union([
  z.object({ text: z.string().min(1).max(2000) }),
  z.object({ voice: z.string().min(1).max(2000) }),
  z.object({ image: z.string().min(1).max(200) }),
  z.object({ enter: z.union([z.literal(true), z.string().regex(/^[0-9a-zA-Z_-]{1,32}$/)]) }),
]);
const ExternalUserId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const kfRoutes: FastifyPluginAsync<{ customer: SandboxKfCustomer; platform: KfPlatform }> = async function kfRoutes(app, { customer, platform }) {
  app.post<{ Params: { id: string } }>('/sandbox/kf/customer/:id', async (req, reply) => {
    const id = ExternalUserId.safeParse(req.params.id);
    const action = Action.safeParse(req.body);
    if (!id.success || !action.success) return reply.code(400).send({ error: 'bad request', issues: action.error?.issues });
    const a = action.data;
    const ext = id.data;
    const res =
      'text' in a ? await customer.text(ext, a.text)
      : 'voice' in a ? await customer.voice(ext, a.voice)
      : 'image' in a ? await customer.image(ext, a.image)
      : await customer.enter(ext, a.enter === true ? undefined : a.enter);
    return { webhook: { status: res.status, body: res.body }, msgid: res.msgid };
  });

  app.get<{ Params: { id: string } }>('/sandbox/kf/session/:id', async (req, reply) => {
    const id = ExternalUserId.safeParse(req.params.id);
    if (!id.success) return reply.code(400).send({ error: 'bad external_userid' });
    return platform.sessions.view(customer.openKfId, id.data);
  });
};
