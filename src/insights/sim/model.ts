// The simulated courier network, grown from the demo world: its stations, 小区, districts,
// couriers and hub-to-hub routes, plus a few more 小区 and couriers per station (a real station
// serves several compounds) so that a 小区 and its station are different places.
import { routeFromEvents } from '../../courier/status.js';
import { routeKey, type Route } from '../../courier/types.js';
import type { World } from '../../courier/world.js';
import type { Random } from './random.js';

export interface SimCommunity {
  name: string;
  district: string;
  station: string;
  couriers: string[];
  /** Parcels in the network for this 小区 on an ordinary day. */
  volume: number;
}

export interface SimRoute {
  key: string;
  destHub: string;
  international: boolean;
  /** Share of the destination's parcels and of its fresh parcels on this route. */
  weight: number;
  freshWeight: number;
  /** Usual trunk transit in hours. */
  transitH: number;
}

export interface SimStation {
  id: string;
  name: string;
  destHub: string;
}

export interface SimModel {
  stations: SimStation[];
  communities: SimCommunity[];
  routes: SimRoute[];
}

// Compounds and couriers the demo world does not list, by station (names are illustrative).
const MORE_COMMUNITIES: Record<string, string[]> = {
  zhangjiang: ['玉兰香苑', '汤臣豪园', '长泰东郊', '盛夏家园'],
  tianlin: ['田林新苑', '田林九村', '宜山小区'],
  qibao: ['七宝老街公寓', '航华一村', '莘松小区'],
  wenyi: ['翠苑二区', '文鼎苑', '嘉绿苑'],
  wangjing: ['花家地北里', '南湖中园', '望京新城'],
};
const MORE_COURIERS = ['周师傅', '吴师傅', '郑师傅', '冯师傅', '陈师傅', '褚师傅', '卫师傅', '蒋师傅', '沈师傅', '韩师傅', '杨师傅', '朱师傅'];
const FRESH_ORIGINS = /大连|苏州|广州|哈尔滨/;
/** Scans by the delivering courier (pick-up couriers belong to the sender's station). */
const DELIVERING: ReadonlySet<string> = new Set(['out_for_delivery', 'delivered', 'locker_pickup']);

export function buildModel(world: World, rnd: Random): SimModel {
  const routes = new Map<string, Route>();
  const destOf = new Map<string, Map<string, number>>();
  const districtOf = new Map<string, string>();
  const couriersOf = new Map<string, Set<string>>();
  const communitiesOf = new Map<string, Set<string>>();
  for (const p of world.parcels) {
    const route = p.route ?? routeFromEvents(p.events);
    if (route) routes.set(routeKey(route), route);
    if (!p.stationId) continue;
    const s = p.stationId;
    if (route && !/国际/.test(route.destHub)) bump(destOf, s, route.destHub);
    if (p.receiver.community) add(communitiesOf, s, p.receiver.community);
    if (p.receiver.district) districtOf.set(s, p.receiver.district);
    for (const e of p.events) if (e.courier && DELIVERING.has(e.status)) add(couriersOf, s, e.courier);
  }
  const extraCouriers = [...MORE_COURIERS];
  const stations: SimStation[] = world.stations.map((st) => ({ id: st.id, name: st.name, destHub: topKey(destOf.get(st.id)) ?? '上海转运中心' }));
  const communities: SimCommunity[] = [];
  for (const st of stations) {
    const couriers = [...(couriersOf.get(st.id) ?? [])];
    while (couriers.length < 3 && extraCouriers.length) couriers.push(extraCouriers.shift()!);
    const names = [...(communitiesOf.get(st.id) ?? []), ...(MORE_COMMUNITIES[st.id] ?? [])];
    names.forEach((name, i) => {
      // Each courier covers a few neighbouring compounds, so a 小区 has one or two couriers.
      const own = [couriers[i % couriers.length]!, couriers[(i + 1) % couriers.length]!];
      communities.push({ name, district: districtOf.get(st.id) ?? '未知区', station: st.id, couriers: [...new Set(own)], volume: Math.round(rnd.between(250, 700)) });
    });
  }
  return { stations, communities, routes: simRoutes(routes, stations, rnd) };
}

/** Every domestic origin hub of the world into each destination hub, plus the world's international routes. */
function simRoutes(known: Map<string, Route>, stations: SimStation[], rnd: Random): SimRoute[] {
  const hubs = new Set<string>();
  for (const r of known.values()) for (const h of [r.originHub, r.destHub]) if (!/国际/.test(h)) hubs.add(h);
  const out: SimRoute[] = [];
  for (const dest of new Set(stations.map((s) => s.destHub))) {
    for (const origin of hubs) {
      if (origin === dest) continue;
      const key = routeKey({ originHub: origin, destHub: dest });
      out.push({ key, destHub: dest, international: false, weight: rnd.between(0.5, 2), freshWeight: FRESH_ORIGINS.test(origin) ? rnd.between(2, 4) : rnd.between(0.1, 0.5), transitH: Math.round(rnd.between(10, 30)) });
    }
  }
  for (const r of known.values()) {
    if (/国际/.test(r.destHub)) out.push({ key: routeKey(r), destHub: r.destHub, international: true, weight: 1, freshWeight: 0, transitH: Math.round(rnd.between(30, 60)) });
  }
  return out;
}

function add(m: Map<string, Set<string>>, k: string, v: string) {
  m.set(k, (m.get(k) ?? new Set()).add(v));
}

function bump(m: Map<string, Map<string, number>>, k: string, v: string) {
  const inner = m.get(k) ?? new Map<string, number>();
  inner.set(v, (inner.get(v) ?? 0) + 1);
  m.set(k, inner);
}

function topKey(m: Map<string, number> | undefined): string | undefined {
  return m ? [...m].sort((a, b) => b[1] - a[1])[0]?.[0] : undefined;
}
