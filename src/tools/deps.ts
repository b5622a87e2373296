// What tools may use. Tools never import channels/: they reach the courier's systems through
// courier/, obligations through workflows/, and identity through conversation/identity.
import type { CourierBackend } from '../courier/backend.js';
import type { Identity } from '../conversation/identity.js';
import type { Logger } from '../lib/logger.js';
import type { Workflows } from '../workflows/workflows.js';

export interface ToolDeps {
  courier: CourierBackend;
  identity: Identity;
  workflows: Workflows;
  logger: Logger;
  /** Payouts waiting for the customer's 确认收款 (payments/confirmations.ts); absent without WeChat Pay. */
  payouts?: { pendingLink(claimId: string, asker: { channel: string; id: string }): Promise<string | undefined> };
}
