// Simulated customer-service traffic: contacts per 小区, hour and category in proportion to the
// parcels in the network, with the daily rhythm, category-wide and station-level day-to-day
// noise, repeat messages in the same conversation, and the injected hot spots on top.
import { HOUR_MS, dayOf } from '../time.js';
import type { Category, Features, InsightEvent, Outcome } from '../types.js';
import type { Calendar } from './calendar.js';
import type { Injected } from './hotspots.js';
import type { SimCommunity, SimModel, SimRoute } from './model.js';
import type { Random } from './random.js';

interface CategoryTraffic {
  category: Category;
  /** Contacts per parcel in the network per day (of the product's parcels when `product` is set). */
  rate: number;
  product?: 'fresh' | 'international';
  outcome: Outcome;
  phrases: string[];
}

const PRODUCT_MIX = { fresh: 0.08, international: 0.04 } as const;

export const TRAFFIC: readonly CategoryTraffic[] = [
  { category: 'track', rate: 0.012, outcome: 'answered', phrases: ['我的快递到哪了', '查一下快递', '怎么还在运输中'] },
  { category: 'urge', rate: 0.005, outcome: 'workflow', phrases: ['催一下，今天能送到吗', '好几天了还没派送', '快点送啊'] },
  { category: 'locker_notice', rate: 0.0008, outcome: 'workflow', phrases: ['没经过我同意就放丰巢了', '快递放快递柜也没通知我', '又被放丰巢了，没人打电话'] },
  { category: 'fresh_delay', rate: 0.012, product: 'fresh', outcome: 'workflow', phrases: ['大闸蟹三天了还没到', '生鲜到现在还没送到，要坏了', '车厘子延误了怎么办'] },
  { category: 'lost', rate: 0.0006, outcome: 'workflow', phrases: ['快递好几天没更新了，是不是丢了', '包裹丢了'] },
  { category: 'damaged', rate: 0.0006, outcome: 'workflow', phrases: ['收到的快递破了', '外包装破损，东西坏了'] },
  { category: 'signed_not_received', rate: 0.0008, outcome: 'workflow', phrases: ['显示签收了但我没收到', '谁签收的？我没拿到'] },
  { category: 'delivery_photo', rate: 0.0008, outcome: 'answered', phrases: ['发一下派件照片', '放哪了，有照片吗'] },
  { category: 'customs', rate: 0.01, product: 'international', outcome: 'answered', phrases: ['清关要多久', '海关查验怎么办'] },
  { category: 'change_delivery', rate: 0.002, outcome: 'workflow', phrases: ['明天下午再送吧', '改放驿站'] },
  { category: 'claim_status', rate: 0.0007, outcome: 'answered', phrases: ['理赔进度怎么样了', '赔偿什么时候到账'] },
  { category: 'human', rate: 0.0015, outcome: 'handoff', phrases: ['转人工', '我要投诉，找人工'] },
];

const REPEAT_SHARE = 0.04;
const CATEGORY_NOISE_CV = 0.12;
const STATION_NOISE_CV = 0.08;

export interface SimEvent extends InsightEvent {
  /** The injected hot spot this contact belongs to (scoring only; never seen by detection). */
  injected?: string;
}

export function generateTraffic(o: { model: SimModel; calendar: Calendar; rnd: Random; from: number; to: number; hotspots: readonly Injected[] }): SimEvent[] {
  const { model, calendar, rnd } = o;
  const out: SimEvent[] = [];
  const noise = new Map<string, number>();
  const dayNoise = (key: string, cv: number) => {
    let n = noise.get(key);
    if (n === undefined) noise.set(key, (n = rnd.gammaNoise(cv)));
    return n;
  };
  const stationName = new Map(model.stations.map((s) => [s.id, s.name]));
  const destOf = new Map(model.stations.map((s) => [s.id, s.destHub]));
  const make = (t: CategoryTraffic, c: SimCommunity, at: number, over: Partial<SimEvent> & { route?: SimRoute } = {}): void => {
    const product = t.product ?? (over.dims?.product as 'fresh' | undefined) ?? pickProduct(rnd);
    const route = over.route ?? pickRoute(rnd, model.routes, product, destOf.get(c.station) ?? '');
    const features: Features = {};
    if (route) features.transitH = round1(route.transitH * Math.exp(0.2 * rnd.normal()) * (t.category === 'fresh_delay' ? 1.3 : 1));
    if ((t.category === 'urge' || t.category === 'lost' || t.category === 'track') && rnd.next() < 0.05) {
      features.stalledAt = stationName.get(c.station) ?? c.station;
      features.stalledH = round1(rnd.between(24, 60));
    }
    const seq = out.length;
    const ev: SimEvent = {
      id: `t:sim-${seq}`,
      at: Math.floor(at),
      kind: 'turn',
      category: t.category,
      outcome: t.outcome,
      conversationId: `wechat:o_sim_${seq.toString(36).padStart(6, '0')}`,
      excerpt: rnd.pick(t.phrases),
      dims: { community: c.name, district: c.district, station: c.station, product, courier: rnd.pick(c.couriers), ...(route && { route: route.key }) },
      features: { ...features, ...over.features },
      ...(over.injected && { injected: over.injected }),
    };
    if (over.dims) ev.dims = { ...ev.dims, ...over.dims };
    out.push(ev);
    if (rnd.next() < REPEAT_SHARE) out.push({ ...ev, id: `t:sim-${seq}-again`, at: ev.at + Math.floor(rnd.between(5, 60) * 60_000) });
  };

  for (let at = o.from; at < o.to; at += HOUR_MS) {
    const day = dayOf(at);
    const volume = calendar.volume(at);
    const share = calendar.contactShare(at);
    for (const t of TRAFFIC) {
      const categoryNoise = dayNoise(`${t.category}|${day}`, CATEGORY_NOISE_CV);
      for (const c of model.communities) {
        const parcels = c.volume * volume * (t.product ? PRODUCT_MIX[t.product] : 1);
        const mean = parcels * t.rate * share * categoryNoise * dayNoise(`${t.category}|${c.station}|${day}`, STATION_NOISE_CV);
        for (let i = rnd.poisson(mean); i > 0; i--) make(t, c, at + rnd.next() * HOUR_MS);
      }
    }
    for (const h of o.hotspots) {
      if (at < h.start || at >= h.end) continue;
      const t = TRAFFIC.find((x) => x.category === h.category)!;
      // An incident's complaints grow with the parcels it touches (a 双十一 day has more of them).
      for (let i = rnd.poisson(h.perDay * volume * share); i > 0; i--) {
        const when = at + rnd.next() * HOUR_MS;
        if (when >= h.start && when < h.end) h.emit(rnd, (c, over) => make(t, c, when, { ...over, injected: h.id }));
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function pickProduct(rnd: Random): string {
  const r = rnd.next();
  return r < PRODUCT_MIX.fresh ? 'fresh' : r < PRODUCT_MIX.fresh + PRODUCT_MIX.international ? 'international' : 'standard';
}

function pickRoute(rnd: Random, routes: readonly SimRoute[], product: string, destHub: string): SimRoute | undefined {
  const candidates = product === 'international' ? routes.filter((r) => r.international) : routes.filter((r) => !r.international && r.destHub === destHub);
  if (!candidates.length) return undefined;
  return rnd.weighted(candidates, (r) => (product === 'fresh' ? r.freshWeight : r.weight));
}

const round1 = (x: number) => Math.round(x * 10) / 10;
