// Sandbox control of the emulated WeCom, for curl and the console (sandbox mode only):
//   POST /sandbox/wecom/member/:userid {click: KEY[, taskId]} | {text} | {image: name.jpg}
//        → be a station staff member or supervisor: the real signed callback goes to /wecom
//   GET  /sandbox/wecom/cards/:userid → that member's cards with their buttons and updates
//   POST /sandbox/wecom/fail {errcode, api?, times?, httpStatus?} → the next call(s) fail
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { UserId } from '../config/directory.js';
import { NoSuchButtonError, type WecomMember } from './wecom-member.js';
import type { WecomPlatform } from './wecom-platform.js';

const Action = z.union([
  // taskId: click that card (the console's buttons); without it, the newest card with the button.
  z.strictObject({ click: z.string().min(1).max(1024), taskId: z.string().min(1).max(128).optional() }),
  z.strictObject({ text: z.string().min(1).max(2000) }),
  z.strictObject({ image: z.string().min(1).max(200) }),
]);

const FailBody = z.strictObject({
  errcode: z.number().int(),
  /** e.g. `message/send` (default), `message/update_template_card`, `*` for any API that takes an access_token. */
  api: z.string().min(1).max(100).optional(),
  times: z.number().int().min(1).max(1000).optional(),
  httpStatus: z.number().int().min(400).max(599).optional(),
});

export const wecomRoutes: FastifyPluginAsync<{ member: WecomMember; platform: WecomPlatform }> = async function wecomRoutes(app, { member, platform }) {
  app.post<{ Params: { userid: string } }>('/sandbox/wecom/member/:userid', async (req, reply) => {
    const userid = UserId.safeParse(req.params.userid);
    const action = Action.safeParse(req.body);
    if (!userid.success || !action.success) return reply.code(400).send({ error: 'bad request', issues: action.error?.issues });
    const a = action.data;
    try {
      const res = 'click' in a ? await member.click(userid.data, a.click, a.taskId) : 'text' in a ? await member.text(userid.data, a.text) : await member.image(userid.data, a.image);
      return { webhook: res };
    } catch (err) {
      if (err instanceof NoSuchButtonError) return reply.code(404).send({ error: err.message });
      throw err;
    }
  });

  app.get<{ Params: { userid: string } }>('/sandbox/wecom/cards/:userid', async (req) => platform.cardsOf(req.params.userid));

  app.post('/sandbox/wecom/fail', async (req, reply) => {
    const b = FailBody.safeParse(req.body);
    if (!b.success) return reply.code(400).send({ error: 'bad request', issues: b.error.issues });
    const { errcode, ...opts } = b.data;
    platform.failNext(errcode, opts);
    return { ok: true };
  });
};
