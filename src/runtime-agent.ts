// The agent part of the composition root: the courier backend, identity, memory, cases and
// workflows, the agent loop as the respond worker's TurnHandler, and the follow-up worker.
import type { Worker } from 'bullmq';
import type { WorkerPartsBase } from './runtime-base.js';
import type { Logger } from './lib/logger.js';
import type { Queues } from './jobs/queues.js';
import type { Outbound } from './outbound/dispatch.js';
import type { Outbox } from './sandbox/outbox.js';
import type { WecomServices } from './runtime-wecom.js';
import type { CourierBackend } from './courier/backend.js';
import type { World } from './courier/world.js';
import { HttpCourierBackend } from './courier/http-backend.js';
import { SandboxCourierBackend, loadWorldFile } from './courier/sandbox-backend.js';
import { Identity, LoggingSmsSender, SandboxSmsSender } from './conversation/identity.js';
import { MemoryStore } from './conversation/memory.js';
import { CaseStore, type Case } from './workflows/cases.js';
import { loadBusiness } from './config/business.js';
import { loadClaimsPolicy } from './workflows/compensation.js';
import { FollowUps } from './workflows/follow-ups.js';
import { Notifier } from './workflows/notify.js';
import { CaseWorkflows } from './workflows/service.js';
import { registerResultHandlers } from './workflows/results.js';
import { createCourierAgent, createModel } from './agent/create.js';
import { AgentHandler } from './agent/handler.js';
import { createFollowUpWorker } from './jobs/follow-up-worker.js';
import type { InsightsSink } from './insights/sink.js';
import type { ToolDeps } from './tools/deps.js';

export interface AgentParts {
  courier: CourierBackend;
  identity: Identity;
  memory: MemoryStore;
  cases: CaseStore;
  workflows: CaseWorkflows;
  handler: AgentHandler;
  /** The sandbox world when the courier backend is the sandbox one. */
  world?: World;
  createWorker(): Worker;
}

export interface AgentPartsOptions extends WorkerPartsBase {
  queues: Queues;
  outbound: Outbound;
  wecom?: WecomServices;
  outbox?: Outbox;
  /** A scenario's own world instead of the configured one. */
  world?: World;
  /** Called once a claim is approved (by policy or on the review card): the payout (runtime-pay.ts). */
  onApproved?: (c: Case) => Promise<void>;
  /** Where handled turns and case steps are reported (runtime-insights.ts). */
  insights?: InsightsSink;
  /** 确认收款 links for 理赔进度 (runtime-pay.ts); absent without WeChat Pay. */
  payouts?: ToolDeps['payouts'];
}

export async function createAgentParts(o: AgentPartsOptions): Promise<AgentParts> {
  const { config, clock, logger, redis, keys } = o;
  let world = o.world;
  let courier: CourierBackend;
  if (config.courier.backend === 'http' && !o.world) {
    courier = new HttpCourierBackend({ baseUrl: config.courier.apiUrl!, logger: logger.child({ mod: 'courier' }) });
  } else {
    world ??= await loadWorldFile(config.courier.world, clock.now());
    courier = new SandboxCourierBackend(world, { clock });
  }
  const sms = o.outbox ? new SandboxSmsSender(o.outbox) : new LoggingSmsSender({ logger, env: config.env });
  const identity = new Identity({ redis, keys, clock, sms, logger: logger.child({ mod: 'identity' }) });
  const memory = new MemoryStore({ redis, keys });
  const cases = new CaseStore({ redis, keys, clock, logger: logger.child({ mod: 'cases' }) });
  const workflows = new CaseWorkflows({
    cases,
    courier,
    directory: o.wecom?.directory,
    tasks: o.wecom?.tasks,
    followUps: new FollowUps(o.queues['follow-up'], clock),
    notifier: new Notifier(o.outbound, o.wecom?.api, logger.child({ mod: 'notify' })),
    business: loadBusiness(),
    policy: loadClaimsPolicy(),
    clock,
    logger: logger.child({ mod: 'workflows' }),
    ...(o.onApproved ? { onApproved: o.onApproved } : {}),
    ...(o.insights && { insights: o.insights }),
  });
  if (o.wecom) registerResultHandlers(o.wecom.tasks, workflows, o.onApproved ? { onApproved: o.onApproved } : {});
  const agent = createCourierAgent({ model: createModel(config.llm), tools: { courier, identity, workflows, logger: logger.child({ mod: 'tools' }), ...(o.payouts && { payouts: o.payouts }) }, provider: config.llm.provider });
  const handler = new AgentHandler({ agent, memory, identity, workflows, redis, keys, clock, logger: logger.child({ mod: 'agent' }), ...(o.insights && { insights: o.insights }) });
  if (world && config.sandbox) await bindWorldCustomers(identity, world, logger);
  return {
    courier,
    identity,
    memory,
    cases,
    workflows,
    handler,
    world,
    createWorker: () => createFollowUpWorker({ connection: o.bullConnection, redisPrefix: config.redisPrefix, workflows, logger: logger.child({ mod: 'follow-up' }), lockMs: config.workerLockMs }),
  };
}

/** In the sandbox the world's customers arrive already bound (SCENARIOS.md: `phone` = bound phone). */
export async function bindWorldCustomers(identity: Identity, world: World, logger: Logger): Promise<void> {
  for (const c of world.customers) {
    if (!c.phone) continue;
    // 微信客服 external_userids start with wm/wo; everyone else is on the world's channel.
    const channel = /^w[mo]/.test(c.id) ? 'wecom-kf' : world.channel;
    await identity.bind(channel, c.id, c.phone).catch((err: Error) => logger.warn({ customer: c.id, err: err.message }, 'world customer not bound'));
  }
}
