// The agent's read-only runtime context: who the customer is reaches tools only from here, never
// from model arguments (DESIGN.md step 3; LangChain v1 `runtime.context`). It is frozen before
// every turn so neither a tool nor the model can change it.
import { z } from 'zod';

export const AgentContext = z.object({
  channel: z.enum(['wechat', 'wecom-kf']),
  customerId: z.string().min(1),
  conversationId: z.string().min(1),
  /** The inbound message this turn answers; effects are keyed by it (idempotent retries). */
  messageKey: z.string().min(1),
  /** Bound phone (11 digits) or null for an unbound customer. */
  phone: z.string().nullable(),
  /** Business time of the turn, epoch ms. */
  now: z.number(),
});
export type AgentContext = z.infer<typeof AgentContext>;

export function freezeContext(ctx: AgentContext): Readonly<AgentContext> {
  return Object.freeze(AgentContext.parse(ctx));
}
