// What the pipeline reports (a handled turn, a case step) turned into insight events. This is
// pure: the event has no parcel dimensions yet (the insights worker looks the parcel up), and
// the customer's words are redacted here, before anything is queued.
import type { Case } from '../workflows/case-types.js';
import { categoryOfCase, categoryOfIntent } from './labels.js';
import { redactText } from './redact.js';
import type { InsightEvent, Outcome } from './types.js';

export interface TurnSignal {
  conversationId: string;
  messageKey: string;
  at: number;
  intent?: string;
  tools: string[];
  results: { tool: string; status: string; caseId?: string }[];
  /** The parcel the turn was about, when it was one. */
  waybill?: string;
  /** The customer's words (redacted before they are kept). */
  text?: string;
}

/** `opened`: a workflow or handoff started; `answered`: a person answered the task; `missed`: its SLA passed. */
export type CaseStep = 'opened' | 'answered' | 'missed';

const HANDOFF_TOOL = 'handoff_to_human';
const FAILED = new Set(['error', 'unavailable']);

export function turnOutcome(tools: readonly string[], results: TurnSignal['results']): Outcome {
  // The agent may hand over after repeated failures without a tool result of its own.
  if (results.some((r) => r.tool === HANDOFF_TOOL && r.status === 'ok') || (tools.includes(HANDOFF_TOOL) && !results.some((r) => r.tool === HANDOFF_TOOL))) return 'handoff';
  if (results.some((r) => r.caseId && r.status === 'ok')) return 'workflow';
  if (results.length && results.every((r) => FAILED.has(r.status))) return 'failed';
  return 'answered';
}

export function turnEvent(s: TurnSignal): InsightEvent {
  const caseId = s.results.find((r) => r.caseId)?.caseId;
  return {
    id: `t:${s.messageKey}`,
    at: s.at,
    kind: 'turn',
    category: categoryOfIntent(s.intent),
    outcome: turnOutcome(s.tools, s.results),
    conversationId: s.conversationId,
    ...(caseId && { caseId }),
    ...(s.waybill && { waybill: s.waybill }),
    ...(s.text && { excerpt: redactText(s.text) }),
    dims: {},
  };
}

/**
 * A promise is kept when a person answered before it fell due and no follow-up had to escalate
 * it; an answer after an escalation is late (the miss was already counted).
 */
export function caseEvent(step: CaseStep, c: Case, at: number): InsightEvent {
  const escalated = c.timeline.some((e) => e.actor === 'follow-up');
  const outcome: Outcome =
    step === 'opened' ? (c.type === 'handoff' ? 'handoff' : 'workflow') : step === 'missed' ? 'missed' : !escalated && at <= (c.slaDueAt ?? Number.POSITIVE_INFINITY) ? 'kept' : 'late';
  const first = c.customers[0];
  const conversationId = c.type === 'handoff' && typeof c.data.conversationId === 'string' ? c.data.conversationId : first ? `${first.channel}:${first.id}` : undefined;
  return {
    // One event per case and step: a retried job or a second answer is the same event.
    id: `k:${c.id}:${step}`,
    at,
    kind: 'case',
    category: categoryOfCase(c.type, c.kind),
    outcome,
    caseId: c.id,
    ...(conversationId && { conversationId }),
    ...(c.waybill && { waybill: c.waybill }),
    dims: {},
  };
}
