// The handoff part of the composition root (runtime.ts calls this once the agent parts exist): the
// conversation states, the one history, the HandoffDesk, and its wiring — CaseWorkflows' handoff
// and its due checks, the Notifier's diversion while a person serves a customer, the supervisors'
// buttons and texts in TaskCards, the respond worker's gate, and the admin API behind ADMIN_TOKEN.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/env.js';
import type { PartsBase } from './runtime-base.js';
import type { Outbound } from './outbound/dispatch.js';
import type { AgentParts } from './runtime-agent.js';
import type { WecomServices } from './runtime-wecom.js';
import type { KfChannel } from './runtime-kf.js';
import { ConversationStates } from './conversation/state.js';
import { History } from './handoff/history.js';
import { SupervisorChats } from './handoff/chats.js';
import { HandoffDesk } from './handoff/desk.js';
import { handoffAdminRoutes } from './handoff/admin-routes.js';

export interface HandoffPartsOptions extends PartsBase {
  outbound: Outbound;
  agent: AgentParts;
  wecom?: WecomServices;
  kf?: KfChannel;
}

export function createHandoff(o: HandoffPartsOptions): HandoffDesk {
  const { redis, keys, agent, wecom, kf } = o;
  const wf = agent.workflows;
  const desk = new HandoffDesk({
    redis,
    keys,
    clock: o.clock,
    logger: o.logger.child({ mod: 'handoff' }),
    states: new ConversationStates(redis, keys),
    history: new History(redis, keys),
    chats: new SupervisorChats(redis, keys),
    cases: agent.cases,
    followUps: wf.d.followUps,
    business: wf.d.business,
    memory: agent.memory,
    identity: agent.identity,
    courier: agent.courier,
    outbound: o.outbound,
    ...(wecom && { tasks: wecom.tasks, directory: wecom.directory, wecom: wecom.api }),
    ...(kf && { kf: { api: kf.api, state: kf.state, openKfId: o.config.kf.openKfId } }),
  });
  wf.useHandoff(desk);
  wf.d.notifier.divertWith((n) => desk.divert(n));
  if (wecom) desk.register(wecom.tasks);
  kf?.onServicerText((m) => desk.servicerWrote(`wecom-kf:${m.externalUserId}`, m.servicerUserId, m.text, m.msgid, m.at));
  return desk;
}

/** /admin/handoff/* — only with ADMIN_TOKEN set; without it the routes do not exist. */
export async function registerHandoffAdmin(app: FastifyInstance, config: Config, desk: HandoffDesk, wecom?: WecomServices): Promise<void> {
  if (!config.adminToken) return;
  const isSupervisor = (u: string) => !!wecom?.directory.snapshot.supervisors.some((s) => s.userid === u);
  await app.register(handoffAdminRoutes, { token: config.adminToken, desk, isSupervisor });
}
