// Everything the sandbox serves, registered only when SANDBOX is on: the Official Account API
// emulator (the same paths as the real host), the outbox and the customer's phone.
import type { FastifyPluginAsync } from 'fastify';
import type { OaPlatform } from './oa-platform.js';
import type { Outbox } from './outbox.js';
import type { SandboxPhone } from './phone.js';
import { oaEmulatorPlugin } from './oa-emulator.js';
import { sandboxRoutes } from './routes.js';
import { phoneRoutes } from './phone-routes.js';

export interface SandboxServices {
  platform: OaPlatform;
  outbox: Outbox;
  phone: SandboxPhone;
}

export const sandboxPlugin: FastifyPluginAsync<SandboxServices> = async function sandboxPlugin(app, s) {
  await app.register(oaEmulatorPlugin, { prefix: '/sandbox/oa', state: s.platform });
  await app.register(sandboxRoutes, { outbox: s.outbox, platform: s.platform });
  await app.register(phoneRoutes, { phone: s.phone });
};
