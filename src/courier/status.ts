// The status taxonomy every scan is normalised to, whatever its source: the `action` codes of
// scenario world files (SCENARIOS.md "The world") or the free-text descriptions a courier system
// prints (已揽收, 到达上海转运中心, 海关查验 …). Replies use the zh-CN labels; the raw scan text is
// kept on the event so a reply can still quote it.
import type { Parcel, Route, ScanEvent } from './types.js';

export const PARCEL_STATUSES = [
  'collected',
  'in_transit',
  'at_hub',
  'customs',
  'at_station',
  'out_for_delivery',
  'delivered',
  'locker_pickup',
  'exception',
  'returned',
] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

/** The `action` values a world file may use (SCENARIOS.md). */
export const SCAN_ACTIONS = [
  'collected',
  'departed',
  'arrived',
  'customs',
  'delivering',
  'delivered',
  'locker',
  'exception',
  'returned',
] as const;
export type ScanAction = (typeof SCAN_ACTIONS)[number];

export const STATUS_LABELS: Readonly<Record<ParcelStatus, string>> = {
  collected: '已揽收',
  in_transit: '运输中',
  at_hub: '已到达转运中心',
  customs: '海关清关中',
  at_station: '已到达派送网点',
  out_for_delivery: '派送中',
  delivered: '已签收',
  locker_pickup: '已放入快递柜/驿站，待取件',
  exception: '异常',
  returned: '已退回',
};

export const statusLabel = (status: ParcelStatus): string => STATUS_LABELS[status];

/** Statuses after which the courier has nothing more to do for the parcel. */
const TERMINAL: ReadonlySet<ParcelStatus> = new Set(['delivered', 'returned']);

/** Sorting, transit and customs sites; anything else a parcel "arrives" at is a delivering station. */
const HUB_SITE = /转运中心|分拨中心|中转中心|中转场|集散中心|集散地|分拣中心|处理中心|转运场|转运站|枢纽|航空部|hub/i;

export const isHubSite = (site: string): boolean => HUB_SITE.test(site);

const ACTION_STATUS: Readonly<Record<Exclude<ScanAction, 'arrived'>, ParcelStatus>> = {
  collected: 'collected',
  departed: 'in_transit',
  customs: 'customs',
  delivering: 'out_for_delivery',
  delivered: 'delivered',
  locker: 'locker_pickup',
  exception: 'exception',
  returned: 'returned',
};

/** A world-file action; `arrived` depends on the site: a hub (at_hub) or a station (at_station). */
export function statusOfAction(action: ScanAction, site = ''): ParcelStatus {
  if (action === 'arrived') return isHubSite(site) ? 'at_hub' : 'at_station';
  return ACTION_STATUS[action];
}

export const isScanAction = (value: string): value is ScanAction =>
  (SCAN_ACTIONS as readonly string[]).includes(value);

export const isParcelStatus = (value: string): value is ParcelStatus =>
  (PARCEL_STATUSES as readonly string[]).includes(value);

// Free-text rules, first match wins. The order matters: "派送失败" is an exception, not out for
// delivery; "拒收退回" is a return; "已放入快递柜，凭取件码签收" is a locker, not a hand-over, but
// "已从快递柜取出" means the customer has it.
const ARRIVE = '(?:到达|抵达|到件|进入|已到|送达)';
const TEXT_RULES: readonly [RegExp, ParcelStatus][] = [
  [/退回|退件|退运|返回寄件|原路返回|已退/, 'returned'],
  [/已(?:从[^，,。；;]*)?取出|取件成功|已被取走|已取件/, 'delivered'],
  [/快递柜|丰巢|智能柜|自提柜|格口|取件码|代收点|驿站代收|已放入|存放|待取件|及时取件/, 'locker_pickup'],
  [/已签收|签收成功|本人签收|他人代签|代签收|妥投|已送达|已交付|派送成功/, 'delivered'],
  [/异常|滞留|延误|积压|破损|丢失|遗失|问题件|无法派送|派送失败|拒收|地址不详|错分/, 'exception'],
  [/海关|清关|报关|查验|入境|出境|口岸|关务/, 'customs'],
  [/派送中|派件中|正在派送|开始派送|安排派送|派件员|快递员.*派送|配送中|出仓派送/, 'out_for_delivery'],
  [new RegExp(`${ARRIVE}[^，,。；;]*?(?:${HUB_SITE.source})`, 'i'), 'at_hub'],
  [/发往|离开|已发出|运输中|在途|运往|已出发|装车|中转|转运|航班|干线/, 'in_transit'],
  [new RegExp(`${ARRIVE}[^，,。；;]*?(?:网点|营业部|营业点|站点|驿站|服务站|分部|站)`), 'at_station'],
  [/揽收|揽件|已收件|收寄|收件员/, 'collected'],
];

/**
 * Normalises an action code or a free-text scan description. Returns null when nothing is
 * recognised: callers decide what an unknown scan means instead of this module guessing.
 */
export function normaliseScan(text: string, site = ''): ParcelStatus | null {
  const t = text.trim();
  if (isScanAction(t)) return statusOfAction(t, site);
  if (isParcelStatus(t)) return t;
  for (const [rule, status] of TEXT_RULES) if (rule.test(t)) return status;
  return null;
}

/** Events in time order (stable for equal times), optionally only those that happened by `now`. */
export function eventsAsOf(parcel: Parcel, now?: number): ScanEvent[] {
  return parcel.events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => now === undefined || e.at <= now)
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }) => e);
}

/** The newest event (any kind), or undefined before the first scan. */
export function latestEvent(parcel: Parcel, now?: number): ScanEvent | undefined {
  return eventsAsOf(parcel, now).at(-1);
}

/** The parcel's status now: the newest event's status; undefined before the first scan. */
export function currentStatus(parcel: Parcel, now?: number): ParcelStatus | undefined {
  return latestEvent(parcel, now)?.status;
}

/**
 * The newest scan that places the parcel somewhere — an exception record (积压, 破损 …) says
 * what went wrong, not where the parcel is, so it is skipped unless it is all there is.
 * This is the "昨日 18 点到达 XX 网点，未派件" a lost-parcel answer quotes.
 */
export function lastValidScan(parcel: Parcel, now?: number): ScanEvent | undefined {
  const events = eventsAsOf(parcel, now);
  return events.findLast((e) => e.status !== 'exception') ?? events.at(-1);
}

/** Milliseconds since the last valid scan; undefined when there is none. */
export function sinceLastScan(parcel: Parcel, now: number): number | undefined {
  const last = lastValidScan(parcel, now);
  return last ? now - last.at : undefined;
}

/**
 * Still on its way: not delivered and not returned. A parcel waiting in a locker or 驿站 counts
 * as active (the customer has not got it yet), and so does an order not yet scanned.
 */
export function isActive(parcel: Parcel, now?: number): boolean {
  const status = currentStatus(parcel, now);
  return status === undefined || !TERMINAL.has(status);
}

/**
 * The hub-to-hub route of a parcel from its scans: the first and the last hub it passed.
 * Undefined when it has passed fewer than two distinct hubs. World files and backends may
 * state the route instead; this is the fallback for grouping (insights by route).
 */
export function routeFromEvents(events: readonly ScanEvent[]): Route | undefined {
  const hubs = [...events].sort((a, b) => a.at - b.at).filter((e) => isHubSite(e.site));
  const origin = hubs[0]?.site;
  const dest = hubs.at(-1)?.site;
  return origin && dest && origin !== dest ? { originHub: origin, destHub: dest } : undefined;
}
