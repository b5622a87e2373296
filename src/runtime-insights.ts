// The insights part of the composition root: the emitter the pipeline reports to (created before
// the agent so the handler and workflows can hold it), and the rest once the courier backend
// exists: store, volumes, detector, alerts to the operations group robot, the daily report, the
// dashboard plugin, the workers and the job schedulers.
import type { Queue, Worker } from 'bullmq';
import type { WorkerPartsBase } from './runtime-base.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { Queues } from './jobs/queues.js';
import type { CourierBackend } from './courier/backend.js';
import type { WecomServices } from './runtime-wecom.js';
import { AlertService, type AlertSender } from './insights/alerts.js';
import type { PlaceNames } from './insights/compose.js';
import { Detector } from './insights/detector.js';
import { Ingest } from './insights/ingest.js';
import type { InsightsPluginOptions } from './insights/plugin.js';
import { InsightsQuery } from './insights/query.js';
import { Recorder } from './insights/recorder.js';
import { RedisInsightsStore } from './insights/redis-store.js';
import { DailyReport } from './insights/report.js';
import { QueueInsightsSink } from './insights/sink.js';
import { Volumes, courierVolumes } from './insights/volumes.js';
import { createInsightsWorker, createScheduleQueue, createScheduleWorker, scheduleInsights } from './jobs/insights-worker.js';

export interface InsightsParts {
  store: RedisInsightsStore;
  detector: Detector;
  alerts: AlertService;
  report: DailyReport;
  plugin: InsightsPluginOptions;
  createWorkers(): Worker[];
  /** Declares the job schedulers (detection, daily report); idempotent. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface InsightsPartsOptions extends WorkerPartsBase {
  courier: CourierBackend;
  wecom?: WecomServices;
}

const NAMES_TTL_MS = 10 * 60_000;

export const createInsightsSink = (queues: Queues, clock: Clock, logger: Logger) => new QueueInsightsSink(queues.insights, clock, logger.child({ mod: 'insights' }));

export function createInsightsParts(o: InsightsPartsOptions): InsightsParts {
  const logger = o.logger.child({ mod: 'insights' });
  const store = new RedisInsightsStore(o.redis, o.keys);
  const volumes = new Volumes(courierVolumes(o.courier), store);
  const detector = new Detector({ store, volumes });
  const names = stationNames(o.courier, o.clock, logger);
  // The robot key is read on every send: the directory may be reloaded while running.
  const robot = o.wecom;
  const sender: AlertSender | undefined = robot?.directory.robotKey
    ? {
        async send(markdown) {
          const key = robot.directory.robotKey;
          if (!key) throw new Error('the operations robot is no longer configured');
          await robot.api.robotSend(key, { msgtype: 'markdown', markdown: { content: markdown } });
        },
      }
    : undefined;
  if (!sender) logger.warn('no operations group robot (directory operations.robot_key): insights alerts stay on the dashboard');
  const alerts = new AlertService({ detector, store, ...(sender && { sender }), names, logger });
  const report = new DailyReport({ store, detector, volumes, ...(sender && { sender }), names });
  const ingest = new Ingest(o.courier, new Recorder(store));
  let schedule: Queue | undefined;
  return {
    store,
    detector,
    alerts,
    report,
    plugin: { query: new InsightsQuery({ store, detector, volumes, names }), alerts, report, names, clock: o.clock, auth: { ...(o.config.adminToken && { token: o.config.adminToken }), sandbox: o.config.sandbox } },
    createWorkers: () => [
      createInsightsWorker({ connection: o.bullConnection, redisPrefix: o.config.redisPrefix, ingest: (ev, last) => ingest.handle(ev, last), logger }),
      createScheduleWorker({
        connection: o.bullConnection,
        redisPrefix: o.config.redisPrefix,
        detect: async () => (await alerts.run(o.clock.now())).length,
        report: async () => (await report.send(o.clock.now())).length,
        logger,
      }),
    ],
    async start() {
      schedule ??= createScheduleQueue(o.bullConnection, o.config.redisPrefix);
      await scheduleInsights(schedule);
    },
    async close() {
      await schedule?.close();
    },
  };
}

/** Station ids → names for alerts (闵行七宝网点 reads better than qibao), refreshed every 10 minutes. */
function stationNames(courier: CourierBackend, clock: Clock, logger: Logger): () => Promise<PlaceNames> {
  let cached: { at: number; names: Map<string, string> } | undefined;
  return async () => {
    if (!cached || clock.now() - cached.at > NAMES_TTL_MS || clock.now() < cached.at) {
      const stations = await courier.stations().catch((err: Error) => {
        logger.warn({ err: err.message }, 'station names unavailable; alerts use station ids');
        return [];
      });
      cached = { at: clock.now(), names: new Map(stations.map((s) => [s.id, s.name])) };
    }
    const map = cached.names;
    return (dim, value) => (dim === 'station' ? (map.get(value) ?? value) : value);
  };
}
