// The WeChat Pay part of the composition root (runtime.ts calls this once): keys, the signed
// 商家转账 client, the payout store and service, the approval hook for the claim workflows, the
// /wechatpay/notify plugin's options, the payout worker and — in sandbox mode — the emulated
// platform. Without WECHATPAY_MCHID in production none of it is built and approved claims wait
// for a manual payout.
import { createPublicKey } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { WorkerPartsBase } from './runtime-base.js';
import type { Redis } from './store/redis.js';
import type { Queues } from './jobs/queues.js';
import type { Outbound } from './outbound/dispatch.js';
import type { WecomServices } from './runtime-wecom.js';
import { CaseStore, type Case } from './workflows/cases.js';
import { Notifier } from './workflows/notify.js';
import { loadPlatformKeys, loadPrivateKey } from './payments/keys.js';
import { RequestSigner } from './payments/signature.js';
import { PlatformVerifier } from './payments/verify.js';
import { TransferClient } from './payments/client.js';
import { PayoutStore } from './payments/store.js';
import { PayoutAnnouncer } from './payments/announce.js';
import { Payouts } from './payments/payouts.js';
import type { PayNotifyOptions } from './payments/notify-plugin.js';
import { createPayoutWorker } from './jobs/payout-worker.js';
import { PayPlatform } from './sandbox/pay-platform.js';
import { ConfirmLinks } from './payments/confirm-link.js';
import { JSSDK_URL, type ConfirmPageOptions } from './payments/confirm-page.js';
import { PayoutConfirmations } from './payments/confirmations.js';

/** The sandbox platform's own signing key (config/sandbox/README.md); production never reads it. */
export const SANDBOX_PLATFORM_KEY = 'config/sandbox/wechatpay-platform-key.pem';

export interface PayServices {
  payouts: Payouts;
  store: PayoutStore;
  client: TransferClient;
  /** 确认收款 links for WAIT_USER_CONFIRM payouts (the announcer, 理赔进度). */
  confirmations: PayoutConfirmations;
}

export interface PaySandbox {
  platform: PayPlatform;
}

export interface PayParts {
  services: PayServices;
  /** Pass to CaseWorkflows (policy auto-approval) and registerResultHandlers (review card). */
  onApproved: (c: Case) => Promise<void>;
  plugin: PayNotifyOptions;
  /** The 确认收款 page; only with a public base URL (PUBLIC_BASE_URL, or this service in sandbox mode). */
  confirmPage?: ConfirmPageOptions;
  sandbox?: PaySandbox;
  createWorker(): Worker;
}

export interface PayPartsOptions extends WorkerPartsBase {
  queues: Queues;
  outbound: Outbound;
  wecom?: WecomServices;
  /** The configured API base and notify URL, resolved once the sandbox knows its port. */
  apiBase: () => string;
  notifyUrl: () => string;
  /** PUBLIC_BASE_URL, resolved like apiBase; absent when not configured. */
  publicBase?: () => string;
  /** The OA's JS-SDK jsapi_ticket (OaApi.jsapiTicket), for wx.config on the 确认收款 page. */
  jsapiTicket: () => Promise<string>;
}

export function createPayParts(o: PayPartsOptions): PayParts | undefined {
  const { config, clock, redis, keys } = o;
  const pay = config.pay;
  const logger = o.logger.child({ mod: 'payouts' });
  if (!pay.enabled) {
    logger.warn('WeChat Pay is not configured (WECHATPAY_MCHID, …): approved claims wait for a manual payout');
    return undefined;
  }
  const merchantKey = loadPrivateKey(pay.privateKey);
  const platformKeys = loadPlatformKeys(pay.platformKeys);
  // Requests name the platform key WeChat Pay should use; a 微信支付公钥ID is preferred (§7.1).
  const platformSerial = [...platformKeys.keys()].find((k) => k.startsWith('PUB_KEY_ID_')) ?? [...platformKeys.keys()][0]!;
  const verifier = new PlatformVerifier({ keys: platformKeys, clock, windowSeconds: config.signatureWindowSeconds });
  const signer = new RequestSigner({ appId: pay.appId, mchId: pay.mchId, serial: pay.serial, privateKey: merchantKey });
  const client = new TransferClient({ apiBase: o.apiBase, signer, verifier, platformSerial, clock });
  const store = new PayoutStore(redis, keys);
  // CaseStore and Notifier hold no state of their own (all of it is in Redis), so this part has
  // its own instances and can be built before the agent part that takes the approval hook.
  const cases = new CaseStore({ redis, keys, clock, logger: logger.child({ mod: 'cases' }) });
  const notifier = new Notifier(o.outbound, o.wecom?.api, logger.child({ mod: 'notify' }));
  const links = new ConfirmLinks(pay.apiV3Key);
  const confirmations = new PayoutConfirmations({ links, store, clock, ...(o.publicBase && { publicBase: o.publicBase }) });
  const announcer = new PayoutAnnouncer({ store, cases, notifier, directory: o.wecom?.directory, logger, confirmations });
  const payouts = new Payouts({
    store,
    client,
    queue: o.queues.payout,
    cases,
    announcer,
    clock,
    logger,
    settings: { appId: pay.appId, mchId: pay.mchId, transferSceneId: pay.transferSceneId, notifyUrl: o.notifyUrl },
  });

  let sandbox: PaySandbox | undefined;
  if (config.sandbox) {
    const platform = new PayPlatform({
      clock,
      mchId: pay.mchId,
      appId: pay.appId,
      merchantSerial: pay.serial,
      merchantPublicKey: createPublicKey(merchantKey),
      platform: { key: loadPrivateKey(SANDBOX_PLATFORM_KEY, 'sandbox platform key'), keyId: platformSerial },
      apiV3Key: pay.apiV3Key,
    });
    sandbox = { platform };
  }

  return {
    services: { payouts, store, client, confirmations },
    ...(o.publicBase && {
      confirmPage: {
        links,
        store,
        appId: pay.appId,
        mchId: pay.mchId,
        jsapiTicket: o.jsapiTicket,
        publicBase: o.publicBase,
        // WeChat's JS-SDK in production; the sandbox's stand-in for WeChat's browser otherwise.
        sdkUrl: config.sandbox ? '/sandbox/wechatpay/jsbridge.js' : JSSDK_URL,
        clock,
        logger: logger.child({ mod: 'payout-confirm' }),
      },
    }),
    onApproved: (c) => payouts.request(c),
    plugin: { verifier, apiV3Key: pay.apiV3Key, bodyLimit: config.callbackBodyLimit, onTransfer: (n) => payouts.onNotice(n) },
    ...(sandbox && { sandbox }),
    createWorker: () => createPayoutWorker({ connection: o.bullConnection, redisPrefix: config.redisPrefix, payouts, logger, lockMs: config.workerLockMs }),
  };
}
