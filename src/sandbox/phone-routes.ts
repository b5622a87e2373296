// POST /sandbox/phone/:openid — be the customer from curl or the console: send a text, a voice
// message (its recognition text), a photo, click a menu item, follow or unfollow.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { SandboxPhone } from './phone.js';

const Action = z.union([
  z.object({ text: z.string().min(1).max(2000) }),
  z.object({ voice: z.string().min(1).max(2000) }),
  z.object({ image: z.string().min(1).max(200) }),
  z.object({ menu: z.string().min(1).max(128) }),
  z.object({ subscribe: z.literal(true) }),
  z.object({ unsubscribe: z.literal(true) }),
]);

export const phoneRoutes: FastifyPluginAsync<{ phone: SandboxPhone }> = async function phoneRoutes(app, { phone }) {
  app.post<{ Params: { openid: string } }>('/sandbox/phone/:openid', async (req, reply) => {
    const openid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).safeParse(req.params.openid);
    const action = Action.safeParse(req.body);
    if (!openid.success || !action.success) return reply.code(400).send({ error: 'bad request', issues: action.error?.issues });
    const a = action.data;
    const id = openid.data;
    const res =
      'text' in a ? await phone.text(id, a.text)
      : 'voice' in a ? await phone.voice(id, a.voice)
      : 'image' in a ? await phone.image(id, a.image)
      : 'menu' in a ? await phone.menu(id, a.menu)
      : 'subscribe' in a ? await phone.subscribe(id)
      : await phone.unsubscribe(id);
    return { webhook: res };
  });
};
