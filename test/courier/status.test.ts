import { describe, expect, it } from 'vitest';
import {
  PARCEL_STATUSES,
  SCAN_ACTIONS,
  STATUS_LABELS,
  currentStatus,
  isActive,
  isHubSite,
  lastValidScan,
  normaliseScan,
  routeFromEvents,
  sinceLastScan,
  statusOfAction,
} from '../../src/courier/status.js';
import type { Parcel, ScanEvent } from '../../src/courier/types.js';

const party = { name: '陈女士', phone: '13800000001', city: '上海' };
const ev = (at: number, status: ScanEvent['status'], site: string, action: string = status): ScanEvent => ({ at, action, status, site });
const parcel = (events: ScanEvent[]): Parcel => ({ waybill: 'SF1000000000001', product: 'standard', sender: party, receiver: party, events });

describe('statusOfAction', () => {
  it.each([
    ['collected', '大连甘井子网点', 'collected'],
    ['departed', '大连转运中心', 'in_transit'],
    ['arrived', '上海转运中心', 'at_hub'],
    ['arrived', '浦东张江网点', 'at_station'],
    ['customs', '上海浦东机场海关', 'customs'],
    ['delivering', '浦东张江网点', 'out_for_delivery'],
    ['delivered', '浦东张江网点', 'delivered'],
    ['locker', '张江花园丰巢快递柜', 'locker_pickup'],
    ['exception', '上海转运中心', 'exception'],
    ['returned', '闵行七宝网点', 'returned'],
  ] as const)('maps %s at %s to %s', (action, site, status) => {
    expect(statusOfAction(action, site)).toBe(status);
  });

  it('covers every world action', () => {
    for (const a of SCAN_ACTIONS) expect(PARCEL_STATUSES).toContain(statusOfAction(a, 'x'));
  });
});

describe('normaliseScan', () => {
  it.each([
    ['快件已由【大连甘井子网点】揽收', 'collected'],
    ['已揽收', 'collected'],
    ['运输中', 'in_transit'],
    ['快件已离开【上海转运中心】，下一站【浦东张江网点】', 'in_transit'],
    ['快件已发往【北京转运中心】', 'in_transit'],
    ['快件已到达【上海转运中心】', 'at_hub'],
    ['到达大连分拨中心', 'at_hub'],
    ['快件已到达【浦东张江网点】', 'at_station'],
    ['海关查验', 'customs'],
    ['快件清关中', 'customs'],
    ['派送中，快递员王师傅 138****0001', 'out_for_delivery'],
    ['快递员正在派送', 'out_for_delivery'],
    ['派送失败，电话无人接听', 'exception'],
    ['中转场暴雨临时积压', 'exception'],
    ['外包装破损', 'exception'],
    ['已签收，签收人：本人', 'delivered'],
    ['快件已从丰巢快递柜取出', 'delivered'],
    ['已放入快递柜，请凭取件码取件', 'locker_pickup'],
    ['快件已被【田林驿站】驿站代收', 'locker_pickup'],
    ['拒收，退回寄件人', 'returned'],
    ['退回', 'returned'],
  ])('reads %j as %s', (text, status) => {
    expect(normaliseScan(text)).toBe(status);
  });

  it('accepts action codes and taxonomy values', () => {
    expect(normaliseScan('arrived', '上海转运中心')).toBe('at_hub');
    expect(normaliseScan('arrived', '浦东张江网点')).toBe('at_station');
    expect(normaliseScan('out_for_delivery')).toBe('out_for_delivery');
  });

  it('returns null for text it cannot read', () => {
    expect(normaliseScan('您好')).toBeNull();
  });
});

describe('labels', () => {
  it('has a zh-CN label for every status', () => {
    for (const s of PARCEL_STATUSES) expect(STATUS_LABELS[s]).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('parcel helpers', () => {
  const stuck = parcel([
    ev(3, 'exception', '上海转运中心', 'exception'),
    ev(1, 'collected', '大连甘井子网点'),
    ev(2, 'at_hub', '上海转运中心', 'arrived'),
  ]);

  it('takes the newest scan that places the parcel, skipping exception records', () => {
    expect(lastValidScan(stuck)).toMatchObject({ at: 2, site: '上海转运中心', status: 'at_hub' });
    expect(currentStatus(stuck)).toBe('exception');
  });

  it('ignores scans after now', () => {
    expect(lastValidScan(stuck, 1)?.status).toBe('collected');
    expect(currentStatus(stuck, 0)).toBeUndefined();
    expect(sinceLastScan(stuck, 10)).toBe(8);
  });

  it('falls back to an exception when it is the only scan', () => {
    expect(lastValidScan(parcel([ev(5, 'exception', '浦东张江网点')]))?.at).toBe(5);
    expect(lastValidScan(parcel([]))).toBeUndefined();
  });

  it('treats delivered and returned as finished, a locker as still active', () => {
    expect(isActive(parcel([ev(1, 'delivered', 'x')]))).toBe(false);
    expect(isActive(parcel([ev(1, 'returned', 'x')]))).toBe(false);
    expect(isActive(parcel([ev(1, 'locker_pickup', 'x')]))).toBe(true);
    expect(isActive(stuck)).toBe(true);
    expect(isActive(parcel([]))).toBe(true);
    expect(isActive(parcel([ev(1, 'in_transit', 'x'), ev(9, 'delivered', 'x')]), 5)).toBe(true);
  });

  it('derives the hub route from scans', () => {
    const events = [
      ev(1, 'collected', '大连甘井子网点'),
      ev(2, 'in_transit', '大连转运中心'),
      ev(3, 'at_hub', '上海转运中心'),
      ev(4, 'at_station', '浦东张江网点'),
    ];
    expect(routeFromEvents(events)).toEqual({ originHub: '大连转运中心', destHub: '上海转运中心' });
    expect(routeFromEvents(events.slice(0, 2))).toBeUndefined();
    expect(isHubSite('大连转运中心')).toBe(true);
    expect(isHubSite('浦东张江网点')).toBe(false);
  });
});
