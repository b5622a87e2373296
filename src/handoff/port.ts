// What the rest of the product calls: CaseWorkflows.handoff() (the handoff_to_human tool) asks for a
// person; the follow-up worker hands a handoff's due checks (accept timeout, callback) here. An
// interface, so workflows/ knows the handoff only by type.
import type { Case } from '../workflows/cases.js';
import type { CaseOutcome, CustomerRef } from '../workflows/workflows.js';

export interface HandoffRequest {
  conversationId: string;
  customer: CustomerRef;
  /** One line from the conversation: the 用户诉求 on the card. */
  reason: string;
  waybill?: string;
  /** The inbound message behind it: a retried turn changes nothing. */
  messageKey: string;
}

export type DueResult = 'kept' | 'escalated' | 'gone';

export interface HandoffPort {
  request(i: HandoffRequest): Promise<CaseOutcome>;
  onDue(c: Case, step: string): Promise<DueResult>;
}
