// The 微信客服 part of the composition root (runtime.ts calls these): the kf API client with its own
// token (the 微信客服 secret, PROTOCOL.md §4.1/§5), the channel's Redis state, the sender, the sync,
// its worker, the /wecom/kf callback deps and — in sandbox mode — the emulated platform and customer.
// Without WeCom credentials and a kf secret (production without 微信客服) none of it is built.
import type { Queue } from 'bullmq';
import type { Config } from './config/env.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { Keys } from './store/keys.js';
import type { Redis } from './store/redis.js';
import type { InboundMessage } from './domain/inbound.js';
import type { AcceptResult } from './intake/accept.js';
import { CourierError } from './domain/errors.js';
import { WxBizMsgCrypt } from './channels/shared/aes.js';
import { KfApi } from './channels/wecom-kf/api.js';
import { KfState } from './channels/wecom-kf/state.js';
import { KfSender } from './channels/wecom-kf/sender.js';
import { KfSync } from './channels/wecom-kf/sync.js';
import type { KfServicerText } from './channels/wecom-kf/normalize.js';
import { kfWelcome } from './channels/wecom-kf/messages.js';
import type { KfNudgeInput } from './channels/wecom-kf/plugin.js';
import { createKfSyncWorker, enqueueKfSync } from './jobs/kf-sync-worker.js';
import { KfPlatform } from './sandbox/kf-platform.js';
import { SandboxKfCustomer } from './sandbox/kf-customer.js';
import type { Outbox } from './sandbox/outbox.js';

export interface KfChannel {
  api: KfApi;
  state: KfState;
  sender: KfSender;
  sync: KfSync;
  /** What app.ts needs for the /wecom/kf plugin. */
  callback: { token: string; crypto: WxBizMsgCrypt; onNudge: (n: KfNudgeInput) => Promise<void> };
  /** Where servicers' lines from the WeCom client go (the handoff's history). */
  onServicerText(fn: (m: KfServicerText) => Promise<void>): void;
}

export interface KfSandbox {
  platform: KfPlatform;
  customer: SandboxKfCustomer;
}

export interface KfDeps {
  redis: Redis;
  keys: Keys;
  clock: Clock;
  logger: Logger;
  queue: Queue;
  accept: (m: InboundMessage) => Promise<AcceptResult>;
  apiBase: () => string;
  dedupeTtlSeconds: number;
}

export const kfConfigured = (c: Config) => Boolean(c.wecom.corpId && c.wecom.token && c.wecom.aesKey && c.kf.secret);

export function createKfChannel(config: Config, d: KfDeps): KfChannel | undefined {
  if (!kfConfigured(config)) return undefined;
  const logger = d.logger.child({ mod: 'wecom-kf' });
  const api = new KfApi({ corpId: config.wecom.corpId, secret: config.kf.secret, apiBase: d.apiBase, redis: d.redis, keys: d.keys, clock: d.clock, logger });
  const state = new KfState(d.redis, d.keys, d.clock, d.dedupeTtlSeconds);
  // Bound later (runtime-handoff.ts): the handoff is built after the channel it relays through.
  let servicerText: ((m: KfServicerText) => Promise<void>) | undefined;
  const sync = new KfSync({ api, state, accept: d.accept, logger, welcome: kfWelcome, onServicerText: async (m) => servicerText?.(m) });
  const crypto = new WxBizMsgCrypt(config.wecom.aesKey, config.wecom.corpId);
  const onNudge = async (n: KfNudgeInput) => {
    await state.saveSyncToken(n.openKfId, n.syncToken);
    await enqueueKfSync(d.queue, n.openKfId);
  };
  return {
    api,
    state,
    sync,
    sender: new KfSender(api, state, config.kf.openKfId),
    callback: { token: config.wecom.token, crypto, onNudge },
    onServicerText: (fn) => {
      servicerText = fn;
    },
  };
}

export function createKfWorker(kf: KfChannel, d: { connection: Redis; redis: Redis; keys: Keys; redisPrefix: string; queue: Queue; logger: Logger }) {
  return createKfSyncWorker({ ...d, sync: kf.sync, logger: d.logger.child({ mod: 'kf-sync' }) });
}

/** Sandbox mode always has the (default) credentials, so `kf` is there; else the config is broken. */
export function createKfSandbox(config: Config, kf: KfChannel | undefined, d: { clock: Clock; outbox: Outbox; baseUrl: () => string }): KfSandbox {
  if (!kf) throw new CourierError('CONFIG_INVALID', 'sandbox needs WECOM_CORPID/TOKEN/AES_KEY and WECOM_KF_SECRET', 500);
  const platform = new KfPlatform({
    clock: d.clock,
    corpId: config.wecom.corpId,
    secret: config.kf.secret,
    openKfIds: [config.kf.openKfId],
    outbox: d.outbox,
    servicers: ['li_na', 'sandbox_servicer'],
  });
  const customer = new SandboxKfCustomer({
    baseUrl: d.baseUrl,
    token: kf.callback.token,
    crypto: kf.callback.crypto,
    corpId: config.wecom.corpId,
    openKfId: config.kf.openKfId,
    clock: d.clock,
    platform,
  });
  return { platform, customer };
}
