import type { PartyRole } from '../courier/types.js';
import type { CustomerRef } from '../workflows/workflows.js';
import type { AgentContext } from './context.js';

export const customerRef = (ctx: AgentContext, role: PartyRole | null): CustomerRef => ({ channel: ctx.channel, id: ctx.customerId, role: role ?? 'unknown' });
