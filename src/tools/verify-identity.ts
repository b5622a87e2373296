import { z } from 'zod';
import { defineTool, say } from './define.js';
import { normaliseWaybill } from '../courier/types.js';

/** Not one of the canonical tools: unbound customers prove they are a party with the phone's last four digits. */
export const verifyIdentity = defineTool({
  name: 'verify_identity',
  description: '未绑定的客户用该运单收件人或寄件人手机号后四位验证身份，验证后才能催派、核实、理赔。',
  schema: z.object({ waybill: z.string(), last4: z.string().regex(/^\d{4}$/) }),
  async run({ waybill, last4 }, ctx, deps) {
    const parcel = await deps.courier.parcel(normaliseWaybill(waybill));
    if (!parcel) return { status: 'not_found', reply: say('not_found', { waybill }) };
    const r = await deps.identity.verifyForParcel(ctx.channel, ctx.customerId, parcel.waybill, last4, parcel);
    if (r.status === 'verified') return { status: 'ok', reply: say('verify_ok'), remember: [parcel.waybill], facts: { role: r.role } };
    if (r.status === 'locked') return { status: 'forbidden', reply: say('verify_locked'), awaiting: null };
    return { status: 'invalid', reply: say('verify_wrong', { left: r.attemptsLeft ?? 0 }), keepAwaiting: true };
  },
});
