import { z } from 'zod';
import { defineTool, say } from './define.js';

export const handoffToHuman = defineTool({
  name: 'handoff_to_human',
  description: '转人工：客户要求人工、争议（理赔金额不满意、网点拒绝送货上门）、连续强烈不满、承诺超时后再次反映同一问题、机器人连续两次没能处理，或投诉监管部门时，把完整上下文交给值班主管。',
  schema: z.object({
    reason: z.string().max(200).describe('一句话的用户诉求'),
    waybill: z.string().optional(),
  }),
  async run({ reason, waybill }, ctx, deps) {
    const out = await deps.workflows.handoff({
      conversationId: ctx.conversationId,
      customer: { channel: ctx.channel, id: ctx.customerId, role: 'unknown' },
      reason,
      waybill,
      messageKey: ctx.messageKey,
    });
    const reply = say(out.created ? 'handoff_created' : 'handoff_joined', { case: out.case.id, promise: out.promise });
    return { status: 'ok', reply, caseId: out.case.id, awaiting: null };
  },
});
