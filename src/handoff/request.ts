// A customer asks for a person (the handoff_to_human tool → CaseWorkflows.handoff → here): one open
// handoff case per conversation, the conversation queued, the context card to the supervisors on
// duty, and the check of the promise scheduled. The customer is told honestly what happens and
// when: “usually within 5 minutes” in working hours; outside them the hours and a callback time;
// with nobody reachable at all, that, and a callback time. Safe to run twice for one message.
import { maskPhonesIn } from '../lib/mask.js';
import { formatWhen } from '../lib/time-zh.js';
import type { Case } from '../workflows/cases.js';
import type { CaseOutcome } from '../workflows/workflows.js';
import { sendHandoffCard } from './cards.js';
import { nameOf, supervisorsOf, type HandoffDeps } from './deps.js';
import { isWorkingTime, nextOpening } from './hours.js';
import type { HandoffRequest } from './port.js';
import { sayH } from './texts.js';

export async function requestHandoff(d: HandoffDeps, i: HandoffRequest): Promise<CaseOutcome> {
  const { business, clock } = d;
  const now = clock.now();
  const open = isWorkingTime(now, business.workingHours);
  const opening = nextOpening(now, business.workingHours);
  // Out of hours the promise is a callback soon after opening, not minutes.
  const due = open ? now + business.slaMs('handoff_accept') : opening + business.extensionMs('handoff_accept');
  const mem = await d.memory.load(i.conversationId);
  // Everything downstream is read by supervisors: a number the customer typed is masked once here.
  const reason = maskPhonesIn(i.reason);
  const waybill = i.waybill ?? mem.lastWaybill ?? mem.discussed[0];
  // No waybill on the case itself: a handoff is a chat, one per conversation — not one per parcel,
  // which would fold a sender's and a receiver's chats into one (case-repo's open pointer).
  const { case: c, created } = await d.cases.openOrJoin({
    type: 'handoff',
    customer: i.customer,
    slaDueAt: due,
    data: { conversationId: i.conversationId, reason, ...(waybill && { waybill }) },
    actor: 'bot',
    note: reason,
    ref: i.messageKey,
  });
  if (!created) return { case: c, created, promise: await joined(d, c, i.conversationId, now) };

  const found = await d.states.queue(i.conversationId, c.id, now);
  if (found === 'human') return { case: c, created, promise: await joined(d, c, i.conversationId, now) };
  const card = await sendHandoffCard(d, { c, conversationId: i.conversationId, claim: reason, to: supervisorsOf(d), stage: 'accept' });
  if (card) await d.states.update(i.conversationId, c.id, { acceptTaskId: card.id });
  await d.history.append(i.conversationId, { at: now, from: 'system', text: `转人工 ${c.id}：${reason}`, key: i.messageKey });

  if (!open) {
    // Supervisors are reminded when the hours begin; the callback check follows the promise.
    await d.followUps.schedule(c.id, 'opening', opening);
    await d.followUps.schedule(c.id, 'callback', due);
    const h = business.workingHours;
    return { case: c, created, promise: sayH('promise_after_hours', { start: h.start, end: h.end, due: formatWhen(due, now) }) };
  }
  if (!card) {
    const callback = now + business.extensionMs('handoff_accept');
    await d.cases.update(c.id, { slaDueAt: callback, data: { callbackDueAt: callback } }, 'bot', '没有可接收转人工的值班主管，已答应回电');
    await d.followUps.schedule(c.id, 'callback', callback);
    return { case: c, created, promise: sayH('promise_no_one', { due: formatWhen(callback, now) }) };
  }
  await d.followUps.schedule(c.id, 'sla', due);
  return { case: c, created, promise: sayH('promise_queued', { sla: business.slaText('handoff_accept'), due: formatWhen(due, now) }) };
}

/** Asked again while waiting (or while a person already has it): where things stand. */
async function joined(d: HandoffDeps, c: Case, conversationId: string, now: number): Promise<string> {
  const st = await d.states.get(conversationId);
  if (st.state === 'human' && st.assignee) return sayH('promise_human', { who: nameOf(d, st.assignee) });
  return sayH('promise_joined', { due: formatWhen(c.slaDueAt ?? now, now) });
}
