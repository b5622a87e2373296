// Turns a parcel into the concrete sentences customers expect: the hour and place of the last
// scan, why it is late and the backend's ETA, the courier's name — never a bare “运输中”.
import type { Parcel, PartyRole } from '../courier/types.js';
import { currentStatus, lastValidScan, latestEvent, statusLabel } from '../courier/status.js';
import { maskName, maskPhone } from '../lib/mask.js';
import { formatSpan, formatWhen } from '../lib/time-zh.js';
import { say } from './define.js';

/** A parcel with no scan for this long is flagged as possibly lost. */
const STALE_MS = 72 * 3600_000;

export const itemOf = (p: Parcel) => p.item ?? ({ fresh: '生鲜', international: '国际件', standard: '包裹' } as const)[p.product];

export function lastScanLine(p: Parcel, now: number): { when: string; site: string; status: string } | null {
  const scan = lastValidScan(p, now);
  if (!scan) return null;
  return { when: formatWhen(scan.at, now), site: scan.site, status: statusLabel(scan.status) };
}

/** The tracking answer. `role` null = not a party: scans only, parties masked. */
export function describeParcel(p: Parcel, now: number, role: PartyRole | null): string {
  const lines = [say('track_header', { waybill: p.waybill, item: itemOf(p) })];
  const scan = lastValidScan(p, now);
  const status = currentStatus(p, now);
  if (!scan || !status) return say('track_no_scan', { waybill: p.waybill });
  const when = formatWhen(scan.at, now);
  const base = { when, site: scan.site, status: statusLabel(scan.status) };
  switch (status) {
    case 'delivered':
      lines.push(say('track_delivered', base));
      break;
    case 'locker_pickup':
      lines.push(say('track_locker', base));
      break;
    case 'returned':
      lines.push(say('track_returned', { ...base, status: latestEvent(p, now)?.note ?? statusLabel(status) }));
      break;
    case 'customs':
      lines.push(
        say('track_customs', {
          ...base,
          customs_note: p.exception ? say('track_customs_risk', { reason: p.exception.reason }) : say('track_customs_ok'),
        }),
      );
      break;
    default:
      lines.push(say('track_last_scan', base));
      if (p.exception && status !== 'out_for_delivery') {
        const eta = p.exception.eta ? say('track_eta_part', { eta: formatWhen(p.exception.eta, now) }) : '';
        lines.push(say('track_exception', { reason: `${p.exception.site}${p.exception.reason}`, eta_part: eta }));
      }
      if (status === 'out_for_delivery') lines.push(say('track_out_for_delivery', { courier: scan.courier ?? '' }));
      if (status === 'at_station' && now - scan.at > 24 * 3600_000) lines.push(say('track_at_station', { site: scan.site, span: formatSpan(now - scan.at) }));
      if (now - scan.at > STALE_MS && status !== 'at_station') lines.push(say('track_stale', { span: formatSpan(now - scan.at) }));
  }
  if (role === null) {
    lines.push(say('track_masked_parties', { sender: partyMasked(p.sender), receiver: partyMasked(p.receiver) }));
    lines.push(say('track_unbound_hint'));
  }
  return lines.join('\n');
}

const partyMasked = (party: Parcel['sender']) => `${maskName(party.name)} ${maskPhone(party.phone)} ${party.city}`;

/** Facts the model may see about a parcel: masked, no address, no other party's phone. */
export function parcelFacts(p: Parcel, now: number, role: PartyRole | null) {
  const scan = lastValidScan(p, now);
  return {
    waybill: p.waybill,
    product: p.product,
    status: currentStatus(p, now),
    lastScan: scan ? { when: formatWhen(scan.at, now), site: scan.site } : null,
    exception: p.exception ? { site: p.exception.site, reason: p.exception.reason, eta: p.exception.eta ? formatWhen(p.exception.eta, now) : null } : null,
    role,
  };
}
