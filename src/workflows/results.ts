// What happens when a person answers a task card: the case records the outcome (state machine),
// every customer of the case hears the result once, and follow-on work starts (a lost parcel
// opens a lost claim; an approved claim is paid). Handlers are idempotent on the task: TaskCards
// delivers each outcome once, and customer messages are keyed by case event.
import type { OutcomeContext } from './tasks/index.js';
import type { TaskCards } from './tasks/index.js';
import type { Case, CaseStatus } from './cases.js';
import { yuanOf } from './compensation.js';
import { sayW } from './promises.js';
import type { CaseWorkflows } from './service.js';
import { describeChange, type DeliveryChange } from './workflows.js';

export interface ResultHooks {
  /** Called after a claim is approved (payments hook in here). */
  onApproved?: (c: Case) => Promise<void>;
}

export function registerResultHandlers(tasks: TaskCards, wf: CaseWorkflows, hooks: ResultHooks = {}): void {
  const { cases, notifier, directory } = wf.d;
  const who = (user: string) => directory?.nameOf(user) ?? user;

  /** Moves the case (if the move is still possible) and tells the customers once. */
  const settle = async (ctx: OutcomeContext, to: CaseStatus, event: string, text: (c: Case) => string): Promise<Case | null> => {
    const c = await cases.get(ctx.task.ownerRef);
    if (!c) return null;
    const actor = `wecom:${ctx.user}`;
    const moved = c.status === to ? c : await cases.transition(c.id, to, actor, `${ctx.task.outcome?.text ?? ctx.outcome}${ctx.note ? `：${ctx.note}` : ''}`).catch(() => null);
    if (!moved) return null;
    // Insights: a person answered the task; kept or late against the promised time.
    await wf.d.insights?.caseEvent('answered', moved);
    await notifier.customers(moved, event, text(moved));
    return moved;
  };

  tasks.onOutcome('urge', async (ctx) => {
    const w = { who: who(ctx.user), waybill: '', note: ctx.note ?? '请联系客户说明' };
    if (ctx.outcome === 'will_deliver') await settle(ctx, 'resolved', 'urge:will_deliver', (c) => sayW('urge_result_will_deliver', { ...w, waybill: c.waybill }));
    else if (ctx.outcome === 'delivered') await settle(ctx, 'resolved', 'urge:delivered', (c) => sayW('urge_result_delivered', { ...w, waybill: c.waybill }));
    else if (ctx.outcome === 'cannot_deliver') {
      const c = await settle(ctx, 'escalated', 'urge:cannot', (c) => sayW('urge_result_cannot', { ...w, waybill: c.waybill }));
      if (c) await notifier.staff(directory?.supervisorsOnDuty() ?? [], `网点无法派送 ${c.waybill}（${c.id}），请协调。`);
    }
    return sayW('staff_ack');
  });

  tasks.onOutcome('verification', async (ctx) => {
    const w = { who: who(ctx.user), note: ctx.note ?? '请补充更多信息' };
    if (ctx.outcome === 'found') await settle(ctx, 'resolved', 'verify:found', (c) => sayW('verification_result_found', { ...w, waybill: c.waybill }));
    else if (ctx.outcome === 'delivered_ok') {
      const proof = await wf.d.courier.deliveryProof((await cases.get(ctx.task.ownerRef))?.waybill ?? '').catch(() => null);
      await settle(ctx, 'resolved', 'verify:delivered_ok', (c) => sayW('verification_result_delivered_ok', { ...w, waybill: c.waybill, placed: proof?.placedAt ?? '约定位置' }));
    } else if (ctx.outcome === 'lost') {
      const c = await cases.get(ctx.task.ownerRef);
      const parcel = c ? await wf.d.courier.parcel(c.waybill) : null;
      if (c && parcel) {
        const first = c.customers[0];
        const claim = await wf.claim({ parcel, customer: { channel: (first?.channel ?? 'wechat') as 'wechat', id: first?.id ?? '', role: first?.role ?? 'unknown' }, kind: 'lost', messageKey: `task:${ctx.task.id}`, description: '网点核实确认丢失' });
        await settle(ctx, 'resolved', 'verify:lost', (v) => sayW('verification_result_lost', { waybill: v.waybill, claim: claim.case.id, promise: claim.promise }));
      }
    } else if (ctx.outcome === 'need_info') await settle(ctx, 'awaiting_customer', 'verify:need_info', () => sayW('verification_result_need_info', w));
    return sayW('staff_ack');
  });

  tasks.onOutcome('delivery_change', async (ctx) => {
    const w = { who: who(ctx.user), note: ctx.note ?? '请联系网点' };
    const change = (c: Case) => describeChange((c.data.change ?? {}) as DeliveryChange);
    if (ctx.outcome === 'accepted') await settle(ctx, 'resolved', 'change:accepted', (c) => sayW('change_result_accepted', { ...w, waybill: c.waybill, change: change(c) }));
    else await settle(ctx, 'cancelled', 'change:cannot', (c) => sayW('change_result_cannot', { ...w, waybill: c.waybill }));
    return sayW('staff_ack');
  });

  tasks.onOutcome('claim_review', async (ctx) => {
    if (ctx.outcome === 'approve') {
      const c = await settle(ctx, 'approved', 'claim:approved', (c) => sayW('claim_result_approved', { case: c.id, amount: yuanOf(Number(c.data.amountFen ?? 0)) }));
      if (c) await hooks.onApproved?.(c);
    } else if (ctx.outcome === 'reject') {
      await settle(ctx, 'rejected', 'claim:rejected', (c) => sayW('claim_result_rejected', { case: c.id, note: ctx.note ?? '请联系客服了解详情' }));
    }
    return sayW('staff_ack');
  });

  // Staff texts about a task reach the customer as the station's note (masked by the staff's own words).
  for (const owner of ['urge', 'verification', 'delivery_change']) {
    tasks.onMessage(owner, async (ctx) => {
      const c = await cases.get(ctx.task.ownerRef);
      if (!c) return;
      if (ctx.image) await cases.addEvidence(c.id, { kind: 'photo', mediaId: ctx.image.mediaId, by: `wecom:${ctx.user}` });
      if (ctx.text) {
        await cases.addNote(c.id, ctx.text.slice(0, 500), `wecom:${ctx.user}`);
        await notifier.customers(c, `note:${c.timeline.length}`, sayW('staff_note_to_customer', { who: who(ctx.user), text: ctx.text.slice(0, 300) }));
      }
      return sayW('staff_ack');
    });
  }
}
