import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isBackendUnavailable } from '../../src/courier/backend.js';
import { SandboxCourierBackend, loadWorldFile } from '../../src/courier/sandbox-backend.js';
import { currentStatus, isActive, sinceLastScan } from '../../src/courier/status.js';
import type { Parcel } from '../../src/courier/types.js';
import { WorldError, loadWorld, type World } from '../../src/courier/world.js';
import { ManualClock } from '../../src/lib/clock.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-11T10:00:00+08:00');
const DEMO = fileURLToPath(new URL('../../scenarios/worlds/demo.yaml', import.meta.url));

const WORLD = `
name: lookup
now: 2026-11-11T10:00:00+08:00
world:
  stations: [{ id: zhangjiang, name: 浦东张江网点, staff: [zhang_wei] }]
  parcels:
    - waybill: SF1000000000001
      sender: { name: 王先生, phone: "13900000009", city: 大连 }
      receiver: { name: 陈女士, phone: "13800000001", city: 上海, community: 张江花园 }
      station: zhangjiang
      events:
        - { at: -5h, action: collected, site: 大连甘井子网点 }
        - { at: -1h, action: delivering, site: 浦东张江网点, courier: 王师傅 }
        - { at: +2h, action: delivered, site: 浦东张江网点, courier: 王师傅 }
      proof: { photo: door.jpg, placed_at: 门口 }
    - waybill: SF1000000000002
      sender: { name: 陈女士, phone: "13800000001", city: 上海 }
      receiver: { name: 李先生, phone: "13800000002", city: 杭州 }
      events:
        - { at: -3h, action: collected, site: 浦东张江网点 }
    - waybill: SF1000000000003
      sender: { name: 陈女士, phone: "13800000001", city: 上海 }
      receiver: { name: 陈女士, phone: "13800000001", city: 上海 }
      events:
        - { at: -10h, action: collected, site: 浦东张江网点 }
`;

const backend = (clock?: ManualClock) => new SandboxCourierBackend(loadWorld(WORLD), clock ? { clock } : {});

describe('SandboxCourierBackend', () => {
  it('finds a parcel by waybill, case-insensitively, and null for an unknown one', async () => {
    const b = backend();
    expect((await b.parcel('sf1000000000001'))?.receiver.name).toBe('陈女士');
    expect(await b.parcel('SF9999999999999')).toBeNull();
  });

  it('lists parcels by sender and by receiver phone, newest activity first', async () => {
    const b = backend();
    const mine = await b.parcelsByPhone('+86 138-0000-0001');
    expect(mine.map((x) => [x.parcel.waybill, x.role])).toEqual([
      ['SF1000000000001', 'receiver'],
      ['SF1000000000002', 'sender'],
      ['SF1000000000003', 'receiver'],
    ]);
    expect((await b.parcelsByPhone('13800000002')).map((x) => x.role)).toEqual(['receiver']);
    expect((await b.parcelsByPhone('13900000009')).map((x) => [x.parcel.waybill, x.role])).toEqual([['SF1000000000001', 'sender']]);
    expect(await b.parcelsByPhone('13800009999')).toEqual([]);
  });

  it('hides scans after the clock and shows them once the clock passes', async () => {
    const clock = new ManualClock(NOW);
    const b = backend(clock);
    const before = (await b.parcel('SF1000000000001'))!;
    expect(currentStatus(before)).toBe('out_for_delivery');
    expect(await b.deliveryProof('SF1000000000001')).toBeNull();
    clock.advance(3 * H);
    const after = (await b.parcel('SF1000000000001'))!;
    expect(currentStatus(after)).toBe('delivered');
    expect(await b.deliveryProof('SF1000000000001')).toMatchObject({
      waybill: 'SF1000000000001',
      photo: 'door.jpg',
      placedAt: '门口',
      courier: '王师傅',
      site: '浦东张江网点',
      deliveredAt: NOW + 2 * H,
    });
  });

  it('answers copies, so callers cannot change the world', async () => {
    const b = backend();
    const p = (await b.parcel('SF1000000000002'))!;
    p.events.length = 0;
    p.receiver.name = 'x';
    expect((await b.parcel('SF1000000000002'))!.events).toHaveLength(1);
    expect((await b.parcel('SF1000000000002'))!.receiver.name).toBe('李先生');
  });

  it('serves stations', async () => {
    const b = backend();
    expect(await b.station('zhangjiang')).toEqual({ id: 'zhangjiang', name: '浦东张江网点', staff: ['zhang_wei'] });
    expect(await b.station('nowhere')).toBeNull();
    expect(await b.stations()).toHaveLength(1);
  });

  it('records a scan with a normalised status', async () => {
    const b = backend();
    const p = b.recordScan('SF1000000000002', { action: '快件已到达【杭州转运中心】', site: '杭州转运中心', at: NOW });
    expect(p?.events.at(-1)).toMatchObject({ status: 'at_hub', at: NOW });
    expect(b.recordScan('SF0000000000000', { action: 'x', site: 'y' })).toBeNull();
  });

  it('counts volumes per station, 小区 and route within a window', async () => {
    const b = backend();
    expect(await b.volumes({ by: 'station' })).toEqual([{ key: 'zhangjiang', count: 1 }]);
    expect(await b.volumes({ by: 'community' })).toEqual([{ key: '张江花园', count: 1 }]);
    expect(await b.volumes({ by: 'station', from: NOW + 3 * H })).toEqual([]);
  });

  it('throws BackendUnavailableError during a simulated outage', async () => {
    const b = backend();
    b.setOutage('maintenance');
    const err = await b.parcel('SF1000000000001').catch((e: unknown) => e);
    expect(isBackendUnavailable(err)).toBe(true);
    expect(err).toMatchObject({ code: 'BACKEND_UNAVAILABLE', reason: 'outage' });
    b.setOutage(false);
    await expect(b.parcel('SF1000000000001')).resolves.not.toBeNull();
  });
});

describe('loadWorldFile', () => {
  it('names the file when it cannot be read', async () => {
    const err = await loadWorldFile('/nonexistent/world.yaml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldError);
    expect((err as Error).message).toContain('/nonexistent/world.yaml');
  });
});

/** A fresh parcel still on its way more than 36 hours after it was collected. */
const freshLate = (p: Parcel) => p.product === 'fresh' && isActive(p) && NOW - (p.events[0]?.at ?? NOW) > 36 * H;

describe('the demo world', () => {
  let world: World;
  beforeAll(async () => {
    world = await loadWorldFile(DEMO, NOW);
  });

  it('loads with enough parcels, customers, stations and supervisors', async () => {
    const w = world;
    expect(w.parcels.length).toBeGreaterThanOrEqual(30);
    expect(w.customers.filter((c) => c.phone).length).toBeGreaterThanOrEqual(5);
    expect(w.customers.some((c) => !c.phone)).toBe(true);
    expect(w.stations.length).toBeGreaterThanOrEqual(4);
    for (const s of w.stations) expect(s.staff.length).toBeGreaterThan(0);
    expect(w.supervisors.length).toBeGreaterThanOrEqual(2);
  });

  const situations: Record<string, (p: Parcel) => boolean> = {
    'in transit': (p) => ['in_transit', 'at_hub'].includes(currentStatus(p) ?? '') && !p.exception,
    'stuck at a hub with a weather backlog': (p) => /暴雨/.test(p.exception?.reason ?? '') && p.exception?.eta !== undefined && p.exception.eta > NOW,
    'at the station for days': (p) => currentStatus(p) === 'at_station' && (sinceLastScan(p, NOW) ?? 0) > 48 * H,
    'out for delivery with a courier': (p) => currentStatus(p) === 'out_for_delivery' && p.events.at(-1)?.courier !== undefined,
    'in a 丰巢 locker without notice': (p) => currentStatus(p) === 'locker_pickup' && /丰巢/.test(p.proof?.note ?? '') && /未/.test(p.proof?.note ?? ''),
    'delivered with a photo at the door': (p) => currentStatus(p) === 'delivered' && p.proof?.placedAt === '门口',
    'delivered with a photo at reception': (p) => currentStatus(p) === 'delivered' && p.proof?.placedAt === '前台',
    'fresh 大闸蟹 late': (p) => freshLate(p) && /大闸蟹/.test(p.item ?? ''),
    'fresh 车厘子 late': (p) => freshLate(p) && /车厘子/.test(p.item ?? ''),
    'international in customs with risk of return': (p) => p.product === 'international' && currentStatus(p) === 'customs' && /退运/.test(p.exception?.reason ?? ''),
    'lost: no scan for a week': (p) => isActive(p) && (sinceLastScan(p, NOW) ?? 0) > 7 * 24 * H,
    damaged: (p) => /破损/.test(p.exception?.reason ?? ''),
    returned: (p) => currentStatus(p) === 'returned',
    'collected only': (p) => p.events.length > 0 && p.events.every((e) => e.status === 'collected'),
  };

  it.each(Object.keys(situations))('covers %s', async (name) => {
    const w = world;
    expect(w.parcels.filter(situations[name]!).length).toBeGreaterThan(0);
  });

  it('lets bound customers find their parcels as sender and as receiver', async () => {
    const w = world;
    const b = new SandboxCourierBackend(w);
    for (const c of w.customers.filter((x) => x.phone)) {
      expect((await b.parcelsByPhone(c.phone!)).length, c.id).toBeGreaterThan(0);
    }
    const sun = await b.parcelsByPhone('13900000005');
    expect(sun.some((x) => x.role === 'sender')).toBe(true);
  });

  it('groups parcels by 小区 and by route for insights', async () => {
    const b = new SandboxCourierBackend(world);
    const communities = await b.volumes({ by: 'community' });
    expect(communities[0]).toMatchObject({ key: '张江花园' });
    const routes = await b.volumes({ by: 'route' });
    expect(routes.find((r) => r.key === '大连转运中心→上海转运中心')?.count).toBeGreaterThanOrEqual(2);
  });
});
