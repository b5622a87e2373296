// The simulator's promise (issue 7): for several seeds, weeks of demo-world traffic with injected
// hot spots are scored against the real detection — every hot spot found, at most one false alarm.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorldFile } from '../../src/courier/sandbox-backend.js';
import type { World } from '../../src/courier/world.js';
import { runSimulation, SIM_START } from '../../src/insights/sim/run.js';

let world: World;
beforeAll(async () => {
  world = await loadWorldFile('scenarios/worlds/demo.yaml', SIM_START);
});

describe('the insights simulator', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`detects every injected hot spot with at most one false alarm (seed ${seed})`, async () => {
      const r = await runSimulation({ seed, world });
      expect(r.total).toBe(3);
      expect(r.detected).toBe(r.total);
      expect(r.falseAlarms).toBeLessThanOrEqual(1);
      // Found the same day: within a day of the onset.
      expect(r.medianTimeToDetectMin).toBeLessThan(24 * 60);
      const first = r.hotspots.map((h) => r.alerts[r.matches.indexOf(h.id)]!);
      expect(first.map((a) => a.category).sort()).toEqual(['fresh_delay', 'locker_notice', 'urge']);
      for (const a of first) {
        expect(a.examples.length).toBeGreaterThan(0);
        expect(a.text).toContain('建议');
        expect(a.text).not.toMatch(/1[3-9]\d{9}/);
      }
    }, 120_000);
  }
});
