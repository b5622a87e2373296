// The obligations the bot can start. Tools call these; money and promises are decided here and in
// policy code, never by the model. Each call opens or joins the one open case for (waybill, type),
// and returns the promise text that comes from the SLA configuration — which a follow-up job checks.
import type { Parcel } from '../courier/types.js';
import { maskPhone } from '../lib/mask.js';
import type { Case } from './cases.js';

export interface CustomerRef {
  channel: 'wechat' | 'wecom-kf';
  id: string;
  role: 'sender' | 'receiver' | 'unknown';
}

export type VerificationKind = 'lost' | 'signed_not_received' | 'wrong_place' | 'locker_no_consent';
export type ClaimKind = 'lost' | 'damaged' | 'fresh_delay';

export interface DeliveryChange {
  address?: string;
  time?: string;
  /** The recipient's new contact number (收件人电话换了); masked wherever the change is described. */
  phone?: string;
  place?: 'door' | 'locker' | 'station' | 'neighbor' | 'reception';
}

const PLACES: Record<string, string> = { door: '放门口', locker: '放快递柜', station: '放驿站', neighbor: '放邻居家', reception: '放前台' };

/** The change in words, for the customer's reply, the timeline and the card; the phone masked. */
export function describeChange(change: DeliveryChange): string {
  return [
    change.address ? `改送到 ${change.address}` : '',
    change.time ? `时间改为${change.time}` : '',
    change.place ? (PLACES[change.place] ?? change.place) : '',
    change.phone ? `收件电话改为 ${maskPhone(change.phone)}` : '',
  ]
    .filter(Boolean)
    .join('，');
}

export interface CaseOutcome {
  case: Case;
  created: boolean;
  /** zh-CN sentence stating what happens next and when, from the SLA config (e.g. “30 分钟内网点会联系您”). */
  promise: string;
}

export interface Workflows {
  urge(i: { parcel: Parcel; customer: CustomerRef; note?: string; messageKey: string }): Promise<CaseOutcome>;
  verify(i: { parcel: Parcel; customer: CustomerRef; kind: VerificationKind; note?: string; messageKey: string }): Promise<CaseOutcome>;
  claim(i: { parcel: Parcel; customer: CustomerRef; kind: ClaimKind; description?: string; messageKey: string }): Promise<CaseOutcome & { needsPhotos: boolean }>;
  changeDelivery(i: { parcel: Parcel; customer: CustomerRef; change: DeliveryChange; messageKey: string }): Promise<CaseOutcome>;
  handoff(i: { conversationId: string; customer: CustomerRef; reason: string; waybill?: string; messageKey: string }): Promise<CaseOutcome>;
  /** A customer photo for a case awaiting evidence; returns what happens next. */
  attachPhoto(caseId: string, photo: { mediaId: string; by: string }): Promise<{ case: Case; next: string }>;
  casesOf(customer: { channel: string; id: string }, waybill?: string): Promise<Case[]>;
  /** The customer's answer to a station's request for more information (re-opens that verification). */
  customerReplied?(customer: { channel: string; id: string }, text: string, messageKey: string): Promise<{ case: Case; reply: string } | null>;
}
