// A 双十一-style surge alone — four times the parcels, complaints rising with them — must raise no
// alert once rates are normalised by parcel volume; the same traffic counted raw alarms.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorldFile } from '../../src/courier/sandbox-backend.js';
import type { World } from '../../src/courier/world.js';
import { runSimulation, SIM_START } from '../../src/insights/sim/run.js';

let world: World;
beforeAll(async () => {
  world = await loadWorldFile('scenarios/worlds/demo.yaml', SIM_START);
});

describe('a 双十一 surge without hot spots', () => {
  it('raises no alert when complaints are normalised by parcel volume', async () => {
    for (const seed of [1, 2]) {
      const r = await runSimulation({ seed, world, hotspots: false, peak: 4, weeks: 6 });
      expect(r.alerts.map((a) => `${a.category}|${a.dim}|${a.value}`)).toEqual([]);
    }
  }, 120_000);

  it('would alarm on raw counts', async () => {
    const r = await runSimulation({ seed: 1, world, hotspots: false, peak: 4, weeks: 6, volumes: false });
    expect(r.falseAlarms).toBeGreaterThan(3);
  }, 120_000);
});
