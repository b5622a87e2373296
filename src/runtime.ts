// The composition root: builds every service once from a Config. main.ts, the scenario runner,
// the benchmarks and the integration tests all start the service through createRuntime(), so what
// they exercise is exactly what production runs.
import type { FastifyInstance } from 'fastify';
import type { Worker } from 'bullmq';
import type { Config } from './config/env.js';
import { createLogger, type Logger } from './lib/logger.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { Keys } from './store/keys.js';
import { createRedis, type Redis } from './store/redis.js';
import { createQueues, closeQueues, type Queues } from './jobs/queues.js';
import { Inbox } from './intake/inbox.js';
import { accept } from './intake/accept.js';
import { WxBizMsgCrypt } from './channels/shared/aes.js';
import { OaApi } from './channels/wechat/api.js';
import { OaSender } from './channels/wechat/sender.js';
import { Outbound } from './outbound/dispatch.js';
import { createRespondWorker } from './jobs/respond-worker.js';
import { createSendWorker } from './jobs/send-worker.js';
import type { TurnHandler } from './conversation/handler.js';
import { buildApp } from './app.js';
import { OaPlatform } from './sandbox/oa-platform.js';
import { Outbox } from './sandbox/outbox.js';
import { SandboxPhone } from './sandbox/phone.js';
import { createKfChannel, createKfSandbox, createKfWorker, type KfSandbox } from './runtime-kf.js';
import { createWecomParts, type WecomSandbox, type WecomServices } from './runtime-wecom.js';
import { createAgentParts, type AgentParts } from './runtime-agent.js';
import { createInsightsParts, createInsightsSink, type InsightsParts } from './runtime-insights.js';
import { createPayParts, type PaySandbox, type PayServices } from './runtime-pay.js';
import { createHandoff, registerHandoffAdmin } from './runtime-handoff.js';
import type { HandoffDesk } from './handoff/desk.js';
import type { World } from './courier/world.js';
import { httpProofPhotos, sandboxProofPhotos } from './courier/proof-photo.js';
import { registerSandboxConsole } from './sandbox/console/register.js';

export interface RuntimeOptions {
  clock?: Clock;
  logger?: Logger;
  /** Replace the turn handler (the agent plugs in here). */
  handler?: TurnHandler;
  /** Run workers in this process; defaults to the configured role. */
  workers?: boolean;
  /** A scenario's world for the sandbox courier backend (default: COURIER_WORLD). */
  world?: World;
}

export interface Runtime {
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  keys: Keys;
  redis: Redis;
  queues: Queues;
  inbox: Inbox;
  outbound: Outbound;
  app: FastifyInstance;
  workers: Worker[];
  sandbox?: { platform: OaPlatform; outbox: Outbox; phone: SandboxPhone; kf: KfSandbox; wecom?: WecomSandbox; pay?: PaySandbox };
  /** WeCom app: API client, task cards, directory; absent when WeCom is not configured. */
  wecom?: WecomServices;
  /** Courier backend, identity, memory, cases, workflows and the agent handler. */
  agent: AgentParts;
  /** WeChat Pay payouts of approved claims; absent when WeChat Pay is not configured. */
  pay?: PayServices;
  /** Human handoff: conversation states, relay, takeover, the one history. */
  handoff: HandoffDesk;
  /** Insights: counters, detection, alerts, the daily report and the dashboard. */
  insights: InsightsParts;
  /** The base URL the service is reachable at once listening. */
  baseUrl(): string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function createRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics({ defaults: config.env === 'production' });
  const keys = new Keys(config.redisPrefix);
  const redis = createRedis(config.redisUrl, 'command');
  const bullConnection = createRedis(config.redisUrl, 'worker');
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  bullConnection.on('error', (err) => logger.warn({ err: err.message }, 'redis (queues) connection error'));

  const queues = createQueues(bullConnection, config.redisPrefix);
  const inbox = new Inbox(redis, keys, config.dedupeTtlSeconds);
  const oaCrypto = new WxBizMsgCrypt(config.wechat.aesKey, config.wechat.appId);
  let listening = '';
  const baseUrl = () => listening || `http://127.0.0.1:${config.port}`;
  // With PORT=0 (tests, scenario runs) the sandbox's own address is known only once listening.
  const selfPlaceholder = 'http://127.0.0.1:0';
  const lazyBase = (configured: string) => () => (configured.startsWith(selfPlaceholder) ? configured.replace(selfPlaceholder, baseUrl()) : configured);
  const oaApi = new OaApi({
    appId: config.wechat.appId,
    secret: config.wechat.secret,
    apiBase: lazyBase(config.wechat.apiBase),
    redis,
    keys,
    clock,
    logger: logger.child({ mod: 'oa-api' }),
  });
  // 微信客服 (PROTOCOL.md §5): undefined without WeCom credentials and a kf secret.
  const kf = createKfChannel(config, {
    redis,
    keys,
    clock,
    logger,
    queue: queues['kf-sync'],
    accept: (msg) => accept({ inbox, respondQueue: queues.respond }, msg),
    apiBase: lazyBase(config.kf.apiBase),
    dedupeTtlSeconds: config.dedupeTtlSeconds,
  });
  // Delivery-proof pictures: placeholders in the sandbox world, the courier's photo URL otherwise.
  let proofSource: ((waybill: string) => Promise<{ photo: string } | null>) | undefined;
  const proofPhotos = config.courier.backend === 'http' && !opts.world ? httpProofPhotos((w) => proofSource?.(w) ?? Promise.resolve(null)) : sandboxProofPhotos;
  const outbound = new Outbound({
    redis,
    keys,
    clock,
    logger: logger.child({ mod: 'outbound' }),
    metrics,
    sendQueue: queues.send,
    senders: { wechat: new OaSender(oaApi, config.wechat.templateId, proofPhotos), ...(kf ? { 'wecom-kf': kf.sender } : {}) },
  });

  let sandbox: Runtime['sandbox'];
  if (config.sandbox) {
    const platform = new OaPlatform({ appId: config.wechat.appId, secret: config.wechat.secret, clock });
    const outbox = platform.outbox;
    const phone = new SandboxPhone({
      baseUrl,
      token: config.wechat.token,
      crypto: oaCrypto,
      accountId: config.wechat.accountId,
      clock,
      platform,
    });
    sandbox = { platform, outbox, phone, kf: createKfSandbox(config, kf, { clock, outbox, baseUrl }) };
  }
  // WeCom app (PROTOCOL.md §4): station tasks and supervisors; undefined when not configured.
  const wecom = await createWecomParts({ config, redis, bullConnection, keys, clock, logger, metrics, queues, baseUrl, apiBase: lazyBase(config.wecom.apiBase), ...(sandbox && { outbox: sandbox.outbox }) });
  if (sandbox && wecom?.sandbox) sandbox.wecom = wecom.sandbox;
  // WeChat Pay (PROTOCOL.md §7): payouts of approved claims; undefined when not configured.
  const pay = createPayParts({ config, redis, bullConnection, keys, clock, logger, queues, outbound, wecom: wecom?.services, apiBase: lazyBase(config.pay.apiBase), notifyUrl: lazyBase(config.pay.notifyUrl), ...(config.publicBaseUrl && { publicBase: lazyBase(config.publicBaseUrl) }), jsapiTicket: () => oaApi.jsapiTicket() });
  if (sandbox && pay?.sandbox) sandbox.pay = pay.sandbox;
  const insightsSink = createInsightsSink(queues, clock, logger);
  const agent = await createAgentParts({ config, redis, bullConnection, keys, clock, logger, queues, outbound, wecom: wecom?.services, outbox: sandbox?.outbox, world: opts.world, onApproved: pay?.onApproved, insights: insightsSink, payouts: pay?.services.confirmations });
  // Insights (DESIGN.md "From solving to preventing"): counters, spike alerts, daily report, dashboard.
  const insights = createInsightsParts({ config, redis, bullConnection, keys, clock, logger, courier: agent.courier, wecom: wecom?.services });
  proofSource = (w) => agent.courier.deliveryProof(w);
  const handoff = createHandoff({ config, redis, keys, clock, logger, outbound, agent, wecom: wecom?.services, kf });

  const workers: Worker[] = [];
  const runWorkers = opts.workers ?? config.role !== 'web';
  if (runWorkers) {
    const handler = opts.handler ?? agent.handler;
    workers.push(
      createRespondWorker({
        connection: bullConnection,
        redis,
        keys,
        redisPrefix: config.redisPrefix,
        inbox,
        handler,
        gate: handoff.gate,
        outbound,
        logger: logger.child({ mod: 'respond' }),
        metrics,
        concurrency: config.respondConcurrency,
      }),
      createSendWorker({
        connection: bullConnection,
        redis,
        redisPrefix: config.redisPrefix,
        outbound,
        logger: logger.child({ mod: 'send' }),
        concurrency: config.sendConcurrency,
        lockMs: config.workerLockMs,
      }),
    );
    if (kf) workers.push(createKfWorker(kf, { connection: bullConnection, redis, keys, redisPrefix: config.redisPrefix, queue: queues['kf-sync'], logger }));
    if (wecom) workers.push(wecom.createWorker());
    if (pay) workers.push(pay.createWorker());
    workers.push(agent.createWorker());
    workers.push(...insights.createWorkers());
    await insights.start();
    for (const w of workers) w.on('error', (err) => logger.error({ err: err.message, queue: w.name }, 'worker error'));
  }

  const app = await buildApp({
    config,
    logger,
    clock,
    metrics,
    oaCrypto,
    accept: (msg) => accept({ inbox, respondQueue: queues.respond }, msg),
    kf: kf?.callback,
    wecom: wecom?.plugin,
    pay: pay?.plugin,
    payConfirm: pay?.confirmPage,
    health: { redis, metrics, queues, workers: () => workers, role: runWorkers ? 'all' : 'web' },
    sandbox,
    insights: insights.plugin,
  });
  await registerHandoffAdmin(app, config, handoff, wecom?.services);
  // The sandbox console (/console) and, on a ManualClock, the clock routes; never in production.
  if (sandbox) {
    const sb = sandbox;
    await registerSandboxConsole(app, {
      clock,
      queues: Object.values(queues),
      runsWorkers: runWorkers,
      outbox: sb.outbox,
      wecom: () => sb.wecom?.platform,
      cases: agent.cases,
      business: agent.workflows.d.business,
      world: agent.world,
      directory: wecom?.services.directory,
      phoneOf: (channel, id) => agent.identity.phoneOf(channel, id),
    });
  }

  let closed = false;
  return {
    config,
    clock,
    logger,
    metrics,
    keys,
    redis,
    queues,
    inbox,
    outbound,
    app,
    workers,
    sandbox,
    wecom: wecom?.services,
    agent,
    pay: pay?.services,
    handoff,
    insights,
    baseUrl,
    async listen() {
      const addr = await app.listen({ port: config.port, host: config.host });
      const port = (app.server.address() as { port: number }).port;
      listening = `http://127.0.0.1:${port}`;
      return addr;
    },
    /** Graceful: stop accepting, let workers finish (or release) their jobs, then close Redis. */
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await Promise.all(workers.map((w) => w.close()));
      await insights.close();
      await closeQueues(queues);
      await Promise.allSettled([redis.quit(), bullConnection.quit()]);
    },
  };
}
