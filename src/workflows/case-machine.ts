// Which status may follow which, per case type: the one place a workflow, a card button or a
// supervisor command is checked against. A status with no way out is closed; every other status
// counts as open and blocks a second case for the same parcel (cases.ts openOrJoin).
import { CourierError } from '../domain/errors.js';
import type { CaseStatus, CaseType } from './case-types.js';

type Graph = Partial<Record<CaseStatus, readonly CaseStatus[]>>;

// urge, verification, delivery_change: a task for the delivering station.
const STATION_TASK: Graph = {
  open: ['in_progress', 'awaiting_customer', 'resolved', 'escalated', 'cancelled'],
  in_progress: ['awaiting_customer', 'resolved', 'escalated', 'cancelled'],
  awaiting_customer: ['in_progress', 'resolved', 'escalated', 'cancelled'],
  // A supervisor took over a missed promise; it may go back to the station or end.
  escalated: ['in_progress', 'resolved', 'cancelled'],
  resolved: [],
  cancelled: [],
};

const CLAIM: Graph = {
  // fresh_delay goes straight to review; lost and damaged usually wait for photos first.
  open: ['awaiting_evidence', 'under_review', 'escalated', 'cancelled'],
  awaiting_evidence: ['under_review', 'escalated', 'cancelled'],
  under_review: ['awaiting_evidence', 'approved', 'rejected', 'escalated', 'cancelled'],
  escalated: ['under_review', 'approved', 'rejected', 'cancelled'],
  // Approved stays open until the payout is confirmed: money is owed.
  approved: ['paid'],
  rejected: [],
  paid: [],
  cancelled: [],
};

const HANDOFF: Graph = {
  queued: ['human', 'closed'],
  // Back to the queue when a supervisor goes off duty without ending the chat.
  human: ['queued', 'closed'],
  closed: [],
};

const GRAPHS: Record<CaseType, Graph> = {
  urge: STATION_TASK,
  verification: STATION_TASK,
  delivery_change: STATION_TASK,
  claim: CLAIM,
  handoff: HANDOFF,
};

const INITIAL: Record<CaseType, readonly CaseStatus[]> = {
  urge: ['open'],
  verification: ['open'],
  delivery_change: ['open'],
  claim: ['open', 'awaiting_evidence', 'under_review'],
  handoff: ['queued'],
};

/** The statuses a case of this type can have at all. */
export const statusesOf = (type: CaseType): CaseStatus[] => Object.keys(GRAPHS[type]) as CaseStatus[];

export const initialStatuses = (type: CaseType): readonly CaseStatus[] => INITIAL[type];

export const defaultInitialStatus = (type: CaseType): CaseStatus => INITIAL[type][0] ?? 'open';

export const nextStatuses = (type: CaseType, from: CaseStatus): readonly CaseStatus[] => GRAPHS[type][from] ?? [];

export const canTransition = (type: CaseType, from: CaseStatus, to: CaseStatus): boolean => nextStatuses(type, from).includes(to);

/** Open = not closed: has a way out. Closed cases never block a new one. */
export const isOpenStatus = (type: CaseType, status: CaseStatus): boolean => nextStatuses(type, status).length > 0;

/** Refused transition; `from` lets a caller tell a double-clicked button (from === to) from a real conflict. */
export class CaseTransitionError extends CourierError {
  constructor(
    readonly caseId: string,
    readonly from: CaseStatus,
    readonly to: CaseStatus,
  ) {
    super('CASE_TRANSITION_INVALID', `case ${caseId} cannot go from ${from} to ${to}`, 409);
    this.name = 'CaseTransitionError';
  }
}
