// Courier domain types, the same whichever backend (sandbox world, REST API) supplies them.
// Times are epoch milliseconds; phones are normalised digits (see normalisePhone). Every value
// here may be personal data: mask it (lib/mask.ts) before it reaches a log or another party.
import { z } from 'zod';
import { PARCEL_STATUSES } from './status.js';

export const ParcelStatusSchema = z.enum(PARCEL_STATUSES);

export const Product = z.enum(['standard', 'fresh', 'international']);
export type Product = z.infer<typeof Product>;

/** Mainland mobile (11 digits) or landline with area code (0 + 9–11 digits), digits only. */
export const Phone = z.string().regex(/^(?:1[3-9]\d{9}|0\d{9,11})$/, 'must be a mainland mobile or landline number');

/** 138 0000 0001, 138-0000-0001, +86 13800000001 → 13800000001. Returns the digits even when invalid. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[\s()+-]/g, '');
  return /^86(1[3-9]\d{9})$/.test(digits) ? digits.slice(2) : digits;
}

/** Waybills are case-insensitive on the wire; we keep them upper-case. Child waybills carry dashes (JD…-1-1). */
export const Waybill = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, 'must be 3–40 letters, digits or dashes');
export const normaliseWaybill = (waybill: string): string => waybill.trim().toUpperCase();

export const Party = z.object({
  name: z.string().min(1),
  phone: Phone,
  city: z.string().min(1),
  address: z.string().min(1).optional(),
  /** 小区 / residential compound: the area insights group complaints by. */
  community: z.string().min(1).optional(),
  /** 区 / 县 of the address. */
  district: z.string().min(1).optional(),
});
export type Party = z.infer<typeof Party>;

export const ScanEvent = z.object({
  at: z.number().int(),
  /** The raw scan: a world-file action code or the courier system's description. */
  action: z.string().min(1),
  /** `action` normalised (status.ts). */
  status: ParcelStatusSchema,
  site: z.string().min(1),
  /** The courier (快递员) on a delivering scan. */
  courier: z.string().min(1).optional(),
  note: z.string().min(1).optional(),
});
export type ScanEvent = z.infer<typeof ScanEvent>;

/** An operational delay the backend knows of, e.g. { site: 上海转运中心, reason: 暴雨临时积压, eta }. */
export const ParcelException = z.object({
  site: z.string().min(1),
  reason: z.string().min(1),
  /** The backend's own estimate of when the parcel moves on; never made up by the bot. */
  eta: z.number().int().optional(),
});
export type ParcelException = z.infer<typeof ParcelException>;

/** Proof of delivery: a photo and where the parcel was left (快递柜, 门口, 前台 …). */
export const Proof = z.object({
  photo: z.string().min(1),
  placedAt: z.string().min(1),
  note: z.string().min(1).optional(),
});
export type Proof = z.infer<typeof Proof>;

export const Route = z.object({
  originHub: z.string().min(1),
  destHub: z.string().min(1),
});
export type Route = z.infer<typeof Route>;

/** The one key a route is grouped and counted by: `大连转运中心→上海转运中心`. */
export const routeKey = (route: Route): string => `${route.originHub}→${route.destHub}`;

export const Parcel = z.object({
  waybill: Waybill,
  product: Product,
  /** What is inside, when the backend knows (大闸蟹, 车厘子); lets replies be concrete. */
  item: z.string().min(1).optional(),
  /** Declared value in yuan. */
  declaredValue: z.number().nonnegative().optional(),
  insured: z.boolean().optional(),
  sender: Party,
  receiver: Party,
  /** The delivering station (Station.id). */
  stationId: z.string().min(1).optional(),
  /** In time order, oldest first. */
  events: z.array(ScanEvent),
  exception: ParcelException.optional(),
  proof: Proof.optional(),
  route: Route.optional(),
});
export type Parcel = z.infer<typeof Parcel>;

export const Station = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** WeCom userids that receive this station's tasks. */
  staff: z.array(z.string().min(1)),
  phone: z.string().min(1).optional(),
  address: z.string().min(1).optional(),
});
export type Station = z.infer<typeof Station>;

export const Customer = z.object({
  /** Official Account openid, or 微信客服 external_userid. */
  id: z.string().min(1),
  /** The bound phone; absent for an unbound customer. */
  phone: Phone.optional(),
});
export type Customer = z.infer<typeof Customer>;

export type PartyRole = 'sender' | 'receiver';
