// The shared first step of every tool that acts on a parcel: resolve which parcel, then require
// that the customer is a party to it. Returns either the parcel or the ToolResult to answer with.
import type { Parcel, PartyRole } from '../courier/types.js';
import { currentStatus, lastValidScan, statusLabel } from '../courier/status.js';
import { formatWhen } from '../lib/time-zh.js';
import type { AgentContext } from './context.js';
import type { ToolDeps } from './deps.js';
import { say } from './define.js';
import { itemOf } from './facts.js';
import { resolveParcel, type Purpose } from './parcels.js';
import type { ToolResult } from './result.js';

export type Access = { ok: true; parcel: Parcel; role: PartyRole | null } | { ok: false; result: ToolResult };

/** Resolves the parcel; `intent` is remembered so a follow-up choice or verification resumes it. */
export async function findParcel(deps: ToolDeps, ctx: AgentContext, waybill: string | undefined, intent: string, args: Record<string, unknown> = {}, purpose: Purpose = 'active'): Promise<Access> {
  const r = await resolveParcel(deps, ctx, waybill, purpose);
  switch (r.kind) {
    case 'ok':
      return { ok: true, parcel: r.parcel, role: r.role };
    case 'choose':
      return { ok: false, result: chooseResult(r.options, ctx.now, intent, args) };
    case 'none_active':
      return { ok: false, result: { status: 'not_found', reply: say('no_active_parcels') } };
    case 'need_waybill':
      return { ok: false, result: { status: 'need_waybill', reply: say('need_waybill'), awaiting: null } };
    case 'not_found':
      return { ok: false, result: { status: 'not_found', reply: say('not_found', { waybill: r.waybill }) } };
  }
}

/** Like findParcel, but the customer must be the parcel's sender or receiver to act on it. */
export async function findOwnParcel(deps: ToolDeps, ctx: AgentContext, waybill: string | undefined, intent: string, args: Record<string, unknown> = {}, purpose: Purpose = 'active'): Promise<Access> {
  const found = await findParcel(deps, ctx, waybill, intent, args, purpose);
  if (!found.ok || found.role) return found;
  if (ctx.phone) {
    // Bound to another phone: this waybill is someone else's; verification by last four digits
    // is still possible (e.g. a parcel ordered with a family member's phone).
    deps.logger.info({ tool: intent, waybill: found.parcel.waybill }, 'action on a parcel the bound phone is not party to; verification asked');
  }
  return {
    ok: false,
    result: {
      status: 'need_verification',
      reply: say('need_verification'),
      remember: [found.parcel.waybill],
      awaiting: { kind: 'verify_last4', waybill: found.parcel.waybill, intent, args },
    },
  };
}

function chooseResult(options: Parcel[], now: number, intent: string, args: Record<string, unknown>): ToolResult {
  const list = options.slice(0, 9).map((p, i) => {
    const scan = lastValidScan(p, now);
    const status = currentStatus(p, now);
    return say('choose_item', { n: i + 1, waybill: p.waybill, item: itemOf(p), status: status ? statusLabel(status) : '暂无记录', when: scan ? formatWhen(scan.at, now) : '—' });
  });
  return {
    status: 'choose',
    reply: [say('choose_parcel', { count: options.length }), ...list].join('\n'),
    facts: { options: options.map((p) => p.waybill) },
    awaiting: { kind: 'pick_parcel', options: options.slice(0, 9).map((p) => p.waybill), intent, args },
  };
}
