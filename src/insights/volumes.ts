// Parcel volumes, the denominators that turn complaint counts into rates: per station, 小区 and
// route from CourierBackend.volumes (complaints per 10,000 parcels, not raw counts). A complete
// day is cached in the store; the window uses the last 24 hours. A backend that cannot count
// yields null and detection falls back to raw counts.
import type { CourierBackend, VolumeDimension } from '../courier/backend.js';
import type { InsightsStore } from './store.js';
import { DAY_MS, dayStart, hourOf, hourStart } from './time.js';
import type { SeriesDimension } from './types.js';

export interface VolumeSource {
  /** Parcel counts per key (station id, 小区, route key) with a scan in [from, to); null: cannot count. */
  count(by: VolumeDimension, from: number, to: number): Promise<ReadonlyMap<string, number> | null>;
}

/** `station|qibao` → parcels, and `total`. */
export type VolumeTable = Record<string, number>;

export interface RecentVolumes {
  last: VolumeTable;
  before: VolumeTable | null;
}

const VOLUME_DIMS: readonly VolumeDimension[] = ['station', 'community', 'route'];

export function courierVolumes(courier: CourierBackend): VolumeSource {
  return {
    async count(by, from, to) {
      if (!courier.volumes) return null;
      const rows = await courier.volumes({ by, from, to });
      return new Map(rows.map((r) => [r.key, r.count]));
    },
  };
}

/**
 * The volume behind a series: its own for station, 小区 and route; the total for the others
 * (district, product and courier volumes are not counted by the backend, and their share of the
 * total changes slowly, so the total still removes peaks such as 双十一).
 */
export function volumeOf(table: VolumeTable, dim: SeriesDimension, value: string): number {
  return (VOLUME_DIMS as readonly string[]).includes(dim) ? (table[`${dim}|${value}`] ?? 0) : (table.total ?? 0);
}

export class Volumes {
  constructor(
    private readonly source: VolumeSource,
    private readonly store: InsightsStore,
  ) {}

  /** One CST day; cached once the day is over. */
  async day(day: number, today: number): Promise<VolumeTable | null> {
    if (day < today) {
      const cached = await this.store.dayVolumes(day);
      if (cached) return cached;
    }
    const table = await this.table(dayStart(day), dayStart(day + 1));
    if (table && day < today) await this.store.saveDayVolumes(day, table);
    return table;
  }

  private lastRecent: { hour: number; value: RecentVolumes | null } | undefined;

  /**
   * The 24 hours before the current hour began, and the 24 before those (the trend); asked of
   * the backend once an hour, not on every detection run.
   */
  async recent(now: number): Promise<RecentVolumes | null> {
    const hour = hourOf(now);
    if (this.lastRecent?.hour === hour) return this.lastRecent.value;
    const end = hourStart(hour);
    try {
      const last = await this.table(end - DAY_MS, end);
      const value = last ? { last, before: await this.table(end - 2 * DAY_MS, end - DAY_MS) } : null;
      this.lastRecent = { hour, value };
      return value;
    } catch {
      // The backend is down: detection falls back to each series' usual volume; asked again next run.
      return null;
    }
  }

  private async table(from: number, to: number): Promise<VolumeTable | null> {
    const out: VolumeTable = {};
    let total = 0;
    for (const by of VOLUME_DIMS) {
      const counts = await this.source.count(by, from, to);
      if (!counts) return null;
      let sum = 0;
      for (const [key, n] of counts) {
        out[`${by}|${key}`] = n;
        sum += n;
      }
      // Each dimension counts the parcels it knows; the largest sum is the best total.
      total = Math.max(total, sum);
    }
    out.total = total;
    return out;
  }
}
