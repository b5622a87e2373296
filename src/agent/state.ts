// The conversation state the model sees each turn, as a compact JSON block inside the system
// prompt (masked: waybills and statuses only, no phones, names or addresses). The rules model
// reads it back; an LLM reads it as context.
import type { Awaiting } from '../conversation/memory.js';

export interface TurnState {
  bound: boolean;
  /** Waybills discussed, most recent first. */
  discussed: string[];
  /** The single parcel the last turn was about, for “催一下” right after a tracking answer. */
  lastWaybill?: string;
  lastIntent?: string;
  awaiting?: Awaiting;
  /** The last numbered parcel list shown to the customer. */
  offered?: string[];
  /** Free facts the customer gave earlier (老小区无电梯 …). */
  facts?: string[];
  /** The mood of the customer's previous message: a second angry one goes to a person. */
  mood?: 'neutral' | 'upset' | 'angry';
  /** Open cases whose promise was missed (escalated): raising the same problem again goes to a person. */
  missed?: { type: string; waybill: string }[];
  /** Turns in a row the bot could not handle (did not understand, a tool failed): the second goes to a person. */
  failures?: number;
}

const OPEN = '<state>';
const CLOSE = '</state>';

export function encodeState(state: TurnState): string {
  return `${OPEN}${JSON.stringify(state)}${CLOSE}`;
}

export function decodeState(text: string): TurnState {
  const start = text.lastIndexOf(OPEN);
  const end = text.lastIndexOf(CLOSE);
  if (start < 0 || end < start) return { bound: false, discussed: [] };
  try {
    const v = JSON.parse(text.slice(start + OPEN.length, end)) as TurnState;
    return { ...v, bound: !!v.bound, discussed: Array.isArray(v.discussed) ? v.discussed : [] };
  } catch {
    return { bound: false, discussed: [] };
  }
}
