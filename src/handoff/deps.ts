// Everything the handoff works with. Built once by runtime-handoff.ts; the parts of the handoff are
// functions over these deps (the TaskCards-events style), so each file stays one behaviour.
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Business } from '../config/business.js';
import type { Directory } from '../config/directory.js';
import type { ConversationStates } from '../conversation/state.js';
import type { MemoryStore } from '../conversation/memory.js';
import type { Identity } from '../conversation/identity.js';
import type { CourierBackend } from '../courier/backend.js';
import type { Outbound } from '../outbound/dispatch.js';
import type { CaseStore } from '../workflows/cases.js';
import type { FollowUps } from '../workflows/follow-ups.js';
import type { TaskCards } from '../workflows/tasks/index.js';
import type { WecomApi } from '../channels/wecom/api.js';
import type { KfApi } from '../channels/wecom-kf/api.js';
import type { KfState } from '../channels/wecom-kf/state.js';
import type { History } from './history.js';
import type { SupervisorChats } from './chats.js';

export interface HandoffDeps {
  redis: Redis;
  keys: Keys;
  clock: Clock;
  logger: Logger;
  states: ConversationStates;
  history: History;
  chats: SupervisorChats;
  cases: CaseStore;
  followUps: FollowUps;
  business: Business;
  memory: MemoryStore;
  identity: Identity;
  courier: CourierBackend;
  outbound: Outbound;
  /** Absent without WeCom: then nobody can accept, and the customer is told so at once. */
  tasks?: TaskCards;
  directory?: Directory;
  wecom?: WecomApi;
  /** 微信客服: the platform's own session states (PROTOCOL.md §5.5). */
  kf?: { api: KfApi; state: KfState; openKfId: string };
}

export const nameOf = (d: HandoffDeps, userid: string) => d.directory?.nameOf(userid) ?? userid;

export const supervisorsOf = (d: HandoffDeps) => d.directory?.supervisorsOnDuty() ?? [];

/** A WeCom text to members; a reminder that does not arrive is logged, never undoes the step. */
export async function tell(d: HandoffDeps, userids: readonly string[], text: string): Promise<void> {
  if (!userids.length || !d.wecom) return;
  try {
    await d.wecom.sendText(userids, text);
  } catch (err) {
    d.logger.error({ err: (err as Error).message, recipients: userids.length }, 'WeCom text to supervisors not delivered');
  }
}

export const hkey = (d: HandoffDeps, ...parts: string[]) => d.keys.custom('handoff', ...parts);
