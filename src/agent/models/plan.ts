// The rules model's decisions: from an Understanding and the conversation state to the tool calls
// of this turn, as ordered steps (a step's calls run together; the next step runs only if the
// previous one succeeded), or to a direct reply when no tool is needed.
import type { Understanding } from '../nlu/index.js';
import { resolvePick } from '../nlu/index.js';
import type { TurnState } from '../state.js';
import { failingAgain, wantsPerson } from './handoff-triggers.js';

export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

export type Plan = { steps: PlannedCall[][] } | { reply: 'greeting' | 'ship' | 'off_topic' | 'refuse_injection' | 'refuse_abuse' | 'didnt_understand' };

const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

/** Tool calls for an intent on an (optional) waybill. Resumed intents use the same table. */
export function callsFor(intent: string, waybill: string | undefined, u: Understanding | undefined, text: string, args: Record<string, unknown> = {}): PlannedCall[][] | null {
  const s = u?.slots ?? {};
  const note = args.note ?? (text.length > 6 ? text.slice(0, 120) : undefined);
  const w = { waybill };
  switch (intent) {
    case 'track':
      return [[{ name: 'track_parcel', args: clean(w) }]];
    case 'customs':
      return [[{ name: 'track_parcel', args: clean({ ...w, international: waybill ? undefined : true }) }]];
    case 'urge':
      return [[{ name: 'urge_delivery', args: clean({ ...w, note }) }]];
    case 'lost':
    case 'verify:lost':
      return [[{ name: 'open_station_verification', args: clean({ ...w, reason: 'lost', note }) }]];
    case 'locker_notice':
    case 'verify:locker_no_consent':
      return [[{ name: 'open_station_verification', args: clean({ ...w, reason: 'locker_no_consent', note }) }]];
    case 'verify:signed_not_received':
    case 'verify:wrong_place':
      return [[{ name: 'open_station_verification', args: clean({ ...w, reason: intent.slice(7), note }) }]];
    case 'signed_not_received':
      // The photo and the verification are independent: one step, so a missing photo does not stop the check.
      return [[{ name: 'get_delivery_photo', args: clean(w) }, { name: 'open_station_verification', args: clean({ ...w, reason: 'signed_not_received', note }) }]];
    case 'delivery_photo':
      return [[{ name: 'get_delivery_photo', args: clean(w) }]];
    case 'damaged':
    case 'claim:damaged':
      return [[{ name: 'file_claim', args: clean({ ...w, kind: 'damaged', description: args.description ?? note }) }]];
    case 'fresh_delay':
    case 'claim:fresh_delay':
      return [[{ name: 'file_claim', args: clean({ ...w, kind: 'fresh_delay', description: args.description ?? note }) }]];
    case 'claim:lost':
      return [[{ name: 'file_claim', args: clean({ ...w, kind: 'lost', description: args.description ?? note }) }]];
    case 'photos:damage':
    case 'photos:non_receipt':
      return [[{ name: 'request_photos', args: clean({ ...w, purpose: intent.slice(7) }) }]];
    case 'change_delivery':
      return [[{ name: 'change_delivery', args: clean({ ...w, address: args.address ?? s.address, time: args.time ?? s.time?.text, place: args.place ?? s.place, phone: args.phone ?? s.phone }) }]];
    case 'claim_status':
      return [[{ name: 'check_case_status', args: clean(w) }]];
    default:
      return null;
  }
}

export function planTurn(u: Understanding, state: TurnState, text: string): Plan {
  const s = u.slots;
  const aw = state.awaiting;

  // 1. Answers to what the bot asked for.
  if (aw?.kind === 'pick_parcel' && s.pick !== undefined && !s.waybill) {
    const i = resolvePick(s.pick, aw.options.length);
    const waybill = i !== undefined ? aw.options[i] : undefined;
    if (waybill) return { steps: callsFor(aw.intent, waybill, undefined, '', aw.args) ?? [[{ name: 'track_parcel', args: { waybill } }]] };
  }
  if (aw?.kind === 'verify_last4') {
    const last4 = s.phoneLast4 ?? (/^\D*(\d{4})\D*$/.exec(text)?.[1]);
    if (last4) {
      const resumed = callsFor(aw.intent, aw.waybill, undefined, '', aw.args) ?? [];
      return { steps: [[{ name: 'verify_identity', args: { waybill: aw.waybill, last4 } }], ...resumed] };
    }
  }
  if (aw?.kind === 'bind_code' && s.code && (u.intent === 'bind' || u.confidence < 0.8)) return { steps: [[{ name: 'bind_phone', args: { code: s.code } }]] };
  if (aw?.kind === 'phone' && s.phone) return { steps: [[{ name: 'bind_phone', args: { phone: s.phone } }]] };

  // “核实” right after a delivery photo that was not where agreed (DESIGN.md: offer 获取派件照片, then 网点核实).
  const photoParcel = s.waybill ?? state.lastWaybill;
  if (state.lastIntent === 'delivery_photo' && photoParcel && /核实|不是(我)?同意|不对|不是这|没放这|放错/.test(text)) {
    return { steps: [[{ name: 'open_station_verification', args: { waybill: photoParcel, reason: 'wrong_place', note: text.slice(0, 120) } }]] };
  }

  // 2. Refusals come before anything else the message might also ask.
  if (u.intent === 'other' || u.intent === 'greeting' || u.intent === 'ship') {
    if (s.injection) return { reply: 'refuse_injection' };
    if (s.abuse) return { reply: 'refuse_abuse' };
    if (u.intent === 'greeting') return { reply: 'greeting' };
    if (u.intent === 'ship') return { reply: 'ship' };
    // A threat, anger twice, or not understanding twice in a row: a person, not another apology.
    if (u.intent === 'other' && (wantsPerson(u, state, undefined) || (u.confidence < 0.35 && failingAgain(state)))) {
      return { steps: [[{ name: 'handoff_to_human', args: clean({ reason: text.slice(0, 120), waybill: state.lastWaybill }) }]] };
    }
    return { reply: u.confidence < 0.35 ? 'didnt_understand' : 'off_topic' };
  }

  // 3. The intent, on the waybill named, pointed at (“那个件”), or the one just discussed.
  const picked = s.pick !== undefined && state.offered?.length ? state.offered[resolvePick(s.pick, state.offered.length) ?? -1] : undefined;
  // An unbound customer has no parcels of their own to resolve: the parcel just discussed is meant.
  const waybill = s.waybill ?? picked ?? (s.reference ? state.discussed[0] : undefined) ?? (isAction(u.intent) || !state.bound ? state.lastWaybill : undefined);

  if (wantsPerson(u, state, waybill)) {
    return { steps: [[{ name: 'handoff_to_human', args: clean({ reason: text.slice(0, 120), waybill }) }]] };
  }
  if (u.intent === 'bind') {
    return { steps: [[{ name: 'bind_phone', args: clean({ phone: s.phone, code: s.code }) }]] };
  }
  return { steps: callsFor(u.intent, waybill, u, text) ?? [[{ name: 'track_parcel', args: clean({ waybill }) }]] };
}

/** Intents that act on "the parcel we just talked about" when none is named (催一下 after a tracking answer).
 * The others name a kind of parcel (a delivered one, a fresh one) and are resolved by the tool. */
const ACTIONS = new Set(['urge', 'lost', 'change_delivery', 'claim_status']);
const isAction = (intent: string) => ACTIONS.has(intent);
