import { z } from 'zod';
import { defineTool, say } from './define.js';
import { currentStatus, statusLabel } from '../courier/status.js';
import { findOwnParcel } from './access.js';
import { customerRef } from './customer.js';
import { describeChange } from '../workflows/workflows.js';

// Once the parcel is out for delivery or delivered, the station can no longer re-plan it.
const TOO_LATE = new Set(['out_for_delivery', 'delivered', 'locker_pickup', 'returned']);

export const changeDelivery = defineTool({
  name: 'change_delivery',
  description: '修改派送：改地址、改时间、放门口/放快递柜/放驿站等偏好。派送中或已签收后不能再改。',
  schema: z.object({
    waybill: z.string().optional(),
    address: z.string().max(120).optional(),
    time: z.string().max(60).optional().describe('客户希望的时间，如“明天下午”'),
    place: z.enum(['door', 'locker', 'station', 'neighbor', 'reception']).optional(),
    phone: z.string().regex(/^1[3-9]\d{9}$/).optional().describe('收件人的新联系电话（11 位手机号）'),
  }),
  async run({ waybill, address, time, place, phone }, ctx, deps) {
    const found = await findOwnParcel(deps, ctx, waybill, 'change_delivery', { address, time, place, phone });
    if (!found.ok) return found.result;
    const { parcel, role } = found;
    if (!address && !time && !place && !phone) return { status: 'invalid', reply: say('change_what'), remember: [parcel.waybill] };
    const status = currentStatus(parcel, ctx.now);
    if (status && TOO_LATE.has(status)) {
      return { status: 'not_applicable', reply: say('change_too_late', { state: statusLabel(status) }), remember: [parcel.waybill] };
    }
    const wanted = { address, time, place, phone };
    const out = await deps.workflows.changeDelivery({ parcel, customer: customerRef(ctx, role), change: wanted, messageKey: ctx.messageKey });
    const station = (await deps.courier.station(parcel.stationId ?? ''))?.name ?? '派送网点';
    const change = describeChange(wanted);
    return { status: 'ok', reply: say('change_created', { station, change, case: out.case.id, promise: out.promise }), caseId: out.case.id, remember: [parcel.waybill] };
  },
});
