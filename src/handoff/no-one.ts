// When nobody accepts (the follow-up worker hands the handoff's due checks here). After the accept
// time (config: sla.handoff_accept, default 5 minutes) the customer hears the truth — everyone is
// busy, the problem is recorded, a person will contact them by a stated time — a callback check is
// scheduled for that time, and the supervisors are reminded. At the callback time, if still nobody
// took it, the customer gets an apology and the supervisors a louder reminder. A request made out
// of hours reminds the supervisors when the hours begin. Each message is keyed by (case, step).
import { formatWhen } from '../lib/time-zh.js';
import type { Case } from '../workflows/cases.js';
import { codeOf } from './cards.js';
import { supervisorsOf, tell, type HandoffDeps } from './deps.js';
import type { DueResult } from './port.js';
import { customerLabel, sayH, span, splitConversation } from './texts.js';

export async function onHandoffDue(d: HandoffDeps, c: Case, step: string): Promise<DueResult> {
  const conversationId = String(c.data.conversationId ?? '');
  const st = conversationId ? await d.states.get(conversationId) : { state: 'bot' as const };
  // Accepted, ended or taken over meanwhile: the promise was kept.
  if (c.status !== 'queued' || st.state !== 'queued' || st.caseId !== c.id) return 'kept';
  const now = d.clock.now();
  const { channel, customerId } = splitConversation(conversationId);
  const vars = {
    case: c.id,
    who: customerLabel(await d.identity.phoneOf(channel, customerId)),
    claim: String(c.data.reason ?? '').slice(0, 60),
    code: await codeOf(d, st.acceptTaskId),
  };
  const toCustomer = (text: string) => d.outbound.send({ channel, to: customerId, conversationId, idempotencyKey: `handoff:${c.id}:${step}`, reply: { kind: 'text', text } });

  if (step === 'sla') {
    const callback = now + d.business.extensionMs('handoff_accept');
    const due = formatWhen(callback, now);
    await d.cases.update(c.id, { slaDueAt: callback, priority: 'high', data: { callbackDueAt: callback } }, 'follow-up', `${span(now - c.createdAt)}无人接入，已答应 ${due} 前联系客户`);
    await d.followUps.schedule(c.id, 'callback', callback);
    await toCustomer(sayH('timeout_customer', { case: c.id, due }));
    await tell(d, supervisorsOf(d), sayH('timeout_supervisor', { ...vars, waited: span(now - c.createdAt), due }));
    await d.history.append(conversationId, { at: now, from: 'system', text: `转人工 ${c.id} ${span(now - c.createdAt)}无人接入，已答应 ${due} 前联系`, key: `${c.id}:sla` });
    return 'escalated';
  }
  if (step === 'opening') {
    await tell(d, supervisorsOf(d), sayH('opening_supervisor', { ...vars, due: formatWhen(c.slaDueAt ?? now, now) }));
    return 'escalated';
  }
  if (step === 'callback') {
    await d.cases.update(c.id, { priority: 'high' }, 'follow-up', '已过答应客户的联系时间，仍无人接入');
    await toCustomer(sayH('callback_missed_customer', { case: c.id }));
    await tell(d, supervisorsOf(d), sayH('callback_supervisor', { ...vars, promised: formatWhen(c.slaDueAt ?? now, now) }));
    return 'escalated';
  }
  d.logger.warn({ case: c.id, step }, 'unknown handoff follow-up step');
  return 'gone';
}
