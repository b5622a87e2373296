import { z } from 'zod';
import { defineTool, say } from './define.js';
import { currentStatus, statusLabel } from '../courier/status.js';
import { formatWhen } from '../lib/time-zh.js';
import { findOwnParcel } from './access.js';

export const getDeliveryPhoto = defineTool({
  name: 'get_delivery_photo',
  description: '获取已签收包裹的派件照片和放置位置，发给寄件人或收件人本人。',
  schema: z.object({ waybill: z.string().optional() }),
  async run({ waybill }, ctx, deps) {
    const found = await findOwnParcel(deps, ctx, waybill, 'delivery_photo', {}, 'delivered');
    if (!found.ok) return found.result;
    const { parcel } = found;
    const status = currentStatus(parcel, ctx.now);
    if (status !== 'delivered' && status !== 'locker_pickup') {
      return { status: 'not_applicable', reply: say('photo_not_delivered', { status: status ? statusLabel(status) : '暂无记录' }), remember: [parcel.waybill] };
    }
    const proof = await deps.courier.deliveryProof(parcel.waybill);
    if (!proof) return { status: 'not_found', reply: say('photo_none', { status: statusLabel(status) }), remember: [parcel.waybill] };
    const when = proof.deliveredAt ? formatWhen(proof.deliveredAt, ctx.now) : '';
    const reply = [say('photo_sent', { waybill: parcel.waybill, when, placed: proof.placedAt, note: proof.note ? `（${proof.note}）` : '' }), say('photo_mismatch', { placed: proof.placedAt })].join('\n');
    return {
      status: 'ok',
      reply,
      remember: [parcel.waybill],
      attachments: [{ kind: 'image', waybill: parcel.waybill, caption: `${parcel.waybill} 派件照片` }],
      facts: { placedAt: proof.placedAt, deliveredAt: when },
    };
  },
});
