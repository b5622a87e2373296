// When the rules model hands a conversation to a person (issue “When to hand off”): the customer
// asks (the NLU also reads 网点拒绝送货上门 and 理赔金额不满意 as asking, they are disputes the bot may
// not decide); a regulator threat (12305, 邮政局); a compensation amount disputed; a second angry
// message in a row; the same problem raised again after the bot's promise on it was missed; or the
// bot failing the customer a second time in a row. An LLM reads the same state and the
// handoff_to_human tool's description.
import type { Understanding } from '../nlu/index.js';
import type { TurnState } from '../state.js';

/** Which case type an intent raises again. */
const CASE_OF: Record<string, string> = {
  urge: 'urge',
  track: 'urge',
  lost: 'verification',
  signed_not_received: 'verification',
  locker_notice: 'verification',
  claim_status: 'claim',
  damaged: 'claim',
  fresh_delay: 'claim',
  change_delivery: 'delivery_change',
};

const strongAnger = (u: Understanding, state: TurnState) => u.slots.sentiment === 'angry' && state.mood === 'angry';

function raisedAgainAfterMiss(u: Understanding, state: TurnState, waybill: string | undefined): boolean {
  const type = CASE_OF[u.intent];
  return !!type && (state.missed ?? []).some((m) => m.type === type && (!waybill || m.waybill === waybill));
}

/** A person should take this turn (a customer-facing request the bot must not decide alone). */
export function wantsPerson(u: Understanding, state: TurnState, waybill: string | undefined): boolean {
  const s = u.slots;
  if (s.injection || s.abuse) return false;
  return u.intent === 'human' || !!s.regulatorThreat || !!s.amountDispute || strongAnger(u, state) || raisedAgainAfterMiss(u, state, waybill);
}

/** The bot is about to fail again (it failed the previous turn too). */
export const failingAgain = (state: TurnState) => (state.failures ?? 0) >= 1;
