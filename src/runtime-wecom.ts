// The WeCom app part of the composition root (runtime.ts calls this once): the API client, the
// directory, TaskCards, the /wecom plugin's options, the staff worker and — in sandbox mode — the
// emulated platform and member. Kept apart so runtime.ts only wires it in.
import type { Worker } from 'bullmq';
import type { Config } from './config/env.js';
import type { WorkerPartsBase } from './runtime-base.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { Metrics } from './lib/metrics.js';
import type { Queues } from './jobs/queues.js';
import { WxBizMsgCrypt } from './channels/shared/aes.js';
import { WecomApi } from './channels/wecom/api.js';
import type { WecomPluginOptions } from './channels/wecom/plugin.js';
import { Directory } from './config/directory.js';
import { loadWorldFile } from './courier/sandbox-backend.js';
import { StaffInbox, acceptStaff } from './intake/staff-inbox.js';
import { createStaffWorker } from './jobs/staff-worker.js';
import { TaskCards, TaskStore } from './workflows/tasks/index.js';
import type { Outbox } from './sandbox/outbox.js';
import { WecomPlatform } from './sandbox/wecom-platform.js';
import { WecomMember } from './sandbox/wecom-member.js';

export interface WecomServices {
  api: WecomApi;
  tasks: TaskCards;
  directory: Directory;
}

export interface WecomSandbox {
  platform: WecomPlatform;
  member: WecomMember;
}

export interface WecomParts {
  services: WecomServices;
  sandbox?: WecomSandbox;
  plugin: WecomPluginOptions;
  createWorker(): Worker;
}

export interface WecomPartsOptions extends WorkerPartsBase {
  metrics: Metrics;
  queues: Queues;
  baseUrl: () => string;
  /** The configured API base, resolved once the sandbox knows its port. */
  apiBase: () => string;
  /** The sandbox outbox shared with the other emulated platforms. */
  outbox?: Outbox;
}

const STAFF_CONCURRENCY = 16;

/** undefined when WeCom is not configured (production without the WECOM_* credentials). */
export async function createWecomParts(o: WecomPartsOptions): Promise<WecomParts | undefined> {
  const { config, clock, logger } = o;
  const w = config.wecom;
  if (!config.sandbox && !(w.corpId && w.agentId && w.secret && w.token && w.aesKey)) {
    logger.warn('WeCom is not configured (WECOM_CORPID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY): no staff tasks');
    return undefined;
  }
  const crypto = new WxBizMsgCrypt(w.aesKey, w.corpId);
  const api = new WecomApi({ corpId: w.corpId, agentId: w.agentId, secret: w.secret, apiBase: o.apiBase, redis: o.redis, keys: o.keys, clock, logger: logger.child({ mod: 'wecom-api' }) });
  const directory = config.sandbox ? await sandboxDirectory(config, clock, logger) : Directory.fromFile(w.directory);
  const tasks = new TaskCards({ api, store: new TaskStore(o.redis, o.keys), directory, clock, logger: logger.child({ mod: 'tasks' }) });
  const inbox = new StaffInbox(o.redis, o.keys, config.dedupeTtlSeconds);

  let sandbox: WecomSandbox | undefined;
  if (config.sandbox) {
    const platform = new WecomPlatform({ clock, corpId: w.corpId, agentId: w.agentId, secret: w.secret, ...(o.outbox && { outbox: o.outbox }) });
    const member = new WecomMember({ baseUrl: o.baseUrl, token: w.token, crypto, corpId: w.corpId, agentId: w.agentId, clock, platform });
    sandbox = { platform, member };
  }

  return {
    services: { api, tasks, directory },
    ...(sandbox && { sandbox }),
    plugin: {
      token: w.token,
      crypto,
      agentId: w.agentId,
      clock,
      metrics: o.metrics,
      windowSeconds: config.signatureWindowSeconds,
      bodyLimit: config.callbackBodyLimit,
      accept: (event) => acceptStaff({ inbox, staffQueue: o.queues.staff }, event),
    },
    createWorker: () =>
      createStaffWorker({
        connection: o.bullConnection,
        redis: o.redis,
        redisPrefix: config.redisPrefix,
        inbox,
        handler: tasks,
        logger: logger.child({ mod: 'staff' }),
        concurrency: STAFF_CONCURRENCY,
      }),
  };
}

/** The sandbox's staff are the demo world's; a scenario run installs its own world (ext-wecom). */
async function sandboxDirectory(config: Config, clock: Clock, logger: Logger): Promise<Directory> {
  try {
    return Directory.fromWorld(await loadWorldFile(config.courier.world, clock.now()));
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'sandbox world not loaded; the WeCom directory starts empty');
    return Directory.fromWorld({ stations: [], supervisors: [] });
  }
}
