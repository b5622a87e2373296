import { z } from 'zod';
import { defineTool, say } from './define.js';
import { findOwnParcel } from './access.js';
import { customerRef } from './customer.js';

export const requestPhotos = defineTool({
  name: 'request_photos',
  description: '请客户上传照片（破损凭证或未收到的现场照片），照片会附到该包裹的处理单上。',
  schema: z.object({ waybill: z.string().optional(), purpose: z.enum(['damage', 'non_receipt']).describe('照片用途') }),
  async run({ waybill, purpose }, ctx, deps) {
    const found = await findOwnParcel(deps, ctx, waybill, `photos:${purpose}`, {}, 'delivered');
    if (!found.ok) return found.result;
    const { parcel, role } = found;
    // Photos belong to a case: damage evidence to the damage claim, non-receipt to a verification.
    const out =
      purpose === 'damage'
        ? await deps.workflows.claim({ parcel, customer: customerRef(ctx, role), kind: 'damaged', messageKey: ctx.messageKey })
        : await deps.workflows.verify({ parcel, customer: customerRef(ctx, role), kind: 'signed_not_received', messageKey: ctx.messageKey });
    const what = say(purpose === 'damage' ? 'photos_what_damage' : 'photos_what_non_receipt');
    return {
      status: 'ok',
      reply: say('photos_request', { what, case: out.case.id }),
      caseId: out.case.id,
      remember: [parcel.waybill],
      awaiting: { kind: 'photo', caseId: out.case.id, purpose: purpose === 'damage' ? 'damage' : 'non_receipt', waybill: parcel.waybill },
    };
  },
});
