import { z } from 'zod';
import { defineTool, say } from './define.js';
import { isActive } from '../courier/status.js';
import { describeParcel } from './facts.js';

export const listMyParcels = defineTool({
  name: 'list_my_parcels',
  description: '列出已绑定客户名下（寄件或收件）的在途包裹，让客户按序号选择。',
  schema: z.object({}),
  async run(_args, ctx, deps) {
    if (!ctx.phone) return { status: 'need_bind', reply: say('need_waybill') };
    const mine = (await deps.courier.parcelsByPhone(ctx.phone)).filter((p) => isActive(p.parcel, ctx.now));
    if (mine.length === 0) return { status: 'not_found', reply: say('no_active_parcels') };
    if (mine.length === 1) {
      const { parcel, role } = mine[0]!;
      return { status: 'ok', reply: describeParcel(parcel, ctx.now, role), remember: [parcel.waybill], awaiting: null };
    }
    const list = mine.slice(0, 9).map(({ parcel }, i) => `${i + 1}. ${parcel.waybill}`);
    return {
      status: 'choose',
      reply: [say('choose_parcel', { count: mine.length }), ...list].join('\n'),
      facts: { options: mine.map((p) => p.parcel.waybill) },
      awaiting: { kind: 'pick_parcel', options: mine.slice(0, 9).map((p) => p.parcel.waybill), intent: 'track' },
    };
  },
});
