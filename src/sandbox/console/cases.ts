// The cases the console lists (newest first): what kind, where it stands, who holds it, what was
// promised and when it falls due on the sandbox clock.
import type { Business } from '../../config/business.js';
import type { Directory } from '../../config/directory.js';
import { maskPhonesIn } from '../../lib/mask.js';
import { formatWhen } from '../../lib/time-zh.js';
import { isOpenStatus, type Case, type CaseStore } from '../../workflows/cases.js';
import { caseKindText, caseStatusText, caseTypeText, promiseText } from './labels.js';

export interface ConsoleCase {
  id: string;
  type: string;
  typeLabel: string;
  kind?: string;
  kindLabel?: string;
  waybill: string;
  status: string;
  statusLabel: string;
  /** Still open: someone owes an answer. */
  open: boolean;
  priority: string;
  assignee?: string;
  assigneeLabel?: string;
  customers: string[];
  promise: string;
  slaDueAt?: number;
  /** “今天 12:00”, as the customer was told. */
  dueText?: string;
  overdue: boolean;
  createdAt: number;
  updatedAt: number;
  /** The newest timeline entry, e.g. “status:resolved 已找到”. */
  last?: { at: number; actor: string; action: string; note?: string };
}

export interface CaseViewDeps {
  cases: Pick<CaseStore, 'list'>;
  business: Business;
  directory?: Directory;
  stationName(id: string): string | undefined;
}

const LIMIT = 60;

function assigneeLabel(d: CaseViewDeps, assignee: string): string {
  return d.stationName(assignee) ?? d.directory?.nameOf(assignee) ?? assignee;
}

export function consoleCase(d: CaseViewDeps, c: Case, now: number): ConsoleCase {
  const open = isOpenStatus(c.type, c.status);
  const kindLabel = caseKindText(c);
  const last = c.timeline.at(-1);
  return {
    id: c.id,
    type: c.type,
    typeLabel: caseTypeText(c),
    ...(c.kind && { kind: c.kind }),
    ...(kindLabel && { kindLabel }),
    waybill: c.waybill,
    status: c.status,
    statusLabel: caseStatusText(c),
    open,
    priority: c.priority,
    ...(c.assignee && { assignee: c.assignee, assigneeLabel: assigneeLabel(d, c.assignee) }),
    customers: c.customers.map((x) => x.id),
    promise: promiseText(d.business, c),
    ...(c.slaDueAt !== undefined && { slaDueAt: c.slaDueAt, dueText: formatWhen(c.slaDueAt, now) }),
    overdue: open && c.slaDueAt !== undefined && c.slaDueAt <= now,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(last && { last: { at: last.at, actor: last.actor, action: last.action, ...(last.note && { note: maskPhonesIn(last.note) }) } }),
  };
}

export async function consoleCases(d: CaseViewDeps, now: number): Promise<ConsoleCase[]> {
  return (await d.cases.list({ limit: LIMIT })).map((c) => consoleCase(d, c, now));
}
