// The scheduled detection job's body: detect hot spots, write each up and send it to the
// operations WeCom group robot, and keep it (dashboard, daily report, cool-down). An alert whose
// delivery failed is not kept, so the next run (15 minutes later) finds and sends it again.
import { createHash } from 'node:crypto';
import type { Logger } from '../lib/logger.js';
import { alertMarkdown, examplesOf, plainNames, suggestedAction, whereOf, type PlaceNames } from './compose.js';
import type { DetectedHotspot, Detector } from './detector.js';
import { DIMENSION_LABEL } from './labels.js';
import type { InsightsStore, StoredAlert } from './store.js';
import { hourOf } from './time.js';
import { seriesId } from './types.js';

const MAX_EVENT_IDS = 100;

export interface AlertSender {
  /** Delivers one markdown message; throws when it could not. */
  send(markdown: string): Promise<void>;
}

export interface AlertServiceDeps {
  detector: Detector;
  store: InsightsStore;
  /** Absent: no robot configured; alerts are kept (delivered: false) for the dashboard only. */
  sender?: AlertSender;
  /** Display names of places (station ids → names), looked up once per run. */
  names?: () => Promise<PlaceNames>;
  logger?: Logger;
}

export class AlertService {
  constructor(private readonly d: AlertServiceDeps) {}

  async run(now: number): Promise<StoredAlert[]> {
    const { hotspots } = await this.d.detector.detect(now);
    const sent: StoredAlert[] = [];
    const names = hotspots.length ? ((await this.d.names?.()) ?? plainNames) : plainNames;
    for (const h of hotspots) {
      const alert = this.writeUp(h, now, names);
      if (this.d.sender) {
        try {
          await this.d.sender.send(alert.text);
          alert.delivered = true;
        } catch (err) {
          this.d.logger?.warn({ err: (err as Error).message, alert: alert.id }, 'insights alert not delivered; retrying on the next run');
          continue;
        }
      }
      await this.d.store.saveAlert(alert);
      this.d.logger?.info({ alert: alert.id, series: seriesId(h.test.series), count: h.test.count, expected: h.test.expected }, 'insights alert');
      sent.push(alert);
    }
    return sent;
  }

  private writeUp(h: DetectedHotspot, now: number, names: PlaceNames): StoredAlert {
    const { series, windowH, count, expected, pValue, per10k, normalPer10k } = h.test;
    const where = whereOf(series.dim, series.value, names);
    const examples = examplesOf(h.events);
    const action = suggestedAction(series.category, where, h.causes);
    const also = h.also.map((s) => (s.dim === 'all' ? '全网' : `${DIMENSION_LABEL[s.dim]} ${names(s.dim, s.value)}`));
    const text = alertMarkdown({ ...series, windowH, count, expected, ...(per10k !== undefined && { per10k }), ...(normalPer10k !== undefined && { normalPer10k }), also, causes: h.causes, examples, action, names });
    return {
      id: `A-${hourOf(now)}-${createHash('sha1').update(seriesId(series)).digest('hex').slice(0, 10)}`,
      at: now,
      ...series,
      also: h.also.map((s) => ({ dim: s.dim, value: s.value })),
      windowH,
      count,
      expected,
      pValue,
      ...(per10k !== undefined && { per10k }),
      ...(normalPer10k !== undefined && { normalPer10k }),
      causes: h.causes.map((c) => c.text),
      eventIds: h.events.slice(0, MAX_EVENT_IDS).map((e) => e.id),
      examples,
      action,
      text,
      delivered: false,
    };
  }
}
