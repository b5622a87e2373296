import { z } from 'zod';
import { defineTool, say } from './define.js';
import { maskPhone } from '../lib/mask.js';

export const bindPhone = defineTool({
  name: 'bind_phone',
  description: '绑定手机号：先给手机号发 6 位验证码，客户回复验证码后完成绑定。',
  schema: z.object({
    phone: z.string().optional().describe('客户提供的 11 位手机号'),
    code: z.string().regex(/^\d{4,6}$/).optional().describe('客户回复的验证码'),
  }),
  async run({ phone, code }, ctx, deps) {
    if (code) {
      const r = await deps.identity.confirmBinding(ctx.channel, ctx.customerId, code);
      if (r.status === 'bound') return { status: 'ok', reply: say('bind_done', { phone: maskPhone(r.phone ?? '') }), awaiting: null };
      if (r.status === 'wrong') return { status: 'invalid', reply: say('bind_wrong', { left: r.attemptsLeft ?? 0 }), keepAwaiting: true };
      return { status: 'invalid', reply: say(r.status === 'expired' ? 'bind_expired' : 'bind_locked'), awaiting: null };
    }
    if (!phone) {
      if (ctx.phone) return { status: 'ok', reply: say('bind_already', { phone: maskPhone(ctx.phone) }) };
      return { status: 'need_bind', reply: say('bind_ask_phone'), awaiting: { kind: 'phone', intent: 'bind' } };
    }
    const r = await deps.identity.startBinding(ctx.channel, ctx.customerId, phone);
    if (r.status === 'invalid_phone') return { status: 'invalid', reply: say('bind_invalid_phone') };
    if (r.status === 'rate_limited') return { status: 'invalid', reply: say('bind_rate_limited', { seconds: r.retryAfterSeconds ?? 60 }) };
    return { status: 'ok', reply: say('bind_code_sent', { phone: r.maskedPhone }), awaiting: { kind: 'bind_code', phone: r.maskedPhone } };
  },
});
