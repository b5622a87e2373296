import { z } from 'zod';
import { defineTool, say } from './define.js';
import { findOwnParcel } from './access.js';
import { customerRef } from './customer.js';
import { caseStateLabel } from './case-labels.js';
import type { ToolResult } from './result.js';

const KIND_LABELS = { lost: '丢件理赔', damaged: '破损理赔', fresh_delay: '生鲜延误理赔' } as const;
const EMPATHY = { lost: 'empathy_lost', damaged: 'empathy_damaged', fresh_delay: 'empathy_fresh' } as const;

export const fileClaim = defineTool({
  name: 'file_claim',
  description: '登记理赔：丢件、破损（需要照片）、生鲜延误（优先处理）。赔付金额由理赔政策计算，不由对话决定。',
  schema: z.object({
    waybill: z.string().optional(),
    kind: z.enum(['lost', 'damaged', 'fresh_delay']),
    description: z.string().max(300).optional().describe('客户对问题的描述'),
  }),
  async run({ waybill, kind, description }, ctx, deps) {
    const found = await findOwnParcel(deps, ctx, waybill, `claim:${kind}`, { description }, kind === 'fresh_delay' ? 'fresh' : kind === 'damaged' ? 'delivered' : 'active');
    if (!found.ok) return found.result;
    const { parcel, role } = found;
    const out = await deps.workflows.claim({ parcel, customer: customerRef(ctx, role), kind, description, messageKey: ctx.messageKey });
    const lines = [say(EMPATHY[kind])];
    if (!out.created) lines.push(say('claim_joined', { case: out.case.id, state: caseStateLabel(out.case), promise: out.promise }));
    else if (kind === 'fresh_delay') lines.push(say('claim_fresh_priority', { case: out.case.id, promise: out.promise }));
    else lines.push(say('claim_created', { case: out.case.id, kind: KIND_LABELS[kind], promise: out.promise }));
    const result: ToolResult = { status: 'ok', reply: '', caseId: out.case.id, remember: [parcel.waybill], facts: { case: out.case.id, kind, priority: out.case.priority } };
    if (out.needsPhotos) {
      lines.push(say('claim_needs_photos'));
      result.awaiting = { kind: 'photo', caseId: out.case.id, purpose: 'damage', waybill: parcel.waybill };
    }
    result.reply = lines.join('');
    return result;
  },
});
