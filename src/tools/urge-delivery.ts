import { z } from 'zod';
import { defineTool, say } from './define.js';
import { currentStatus } from '../courier/status.js';
import { formatSpan, formatWhen } from '../lib/time-zh.js';
import { findOwnParcel } from './access.js';
import { lastScanLine } from './facts.js';
import { customerRef } from './customer.js';
import { caseStateLabel } from './case-labels.js';

const NOT_YET = new Set(['collected', 'in_transit', 'at_hub', 'customs']);

export const urgeDelivery = defineTool({
  name: 'urge_delivery',
  description: '催派：给派送网点发一张带时限的催派任务，并按时回访客户。仅限收件人或寄件人。',
  schema: z.object({
    waybill: z.string().optional().describe('运单号，客户提到了才填'),
    note: z.string().max(200).optional().describe('客户的补充要求，如“今天一定要送到”“老小区无电梯”'),
  }),
  async run({ waybill, note }, ctx, deps) {
    const found = await findOwnParcel(deps, ctx, waybill, 'urge', { note });
    if (!found.ok) return found.result;
    const { parcel, role } = found;
    const status = currentStatus(parcel, ctx.now);
    const scan = lastScanLine(parcel, ctx.now);
    if (status === 'delivered' || status === 'locker_pickup') {
      return { status: 'not_applicable', reply: say('urge_delivered', { when: scan?.when ?? '', site: scan?.site ?? '' }), remember: [parcel.waybill] };
    }
    if (!status || NOT_YET.has(status)) {
      const eta = parcel.exception?.eta ? `预计 ${formatWhen(parcel.exception.eta, ctx.now)} 前恢复转运。` : '';
      return { status: 'not_applicable', reply: say('urge_not_yet', { when: scan?.when ?? '', site: scan?.site ?? '', eta_part: eta }), remember: [parcel.waybill] };
    }
    const out = await deps.workflows.urge({ parcel, customer: customerRef(ctx, role), note, messageKey: ctx.messageKey });
    const station = (await deps.courier.station(parcel.stationId ?? ''))?.name ?? '派送网点';
    const reply = out.created
      ? say('urge_created', { case: out.case.id, station, promise: out.promise })
      : say('urge_joined', { case: out.case.id, since: formatSpan(ctx.now - out.case.createdAt), state: caseStateLabel(out.case), promise: out.promise });
    return { status: 'ok', reply, caseId: out.case.id, remember: [parcel.waybill], awaiting: null, facts: { case: out.case.id, created: out.created } };
  },
});
