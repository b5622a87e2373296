// One incident rises in several series at once: locker complaints in 张江花园 also raise those of
// its station, its courier and its district. The most significant series leads; a series whose
// complaints are mostly the leader's (or those of an alert still cooling down) joins it as "also
// elevated" instead of alarming again. Only a residual that is a spike by itself alarms.
import type { DetectionParams } from './params.js';
import type { SeriesTest } from './evaluate.js';
import { negBinUpperTail } from './stats.js';
import { matchesSeries, seriesId, type InsightEvent, type SeriesDimension, type SeriesKey } from './types.js';

export interface Hotspot {
  test: SeriesTest;
  also: SeriesKey[];
  /** The window's contacts of the leading series, newest first. */
  events: InsightEvent[];
}

/** On equal significance the more actionable place leads. */
const PRIORITY: Record<SeriesDimension, number> = { community: 0, route: 1, station: 2, courier: 3, district: 4, product: 5, all: 6 };

/**
 * `tests`: significant tests of one category; `events`: that category's contacts over the
 * longest window, newest first; `cooling`: series alerted within the cool-down.
 */
export function groupHotspots(tests: readonly SeriesTest[], events: readonly InsightEvent[], cooling: readonly SeriesKey[], params: Pick<DetectionParams, 'alpha' | 'minCount' | 'minRatio'>): Hotspot[] {
  const ordered = [...tests].sort((a, b) => a.pValue - b.pValue || PRIORITY[a.series.dim] - PRIORITY[b.series.dim]);
  const coolingIds = new Set(cooling.map(seriesId));
  const leaders: Hotspot[] = [];
  for (const t of ordered) {
    if (coolingIds.has(seriesId(t.series))) continue;
    const own = events.filter((e) => e.at >= t.from && matchesSeries(e, t.series));
    const explained = (e: InsightEvent) => cooling.some((s) => matchesSeries(e, s)) || leaders.some((h) => matchesSeries(e, h.test.series));
    const residual = own.filter((e) => !explained(e)).length;
    const stillSpike = residual >= params.minCount && residual >= params.minRatio * t.expected && negBinUpperTail(residual, t.expected, t.size) < params.alpha;
    if (stillSpike) {
      leaders.push({ test: t, also: [], events: own });
      continue;
    }
    const host = mostOverlapping(leaders, own);
    if (host) host.also.push(t.series);
  }
  return leaders;
}

function mostOverlapping(leaders: Hotspot[], own: InsightEvent[]): Hotspot | undefined {
  let best: Hotspot | undefined;
  let bestShared = 0;
  for (const h of leaders) {
    const shared = own.filter((e) => matchesSeries(e, h.test.series)).length;
    if (shared > bestShared) {
      best = h;
      bestShared = shared;
    }
  }
  return best;
}
