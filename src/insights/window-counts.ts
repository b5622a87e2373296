// Complaint counts per series over the recent windows. Hours older than the previous one are
// settled (a late event may still land in the previous hour), so their sums are kept per current
// hour and each 15-minute run re-reads only two hourly hashes instead of a whole day of them.
import { isContactField } from './fields.js';
import type { InsightsStore } from './store.js';

export class WindowCounts {
  private settled: { current: number; sums: Map<string, number[]> } | undefined;

  constructor(
    private readonly store: InsightsStore,
    private readonly windowsH: readonly number[],
  ) {}

  /** field → count per window (in `windowsH` order) for the windows ending in hour `current`. */
  async at(current: number): Promise<Map<string, number[]>> {
    if (this.settled?.current !== current) {
      const longest = Math.max(...this.windowsH);
      const hours = Array.from({ length: Math.max(0, longest - 2) }, (_, i) => current - longest + 1 + i);
      this.settled = { current, sums: this.sum(await this.store.hours(hours), current) };
    }
    const fresh = this.sum(await this.store.hours([current - 1, current]), current);
    const out = new Map<string, number[]>();
    for (const [field, row] of this.settled.sums) out.set(field, [...row]);
    for (const [field, row] of fresh) {
      const into = out.get(field);
      if (!into) out.set(field, row);
      else for (let i = 0; i < row.length; i++) into[i]! += row[i]!;
    }
    return out;
  }

  private sum(hourly: Map<number, Record<string, number>>, current: number): Map<string, number[]> {
    const n = this.windowsH.length;
    const sums = new Map<string, number[]>();
    for (const [h, fields] of hourly) {
      const inside = this.windowsH.map((w) => h > current - w);
      for (const field in fields) {
        if (!isContactField(field)) continue;
        let row = sums.get(field);
        if (!row) sums.set(field, (row = new Array<number>(n).fill(0)));
        const add = fields[field]!;
        for (let i = 0; i < n; i++) if (inside[i]) row[i]! += add;
      }
    }
    return sums;
  }
}
