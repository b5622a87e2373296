import { z } from 'zod';
import { defineTool, say } from './define.js';
import { formatSpan } from '../lib/time-zh.js';
import { findOwnParcel } from './access.js';
import { lastScanLine } from './facts.js';
import { customerRef } from './customer.js';

const EMPATHY = { lost: 'empathy_lost', signed_not_received: 'empathy_signed', wrong_place: 'empathy_signed', locker_no_consent: 'empathy_locker' } as const;

export const openStationVerification = defineTool({
  name: 'open_station_verification',
  description: '网点核实：丢件、显示签收却没收到、放错地方、未经同意放快递柜时，带着最后一条有效扫描给派送网点发核实任务。',
  schema: z.object({
    waybill: z.string().optional(),
    reason: z.enum(['lost', 'signed_not_received', 'wrong_place', 'locker_no_consent']).describe('核实原因'),
    note: z.string().max(300).optional().describe('客户的描述'),
  }),
  async run({ waybill, reason, note }, ctx, deps) {
    const purpose = reason === 'signed_not_received' || reason === 'wrong_place' ? 'delivered' : reason === 'locker_no_consent' ? 'locker' : 'stale';
    const found = await findOwnParcel(deps, ctx, waybill, `verify:${reason}`, { note }, purpose);
    if (!found.ok) return found.result;
    const { parcel, role } = found;
    const out = await deps.workflows.verify({ parcel, customer: customerRef(ctx, role), kind: reason, note, messageKey: ctx.messageKey });
    const scan = lastScanLine(parcel, ctx.now) ?? { when: '暂无', site: '—', status: '暂无扫描记录' };
    const body = out.created
      ? say('verification_created', { ...scan, case: out.case.id, promise: out.promise })
      : say('verification_joined', { case: out.case.id, since: formatSpan(ctx.now - out.case.createdAt), promise: out.promise });
    return { status: 'ok', reply: `${say(EMPATHY[reason])}${body}`, caseId: out.case.id, remember: [parcel.waybill], facts: { case: out.case.id, lastScan: scan } };
  },
});
