// Everything the sandbox serves, registered only when SANDBOX is on: the Official Account API
// emulator (the same paths as the real host), the outbox and the customer's phone.
import type { FastifyPluginAsync } from 'fastify';
import type { OaPlatform } from './oa-platform.js';
import type { Outbox } from './outbox.js';
import type { SandboxPhone } from './phone.js';
import { oaEmulatorPlugin } from './oa-emulator.js';
import { sandboxRoutes } from './routes.js';
import { phoneRoutes } from './phone-routes.js';
import type { KfPlatform } from './kf-platform.js';
import type { SandboxKfCustomer } from './kf-customer.js';
import { kfEmulatorPlugin } from './kf-emulator.js';
import { kfRoutes } from './kf-routes.js';
import type { WecomPlatform } from './wecom-platform.js';
import type { WecomMember } from './wecom-member.js';
import { wecomEmulatorPlugin } from './wecom-emulator.js';
import { wecomRoutes } from './wecom-routes.js';
import type { PayPlatform } from './pay-platform.js';
import { payEmulatorPlugin } from './pay-emulator.js';

export interface SandboxServices {
  platform: OaPlatform;
  outbox: Outbox;
  phone: SandboxPhone;
  /** 微信客服: the emulated platform (API under /sandbox/wecom-kf) and the kf customer. */
  kf?: { platform: KfPlatform; customer: SandboxKfCustomer };
  /** WeCom app: the emulated platform (API under /sandbox/wecom) and the staff/supervisor member. */
  wecom?: { platform: WecomPlatform; member: WecomMember };
  /** WeChat Pay: the emulated 商家转账 API and its control routes under /sandbox/wechatpay. */
  pay?: { platform: PayPlatform };
}

export const sandboxPlugin: FastifyPluginAsync<SandboxServices> = async function sandboxPlugin(app, s) {
  await app.register(oaEmulatorPlugin, { prefix: '/sandbox/oa', state: s.platform });
  await app.register(sandboxRoutes, { outbox: s.outbox, platform: s.platform });
  await app.register(phoneRoutes, { phone: s.phone });
  if (s.kf) {
    await app.register(kfEmulatorPlugin, { prefix: '/sandbox/wecom-kf', state: s.kf.platform });
    await app.register(kfRoutes, { customer: s.kf.customer, platform: s.kf.platform });
  }
  if (s.wecom) {
    await app.register(wecomEmulatorPlugin, { prefix: '/sandbox/wecom', state: s.wecom.platform });
    await app.register(wecomRoutes, { member: s.wecom.member, platform: s.wecom.platform });
  }
  if (s.pay) await app.register(payEmulatorPlugin, { prefix: '/sandbox/wechatpay', state: s.pay.platform, jsapiTicket: () => s.platform.currentJsapiTicket() });
};
