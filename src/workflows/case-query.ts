// Finding cases: which index a query starts from, and the filter applied to what it loads.
import { normaliseWaybill } from '../courier/types.js';
import { isOpenStatus } from './case-machine.js';
import { sameCustomer } from './case-ops.js';
import type { CaseRepo } from './case-repo.js';
import type { Case, CaseStatus, CaseType } from './case-types.js';

export const FIND_LIMIT = 200;

export interface CaseQuery {
  waybill?: string;
  type?: CaseType;
  kind?: string;
  customer?: { channel: string; id: string };
  /** true: only open cases; false: only closed ones. */
  open?: boolean;
  status?: CaseStatus;
  stationId?: string;
  assignee?: string;
  /** At most this many, newest first (default 200). */
  limit?: number;
}

export const newestFirst = (a: Case, b: Case) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1);

/** Candidate ids from the narrowest index the query names; the filter below does the rest. */
export function candidateIds(repo: CaseRepo, q: CaseQuery): Promise<string[]> {
  const limit = q.limit ?? FIND_LIMIT;
  if (q.customer) return repo.ids(repo.byCustomer(q.customer), false, limit);
  if (q.waybill) return repo.ids(repo.byWaybill(normaliseWaybill(q.waybill)), false, limit);
  if (q.open) return repo.ids(repo.openSet(), false, limit);
  // Over the history of a type or of all cases: the newest few times `limit`, as filters drop some.
  return repo.ids(q.type ? repo.byType(q.type) : repo.all(), true, limit * 4);
}

export function matches(c: Case, q: CaseQuery): boolean {
  const customer = q.customer;
  return (
    (q.waybill === undefined || c.waybill === normaliseWaybill(q.waybill)) &&
    (q.type === undefined || c.type === q.type) &&
    (q.kind === undefined || c.kind === q.kind) &&
    (customer === undefined || c.customers.some((x) => sameCustomer(x, customer))) &&
    (q.open === undefined || isOpenStatus(c.type, c.status) === q.open) &&
    (q.status === undefined || c.status === q.status) &&
    (q.stationId === undefined || c.stationId === q.stationId) &&
    (q.assignee === undefined || c.assignee === q.assignee)
  );
}
