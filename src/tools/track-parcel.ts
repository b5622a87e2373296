import { z } from 'zod';
import { defineTool } from './define.js';
import { describeParcel, parcelFacts } from './facts.js';
import { findParcel } from './access.js';

export const trackParcel = defineTool({
  name: 'track_parcel',
  description: '查询包裹物流：最新扫描的时间、地点、延误原因和预计时间。不给运单号时查询已绑定客户的在途包裹。',
  schema: z.object({
    waybill: z.string().optional().describe('运单号，客户提到了才填'),
    international: z.boolean().optional().describe('客户问的是国际件/清关'),
  }),
  async run({ waybill, international }, ctx, deps) {
    const found = await findParcel(deps, ctx, waybill, 'track', {}, international ? 'international' : 'active');
    if (!found.ok) return found.result;
    const { parcel, role } = found;
    return { status: 'ok', reply: describeParcel(parcel, ctx.now, role), facts: parcelFacts(parcel, ctx.now, role), remember: [parcel.waybill], awaiting: null };
  },
});
