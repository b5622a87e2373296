// The simulator: weeks of traffic from the demo world with injected hot spots, replayed through
// the real Recorder, Detector and AlertService (in-memory store) with detection every 15 minutes,
// then scored: which hot spots were found, how fast, and how many alerts matched none.
import type { World } from '../../courier/world.js';
import { AlertService } from '../alerts.js';
import { Detector } from '../detector.js';
import { MemoryInsightsStore } from '../memory-store.js';
import type { DetectionParams } from '../params.js';
import { Recorder } from '../recorder.js';
import type { StoredAlert } from '../store.js';
import { DAY_MS } from '../time.js';
import { Volumes } from '../volumes.js';
import { Calendar } from './calendar.js';
import { pickHotspots, type Injected } from './hotspots.js';
import { buildModel } from './model.js';
import { Random } from './random.js';
import { SimVolumes } from './volumes.js';
import { score, type SimScore } from './score.js';
import { generateTraffic, type SimEvent } from './traffic.js';

export interface SimOptions {
  seed: number;
  world: World;
  /** Weeks simulated; the first three only build the baseline. */
  weeks?: number;
  /** Inject the hot spots (default true). */
  hotspots?: boolean;
  /** The 双十一 peak of parcels in the network, × an ordinary day (default 3). */
  peak?: number;
  params?: Partial<DetectionParams>;
  /** Minutes between detection runs (the job runs every 15). */
  everyMin?: number;
  /** Give detection the parcel volumes (default true); false shows what raw counts would do. */
  volumes?: boolean;
}

export interface SimResult extends SimScore {
  hotspots: Injected[];
  alerts: StoredAlert[];
  contacts: number;
  from: number;
  to: number;
}

export const SIM_START = Date.parse('2026-10-05T00:00:00+08:00');
const WARM_UP_DAYS = 21;

export async function runSimulation(o: SimOptions): Promise<SimResult> {
  const rnd = new Random(o.seed);
  const from = SIM_START;
  const to = from + (o.weeks ?? 7) * 7 * DAY_MS;
  const detectFrom = from + WARM_UP_DAYS * DAY_MS;
  const model = buildModel(o.world, rnd);
  const calendar = new Calendar(new Random(o.seed + 7919), from, { peak: o.peak ?? 3, peakAt: Date.parse('2026-11-12T12:00:00+08:00') });
  const hotspots = o.hotspots === false ? [] : pickHotspots(model, rnd, detectFrom + DAY_MS, to);
  const events = generateTraffic({ model, calendar, rnd, from, to, hotspots });

  const store = new MemoryInsightsStore();
  const recorder = new Recorder(store);
  const volumes = o.volumes === false ? undefined : new Volumes(new SimVolumes(model, calendar), store);
  const detector = new Detector({ store, ...(volumes && { volumes }), ...(o.params && { params: o.params }) });
  const alerts = new AlertService({ detector, store });
  const sent: StoredAlert[] = [];
  const step = (o.everyMin ?? 15) * 60_000;
  let next = 0;
  for (let tick = from + step; tick <= to; tick += step) {
    while (next < events.length && events[next]!.at < tick) await recorder.record(strip(events[next++]!));
    if (tick >= detectFrom) sent.push(...(await alerts.run(tick)));
  }
  const injectedOf = new Map(events.filter((e) => e.injected).map((e) => [e.id, e.injected!]));
  return { ...score(hotspots, sent, injectedOf), hotspots, alerts: sent, contacts: events.length, from, to };
}

/** Detection sees exactly what production would: the scoring tag stays behind. */
function strip(e: SimEvent): SimEvent {
  const { injected: _hidden, ...ev } = e;
  return ev;
}
