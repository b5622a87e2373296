// The dimensions and scan features of a parcel at the time of an event. Only area-level values
// (小区, 区, station, route, product, courier) leave here; the receiver's address never does.
import { currentStatus, isActive, lastValidScan, routeFromEvents } from '../courier/status.js';
import { routeKey, type Parcel } from '../courier/types.js';
import { HOUR_MS } from './time.js';
import type { Dims, Features } from './types.js';

/** A parcel without a new scan for this long is "stalled" where it last was. */
const STALLED_MS = 24 * HOUR_MS;

export function dimensionsOf(p: Parcel): Dims {
  const route = p.route ?? routeFromEvents(p.events);
  const courier = p.events.findLast((e) => e.courier !== undefined)?.courier;
  return {
    ...(p.receiver.community && { community: p.receiver.community }),
    ...(p.receiver.district && { district: p.receiver.district }),
    ...(p.stationId && { station: p.stationId }),
    ...(route && { route: routeKey(route) }),
    product: p.product,
    ...(courier && { courier }),
  };
}

export function featuresOf(p: Parcel, now: number): Features {
  const out: Features = {};
  const status = currentStatus(p, now);
  if (status) out.status = status;
  const transit = transitHours(p, now);
  if (transit !== undefined) out.transitH = transit;
  const last = lastValidScan(p, now);
  if (last && isActive(p, now) && status !== 'locker_pickup' && now - last.at >= STALLED_MS) {
    out.stalledAt = last.site;
    out.stalledH = round1((now - last.at) / HOUR_MS);
  }
  return out;
}

/** Origin hub → destination hub: the trunk leg a route's delay shows in. */
function transitHours(p: Parcel, now: number): number | undefined {
  const route = p.route ?? routeFromEvents(p.events);
  if (!route) return undefined;
  const events = p.events.filter((e) => e.at <= now);
  const left = events.find((e) => e.site === route.originHub);
  if (!left) return undefined;
  const arrived = events.find((e) => e.site === route.destHub && e.at >= left.at);
  return round1(((arrived?.at ?? now) - left.at) / HOUR_MS);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
