// buildApp(deps) → a Fastify instance with every route; it never listens (tests use inject(),
// Fastify Guides/Testing.md). The composition of deps happens in runtime.ts.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from './lib/logger.js';
import type { Clock } from './lib/clock.js';
import type { Metrics } from './lib/metrics.js';
import type { Config } from './config/env.js';
import type { InboundMessage } from './domain/inbound.js';
import type { AcceptResult } from './intake/accept.js';
import type { WxBizMsgCrypt } from './channels/shared/aes.js';
import { wechatPlugin } from './channels/wechat/plugin.js';
import { wecomKfPlugin, type WecomKfPluginOptions } from './channels/wecom-kf/plugin.js';
import { wecomPlugin, type WecomPluginOptions } from './channels/wecom/plugin.js';
import { healthPlugin, type HealthDeps } from './ops/health.js';
import { payNotifyPlugin, type PayNotifyOptions } from './payments/notify-plugin.js';
import { confirmPagePlugin, type ConfirmPageOptions } from './payments/confirm-page.js';
import { sandboxPlugin, type SandboxServices } from './sandbox/plugin.js';
import { insightsPlugin, type InsightsPluginOptions } from './insights/plugin.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  oaCrypto: WxBizMsgCrypt;
  accept: (msg: InboundMessage) => Promise<AcceptResult>;
  /** 微信客服 callback (`/wecom/kf`); absent when the channel is not configured. */
  kf?: Pick<WecomKfPluginOptions, 'token' | 'crypto' | 'onNudge'>;
  /** WeCom app callback (`/wecom`, staff and supervisors); absent when WeCom is not configured. */
  wecom?: WecomPluginOptions;
  /** WeChat Pay notifications (`/wechatpay/notify`); absent when WeChat Pay is not configured. */
  pay?: PayNotifyOptions;
  /** The 确认收款 page (`/pay/confirm/:token`); absent without WeChat Pay or PUBLIC_BASE_URL. */
  payConfirm?: ConfirmPageOptions;
  health: HealthDeps;
  sandbox?: SandboxServices;
  /** The insights dashboard and its JSON APIs (`/admin/insights`, behind the admin token). */
  insights?: InsightsPluginOptions;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Callbacks are small; anything bigger than the limit is refused before parsing.
    bodyLimit: Math.max(deps.config.callbackBodyLimit, 1024 * 1024),
    // Per-request access logs would double the log volume of every callback; refusals and errors
    // are logged by the routes themselves with their reason.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
  });
  await app.register(wechatPlugin, {
    token: deps.config.wechat.token,
    crypto: deps.oaCrypto,
    clock: deps.clock,
    metrics: deps.metrics,
    windowSeconds: deps.config.signatureWindowSeconds,
    bodyLimit: deps.config.callbackBodyLimit,
    accept: deps.accept,
  });
  if (deps.kf) {
    await app.register(wecomKfPlugin, {
      ...deps.kf,
      clock: deps.clock,
      metrics: deps.metrics,
      windowSeconds: deps.config.signatureWindowSeconds,
      bodyLimit: deps.config.callbackBodyLimit,
    });
  }
  if (deps.wecom) await app.register(wecomPlugin, deps.wecom);
  if (deps.pay) await app.register(payNotifyPlugin, deps.pay);
  if (deps.payConfirm) await app.register(confirmPagePlugin, deps.payConfirm);
  await app.register(healthPlugin, deps.health);
  if (deps.sandbox) await app.register(sandboxPlugin, deps.sandbox);
  if (deps.insights) await app.register(insightsPlugin, { ...deps.insights, prefix: '/admin/insights' });
  return app;
}
