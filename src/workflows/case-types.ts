// The durable case every workflow (urge, verification, claim, delivery change, handoff) works on,
// with zod schemas for what is stored and for what callers pass in. Which status may follow
// which lives in case-machine.ts. Indexes and job payloads carry case ids only.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const CASE_TYPES = ['urge', 'verification', 'claim', 'delivery_change', 'handoff'] as const;
export const CaseTypeSchema = z.enum(CASE_TYPES);
export type CaseType = z.infer<typeof CaseTypeSchema>;

export const CLAIM_KINDS = ['lost', 'damaged', 'fresh_delay'] as const;
export const ClaimKindSchema = z.enum(CLAIM_KINDS);
export type ClaimKind = z.infer<typeof ClaimKindSchema>;

export const VERIFICATION_KINDS = ['lost', 'signed_not_received', 'wrong_place', 'locker_no_consent', 'damaged', 'other'] as const;
export const VerificationKindSchema = z.enum(VERIFICATION_KINDS);
export type VerificationKind = z.infer<typeof VerificationKindSchema>;

export const CASE_STATUSES = [
  'open',
  'in_progress',
  'awaiting_customer',
  'escalated',
  'resolved',
  'cancelled',
  'awaiting_evidence',
  'under_review',
  'approved',
  'rejected',
  'paid',
  'queued',
  'human',
  'closed',
] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const PrioritySchema = z.enum(['normal', 'high']);
export type Priority = z.infer<typeof PrioritySchema>;

export const CaseCustomerSchema = z.object({
  channel: z.string().min(1),
  id: z.string().min(1),
  role: z.enum(['sender', 'receiver', 'unknown']),
});
export type CaseCustomer = z.infer<typeof CaseCustomerSchema>;

export const EvidenceSchema = z.object({
  kind: z.enum(['photo', 'note']),
  mediaId: z.string().min(1).optional(),
  text: z.string().optional(),
  by: z.string().min(1),
  at: z.number(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const TimelineEntrySchema = z.object({
  at: z.number(),
  actor: z.string().min(1),
  /** opened | joined | repeated | status:<to> | evidence:<kind> | note | assigned | updated */
  action: z.string().min(1),
  note: z.string().optional(),
  /** The request (inbound message key) that caused it: a retried turn is recognised by it. */
  ref: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const CaseSchema = z.object({
  /** Short and readable over the phone: U-7KQ2MX (urge), V-… verification, C-… claim, D-… delivery change, H-… handoff. */
  id: z.string().min(1),
  type: CaseTypeSchema,
  kind: z.string().min(1).optional(),
  /** Normalised waybill; '' only for a handoff that names no parcel. */
  waybill: z.string(),
  status: CaseStatusSchema,
  priority: PrioritySchema,
  /** Station id or WeCom userid currently responsible. */
  assignee: z.string().min(1).optional(),
  stationId: z.string().min(1).optional(),
  customers: z.array(CaseCustomerSchema),
  /** When the promised answer is due (epoch ms); a follow-up job checks it. */
  slaDueAt: z.number().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  evidence: z.array(EvidenceSchema),
  /** Oldest first. */
  timeline: z.array(TimelineEntrySchema),
  data: z.record(z.string(), z.unknown()),
});
export type Case = z.infer<typeof CaseSchema>;

const ID_PREFIX: Record<CaseType, string> = { urge: 'U', verification: 'V', claim: 'C', delivery_change: 'D', handoff: 'H' };
// Crockford-like: no 0/O or 1/I, so an id read out on the phone or typed from a screenshot is unambiguous.
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CASE_ID = /^[UVCDH]-[2-9A-HJ-NP-Z]{6}$/;

/** A fresh id such as U-7KQ2MX: 32^6 ≈ 1e9 per type; the store refuses a collision and draws again. */
export function newCaseId(type: CaseType): string {
  // 256 is a multiple of 32, so masking keeps every letter equally likely.
  const body = [...randomBytes(6)].map((b) => ID_ALPHABET[b & 31]).join('');
  return `${ID_PREFIX[type]}-${body}`;
}
