// The follow-up that checks a promise when it falls due. A case that reached its result in time
// needs nothing more (the customer heard it when the task was answered). A case still open is
// escalated: the assignee is reminded, the supervisors on duty are told, the customer hears the
// truth with a new time, and one more check is scheduled. Nothing is dropped silently.
import type { SlaKey } from '../config/business.js';
import { formatWhen } from '../lib/time-zh.js';
import { isOpenStatus, type Case } from './cases.js';
import { sayW } from './promises.js';
import type { CaseWorkflows } from './service.js';

const SLA_OF: Record<Case['type'], SlaKey> = { urge: 'urge', verification: 'verification', claim: 'claim_decision', delivery_change: 'delivery_change', handoff: 'handoff_accept' };

/** Statuses in which the person we are waiting for has not answered yet. */
const WAITING = new Set(['open', 'queued', 'under_review', 'in_progress', 'escalated']);

export async function checkPromise(wf: CaseWorkflows, caseId: string, step: string, dueAt?: number): Promise<'kept' | 'escalated' | 'gone'> {
  const { cases, notifier, directory, clock, business, logger } = wf.d;
  let c = await cases.get(caseId);
  if (!c) return 'gone';
  // A handoff's checks (nobody accepted, the promised callback) belong to the handoff (handoff/no-one.ts).
  if (c.type === 'handoff' && wf.handoffs) return wf.handoffs.onDue(c, step);
  // An approved claim's promise is its payout: make sure it was queued (idempotent per claim).
  if (c.type === 'claim' && c.status === 'approved') {
    await wf.d.onApproved?.(c);
    return 'kept';
  }
  if (!isOpenStatus(c.type, c.status) || !WAITING.has(c.status)) return 'kept';

  // The escalation of a step is recorded on the case first, then carried out with idempotent
  // messages: a check that is re-run after a crash finishes the same escalation, never a new one.
  const marks = (c.data.escalations ?? {}) as Record<string, { newDue: number; staffTold?: boolean }>;
  let mark = marks[step];
  if (!mark) {
    if (c.slaDueAt && dueAt !== undefined && c.slaDueAt > dueAt + 1000) return 'kept'; // the promise was moved; a later check exists
    const key: SlaKey = c.kind === 'fresh_delay' ? 'fresh_delay' : SLA_OF[c.type];
    mark = { newDue: clock.now() + business.extensionMs(key) };
    const promised = formatWhen(c.slaDueAt ?? clock.now(), clock.now());
    if (step === 'sla' && c.status !== 'escalated') c = await cases.transition(c.id, 'escalated', 'follow-up', `超时未完成（承诺 ${promised} 前）`).catch(() => c!);
    c = await cases.update(c.id, { slaDueAt: mark.newDue, data: { ...c.data, escalations: { ...marks, [step]: mark }, promisedBefore: c.slaDueAt } }, 'follow-up', `升级主管，新时限 ${formatWhen(mark.newDue, clock.now())}`);
    logger.warn({ case: c.id, type: c.type, step }, 'promise missed; escalating');
  if (step === 'sla') await wf.d.insights?.caseEvent('missed', c);
  }

  const now = clock.now();
  const what = sayW(`what_${c.kind === 'fresh_delay' ? 'fresh_delay' : c.type}`);
  const promised = formatWhen(Number(c.data.promisedBefore ?? mark.newDue), now);
  const first = step === 'sla';
  if (!mark.staffTold) {
    const staff = c.type === 'claim' || c.type === 'handoff' ? [] : await staffOfCase(wf, c);
    await notifier.staff(staff, sayW('missed_staff', { what, case: c.id, promised, waybill: c.waybill }));
    await notifier.staff(directory?.supervisorsOnDuty() ?? [], sayW('missed_supervisor', { what, case: c.id, waybill: c.waybill || '—', promised, station: c.stationId ?? '—', due: formatWhen(mark.newDue, now) }));
    const fresh = await cases.get(c.id);
    const all = (fresh?.data.escalations ?? {}) as Record<string, unknown>;
    await cases.update(c.id, { data: { ...(fresh?.data ?? c.data), escalations: { ...all, [step]: { ...mark, staffTold: true } } } }, 'follow-up');
  }
  await notifier.customers(c, `missed:${step}`, first ? sayW('missed_customer', { what, due: formatWhen(mark.newDue, now) }) : sayW('missed_customer_again', { what }));
  if (first) await wf.d.followUps.schedule(c.id, 'sla2', mark.newDue);
  return 'escalated';
}

async function staffOfCase(wf: CaseWorkflows, c: Case): Promise<string[]> {
  const parcel = await wf.d.courier.parcel(c.waybill).catch(() => null);
  return parcel ? wf.staffOf(parcel) : [];
}
