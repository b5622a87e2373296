// Which parcel a request is about, and whether this customer may see or act on it. Enforced here,
// inside the tools, whatever the model asks (DESIGN.md step 3): a bound customer acts on parcels
// where the bound phone is sender or receiver; anyone else may only track by waybill (scans only,
// parties masked) until they verify with the phone's last four digits for that parcel.
import type { Parcel, PartyRole } from '../courier/types.js';
import { normaliseWaybill } from '../courier/types.js';
import { currentStatus, isActive, latestEvent } from '../courier/status.js';
import type { AgentContext } from './context.js';
import type { ToolDeps } from './deps.js';

export type Resolved =
  | { kind: 'ok'; parcel: Parcel; role: PartyRole | null }
  | { kind: 'choose'; options: Parcel[] }
  | { kind: 'none_active' }
  | { kind: 'need_waybill' }
  | { kind: 'not_found'; waybill: string };

/** Which of a customer's parcels a request can be about, by what it asks (never ask for what is known). */
export type Purpose = 'active' | 'stale' | 'delivered' | 'fresh' | 'international' | 'locker' | 'any';

const RECENT_MS = 7 * 86_400_000;
const STALE_MS = 72 * 3600_000;

export function fitsPurpose(p: Parcel, purpose: Purpose, now: number): boolean {
  const status = currentStatus(p, now);
  const last = latestEvent(p, now)?.at ?? 0;
  switch (purpose) {
    case 'active':
      return isActive(p, now);
    case 'stale':
      // “一周没动静”: an active parcel with no scan for three days or more.
      return isActive(p, now) && now - last >= STALE_MS;
    case 'delivered':
      return (status === 'delivered' || status === 'locker_pickup') && now - last < RECENT_MS;
    case 'locker':
      return status === 'locker_pickup' || (status === 'delivered' && now - last < RECENT_MS);
    case 'fresh':
      return p.product === 'fresh' && now - last < RECENT_MS;
    case 'international':
      return p.product === 'international' && (isActive(p, now) || now - last < RECENT_MS);
    case 'any':
      return isActive(p, now) || now - last < RECENT_MS;
  }
}

/** Finds the parcel: the waybill given, else the customer's only parcel fitting the purpose, else a choice. */
export async function resolveParcel(deps: ToolDeps, ctx: AgentContext, waybill?: string, purpose: Purpose = 'active'): Promise<Resolved> {
  if (waybill) {
    const parcel = await deps.courier.parcel(normaliseWaybill(waybill));
    if (!parcel) return { kind: 'not_found', waybill: normaliseWaybill(waybill) };
    return { kind: 'ok', parcel, role: await roleOf(deps, ctx, parcel) };
  }
  if (!ctx.phone) return { kind: 'need_waybill' };
  const mine = await deps.courier.parcelsByPhone(ctx.phone);
  let fitting = mine.filter((p) => fitsPurpose(p.parcel, purpose, ctx.now));
  // Nothing fits the narrower purpose: offer everything recent rather than say "none".
  if (!fitting.length && purpose !== 'active') fitting = mine.filter((p) => fitsPurpose(p.parcel, purpose === 'stale' ? 'active' : 'any', ctx.now));
  if (fitting.length === 1) return { kind: 'ok', parcel: fitting[0]!.parcel, role: fitting[0]!.role };
  if (fitting.length > 1) return { kind: 'choose', options: fitting.map((p) => p.parcel) };
  return { kind: 'none_active' };
}

/** The customer's role on the parcel: by bound phone, else by a last-four verification. */
export async function roleOf(deps: ToolDeps, ctx: AgentContext, parcel: Parcel): Promise<PartyRole | null> {
  if (ctx.phone) {
    if (parcel.receiver.phone === ctx.phone) return 'receiver';
    if (parcel.sender.phone === ctx.phone) return 'sender';
  }
  return deps.identity.verifiedRole(ctx.channel, ctx.customerId, parcel.waybill);
}
