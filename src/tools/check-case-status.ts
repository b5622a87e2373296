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
    return { status: 'ok', reply: [say('case_status_header'), ...items].join('\n'), remember: [...new Set(cases.map((c) => c.waybill))].slice(0, 3) };
  },
});
