// The handoff's two task cards (SCENARIOS.md: `accept`, and `end` while a supervisor owns the chat
// — a task is claimed once, so they are two cards): the context card to the supervisors on duty,
// and the assignee's card that ends the chat. Both carry the whole context. closeTask() settles a
// card that was made moot by something other than its click (a takeover, a typed “结束”).
import { CourierError } from '../domain/errors.js';
import type { Case } from '../workflows/cases.js';
import { DEFAULT_BUTTONS, HANDOFF_ACTIVE_BUTTONS, type Task } from '../workflows/tasks/index.js';
import { contextCard } from './context-card.js';
import type { HandoffDeps } from './deps.js';
import { sayH, splitConversation } from './texts.js';

export const OWNER = 'handoff';

export interface CardSpec {
  c: Case;
  conversationId: string;
  claim: string;
  to: string[];
  stage: 'accept' | 'active';
  takeover?: boolean;
  /** On the active card: where the supervisor writes (here, or the 微信客服 client). */
  bridge?: 'relay' | 'kf';
}

/** Sends the card; null when nobody could receive it (no WeCom, nobody on duty, all refused). */
export async function sendHandoffCard(d: HandoffDeps, s: CardSpec): Promise<Task | null> {
  if (!d.tasks || !s.to.length) return null;
  const now = d.clock.now();
  const { channel, customerId } = splitConversation(s.conversationId);
  const waybill = typeof s.c.data.waybill === 'string' ? s.c.data.waybill : undefined;
  const [memory, phone, others, parcel] = await Promise.all([
    d.memory.load(s.conversationId),
    d.identity.phoneOf(channel, customerId),
    d.cases.find({ customer: { channel, id: customerId }, limit: 20 }),
    waybill ? d.courier.parcel(waybill).catch(() => null) : Promise.resolve(null),
  ]);
  const card = contextCard({ caseId: s.c.id, claim: s.claim, takeover: s.takeover, inTurn: s.stage === 'accept', memory, others: others.filter((o) => o.id !== s.c.id), parcel, phone, now, due: s.c.slaDueAt ?? now });
  try {
    return await d.tasks.create({
      owner: OWNER,
      ownerRef: s.c.id,
      to: s.to,
      title: card.title,
      description: s.stage === 'active' ? sayH(s.bridge === 'kf' ? 'card_active_desc_kf' : 'card_active_desc') : card.description,
      fields: card.fields,
      buttons: [...(s.stage === 'active' ? HANDOFF_ACTIVE_BUTTONS : DEFAULT_BUTTONS.handoff)],
      ...(card.quote && { quote: card.quote }),
      idempotencyKey: s.stage === 'active' ? `${s.c.id}:active:${s.to.join(',')}` : `${s.c.id}:accept`,
    });
  } catch (err) {
    if (err instanceof CourierError && err.code === 'TASK_UNDELIVERED') {
      d.logger.warn({ case: s.c.id, stage: s.stage }, 'handoff card reached nobody');
      return null;
    }
    throw err;
  }
}

/** Takes the task for `user` with `outcome` as if clicked, and greys every recipient's card. */
export async function closeTask(d: HandoffDeps, taskId: string, outcome: string, user: string): Promise<void> {
  if (!d.tasks) return;
  const store = d.tasks.deps.store;
  const claim = await store.claim(taskId, { outcome, user, at: d.clock.now(), claimKey: `handoff-close:${taskId}` });
  if (claim !== 'won' && claim !== 'mine') return;
  await store.markHandled(taskId, undefined);
  await d.tasks.updateCards(taskId);
}

export async function codeOf(d: HandoffDeps, taskId: string | undefined): Promise<string> {
  if (!taskId || !d.tasks) return '—';
  return (await d.tasks.get(taskId))?.code ?? '—';
}
