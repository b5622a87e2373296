import { z } from 'zod';
import { defineTool, say } from './define.js';
import { formatWhen } from '../lib/time-zh.js';
import { normaliseWaybill } from '../courier/types.js';
import { caseStateLabel, caseTypeLabel } from './case-labels.js';

export const checkCaseStatus = defineTool({
  name: 'check_case_status',
  description: '查询客户的催派、核实、理赔等处理单进度（按处理单的时间线回答）。',
  schema: z.object({ waybill: z.string().optional() }),
  async run({ waybill }, ctx, deps) {
    const cases = await deps.workflows.casesOf({ channel: ctx.channel, id: ctx.customerId }, waybill ? normaliseWaybill(waybill) : undefined);
    if (!cases.length) return { status: 'not_found', reply: say('case_status_none') };
    const items = cases.slice(0, 5).map((c) => {
      const last = c.timeline[c.timeline.length - 1];
      const detail = last?.note ? `：${last.note}` : '';
      return say('case_status_item', { case: c.id, type: caseTypeLabel(c), waybill: c.waybill, state: caseStateLabel(c), when: formatWhen(c.updatedAt, ctx.now), detail });
    });
    // An approved claim whose transfer waits for the customer: a fresh 确认收款 link (the last may have expired).
    const confirms: string[] = [];
    for (const c of cases.slice(0, 5)) {
      const link = c.type === 'claim' && c.status === 'approved' ? await deps.payouts?.pendingLink(c.id, { channel: ctx.channel, id: ctx.customerId }) : undefined;
      if (link) confirms.push(say('case_status_confirm', { case: c.id, link }));
    }
    return { status: 'ok', reply: [say('case_status_header'), ...items, ...confirms].join('\n'), remember: [...new Set(cases.map((c) => c.waybill))].slice(0, 3) };
  },
});
