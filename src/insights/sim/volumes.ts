// The simulated courier backend's parcel counts: the parcels in the network per 小区 (and so
// per station and route) averaged over the asked window — what CourierBackend.volumes answers.
import type { VolumeDimension } from '../../courier/backend.js';
import { HOUR_MS } from '../time.js';
import type { VolumeSource } from '../volumes.js';
import type { Calendar } from './calendar.js';
import type { SimModel } from './model.js';

/** International parcels' share of the volume (traffic.ts PRODUCT_MIX). */
const INTERNATIONAL_SHARE = 0.04;

export class SimVolumes implements VolumeSource {
  private readonly shares: Record<VolumeDimension, Map<string, number>>;

  constructor(
    model: SimModel,
    private readonly calendar: Calendar,
  ) {
    const community = new Map(model.communities.map((c) => [c.name, c.volume]));
    const station = new Map<string, number>();
    const route = new Map<string, number>();
    for (const c of model.communities) station.set(c.station, (station.get(c.station) ?? 0) + c.volume);
    const split = (routes: SimModel['routes'], parcels: number) => {
      const total = routes.reduce((a, r) => a + r.weight, 0);
      for (const r of routes) route.set(r.key, (route.get(r.key) ?? 0) + (parcels * r.weight) / total);
    };
    for (const s of model.stations) {
      split(model.routes.filter((r) => !r.international && r.destHub === s.destHub), (station.get(s.id) ?? 0) * (1 - INTERNATIONAL_SHARE));
    }
    const all = [...station.values()].reduce((a, b) => a + b, 0);
    split(model.routes.filter((r) => r.international), all * INTERNATIONAL_SHARE);
    this.shares = { community, station, route };
  }

  async count(by: VolumeDimension, from: number, to: number): Promise<ReadonlyMap<string, number>> {
    let level = 0;
    let n = 0;
    for (let t = from; t < to; t += HOUR_MS) {
      level += this.calendar.volume(t);
      n += 1;
    }
    const mean = n ? level / n : 0;
    return new Map([...this.shares[by]].map(([k, v]) => [k, Math.round(v * mean)]));
  }
}
