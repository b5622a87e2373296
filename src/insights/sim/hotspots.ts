// The hot spots the simulator injects, one of each kind the issue names: one 小区's locker
// complaints (a courier leaving parcels in lockers without notice), one route's fresh delays
// (its trunk transit time up), one station's urge surge (parcels stalled without a scan).
import { DAY_MS, HOUR_MS } from '../time.js';
import type { Category, Dimension, Features } from '../types.js';
import type { SimCommunity, SimModel, SimRoute } from './model.js';
import type { Random } from './random.js';

export interface EmitOverrides {
  dims?: Partial<Record<Dimension, string>>;
  features?: Features;
  route?: SimRoute;
}

export interface Injected {
  id: string;
  /** What a person would call it: 张江花园 放丰巢没通知. */
  label: string;
  category: Category;
  dim: Dimension;
  value: string;
  start: number;
  end: number;
  /** Extra contacts per ordinary day while it lasts (more on a day with more parcels). */
  perDay: number;
  emit(rnd: Random, make: (c: SimCommunity, over: EmitOverrides) => void): void;
}

const URGE_RATE = 0.005;

export function pickHotspots(model: SimModel, rnd: Random, from: number, to: number): Injected[] {
  const startIn = () => Math.floor(rnd.between(from, to - 4 * DAY_MS) / 60_000) * 60_000;
  const out: Injected[] = [];

  const place = rnd.pick(model.communities);
  // A stand-in courier from elsewhere in the station, who leaves parcels in lockers without calling.
  const colleagues = [...new Set(model.communities.filter((c) => c.station === place.station).flatMap((c) => c.couriers))];
  const strangers = colleagues.filter((c) => !place.couriers.includes(c));
  const courier = rnd.pick(strangers.length ? strangers : place.couriers);
  const lockerStart = startIn();
  out.push({
    id: 'locker',
    label: `${place.name} 放丰巢没通知（替班快递员 ${courier}）`,
    category: 'locker_notice',
    dim: 'community',
    value: place.name,
    start: lockerStart,
    end: lockerStart + Math.round(rnd.between(48, 72)) * HOUR_MS,
    perDay: rnd.between(8, 12),
    emit: (r, make) => make(place, { dims: { courier: r.next() < 0.9 ? courier : r.pick(place.couriers) } }),
  });

  const freshRoutes = model.routes.filter((r) => !r.international && r.freshWeight >= 2);
  const route = rnd.pick(freshRoutes.length ? freshRoutes : model.routes);
  const served = model.communities.filter((c) => model.stations.find((s) => s.id === c.station)?.destHub === route.destHub);
  const freshStart = startIn();
  out.push({
    id: 'fresh-route',
    label: `${route.key} 生鲜延误（干线时长上升）`,
    category: 'fresh_delay',
    dim: 'route',
    value: route.key,
    start: freshStart,
    end: freshStart + Math.round(rnd.between(60, 84)) * HOUR_MS,
    perDay: rnd.between(8, 12),
    emit: (r, make) =>
      make(r.weighted(served, (c) => c.volume), { route, dims: { product: 'fresh', route: route.key }, features: { transitH: Math.round(route.transitH * r.between(2.2, 3) * 10) / 10 } }),
  });

  const station = rnd.pick(model.stations);
  const own = model.communities.filter((c) => c.station === station.id);
  const usual = own.reduce((s, c) => s + c.volume, 0) * URGE_RATE;
  const urgeStart = startIn();
  out.push({
    id: 'urge-station',
    label: `${station.name} 催件激增（到站未扫描）`,
    category: 'urge',
    dim: 'station',
    value: station.id,
    start: urgeStart,
    end: urgeStart + Math.round(rnd.between(36, 60)) * HOUR_MS,
    perDay: usual * rnd.between(2.5, 3.5),
    emit: (r, make) =>
      make(r.weighted(own, (c) => c.volume), r.next() < 0.7 ? { features: { stalledAt: station.name, stalledH: Math.round(r.between(26, 50)) } } : {}),
  });
  return out;
}
