// The demo world's parcels as the console lists them: status label as of the sandbox clock, the
// newest scan, the delivering station and which demo customers the parcel belongs to. No phones
// or addresses: names and cities only.
import { latestEvent, statusLabel } from '../../courier/status.js';
import type { World } from '../../courier/world.js';

export interface ConsoleParcel {
  waybill: string;
  item?: string;
  product: string;
  status?: string;
  statusLabel: string;
  lastScan?: { at: number; site: string; note?: string };
  stationId?: string;
  stationName?: string;
  receiver: { name: string; city: string };
  sender: { name: string; city: string };
  /** Ids of the world's customers whose phone sends or receives it. */
  owners: string[];
  exception?: string;
}

export function consoleParcels(world: World | undefined, now: number): ConsoleParcel[] {
  if (!world) return [];
  const stations = new Map(world.stations.map((s) => [s.id, s.name]));
  return world.parcels.map((p) => {
    const last = latestEvent(p, now);
    const owners = world.customers.filter((c) => c.phone && (c.phone === p.receiver.phone || c.phone === p.sender.phone)).map((c) => c.id);
    const stationName = p.stationId ? stations.get(p.stationId) : undefined;
    return {
      waybill: p.waybill,
      ...(p.item && { item: p.item }),
      product: p.product,
      ...(last && { status: last.status }),
      statusLabel: last ? statusLabel(last.status) : '未揽收',
      ...(last && { lastScan: { at: last.at, site: last.site, ...(last.note && { note: last.note }) } }),
      ...(p.stationId && { stationId: p.stationId }),
      ...(stationName && { stationName }),
      receiver: { name: p.receiver.name, city: p.receiver.city },
      sender: { name: p.sender.name, city: p.sender.city },
      owners,
      ...(p.exception && { exception: p.exception.reason }),
    };
  });
}
