import { describe, expect, it } from 'vitest';
import { WorldError, formatPath, loadWorld, worldFromDocument } from '../../src/courier/world.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-11T10:00:00+08:00');

// The example world of SCENARIOS.md, plus scenario-level keys this loader does not own.
const EXAMPLE = `
name: 生鲜延误 — 先共情，触发生鲜优先理赔，1 小时内专人联系
channel: wechat
now: 2026-11-11T10:00:00+08:00
world:
  customers:
    - openid: o_fresh_1
      phone: "13800000001"
    - openid: o_guest
  stations:
    - id: zhangjiang
      name: 浦东张江网点
      staff: [zhang_wei]
  supervisors: [li_na]
  parcels:
    - waybill: SF1000000000001
      product: fresh
      declared_value: 300
      insured: true
      sender:   { name: 王先生, phone: "13900000009", city: 大连 }
      receiver: { name: 陈女士, phone: "13800000001", city: 上海,
                  address: 上海市浦东新区张江路 1 号 3 号楼, community: 张江花园 }
      station: zhangjiang
      events:
        - { at: -76h, action: collected,  site: 大连甘井子网点 }
        - { at: -74h, action: departed,   site: 大连转运中心 }
        - { at: -20h, action: arrived,    site: 上海转运中心 }
        - { at: -2h,  action: delivering, site: 浦东张江网点, courier: 王师傅 }
      exception:
        { site: 上海转运中心, reason: 暴雨临时积压, eta: +10h }
      proof:
        { photo: locker.jpg, placed_at: 快递柜, note: 丰巢 3 号柜 }
turns:
  - customer: 我的大闸蟹到哪了
    expect: { reply: { contains: [暴雨] } }
future_key: anything
`;

function issuesOf(text: string) {
  try {
    loadWorld(text, { now: NOW, source: 'bad.yaml' });
  } catch (e) {
    expect(e).toBeInstanceOf(WorldError);
    return e as WorldError;
  }
  throw new Error('expected a WorldError');
}

const minimal = (parcel: string) => `
name: t
world:
  stations: [{ id: zhangjiang, name: 浦东张江网点, staff: [zhang_wei] }]
  parcels:
    - waybill: SF1
${parcel}
`;

describe('loadWorld', () => {
  it('resolves relative times against the file now', () => {
    const w = loadWorld(EXAMPLE, { now: 0 });
    expect(w.now).toBe(NOW);
    const p = w.parcels[0]!;
    expect(p.events.map((e) => e.at)).toEqual([NOW - 76 * H, NOW - 74 * H, NOW - 20 * H, NOW - 2 * H]);
    expect(p.exception).toEqual({ site: '上海转运中心', reason: '暴雨临时积压', eta: NOW + 10 * H });
  });

  it('uses the given now when the file has none', () => {
    const w = loadWorld(EXAMPLE.replace(/^now:.*$/m, ''), { now: 1_000 * H });
    expect(w.now).toBe(1_000 * H);
    expect(w.parcels[0]!.events[0]!.at).toBe(1_000 * H - 76 * H);
  });

  it('reads a now without offset as China time', () => {
    const w = loadWorld(EXAMPLE.replace(/^now:.*$/m, 'now: 2026-11-11T10:00:00'));
    expect(w.now).toBe(NOW);
  });

  it('maps the file to domain objects', () => {
    const w = loadWorld(EXAMPLE);
    expect(w.name).toContain('生鲜延误');
    expect(w.channel).toBe('wechat');
    expect(w.customers).toEqual([{ id: 'o_fresh_1', phone: '13800000001' }, { id: 'o_guest' }]);
    expect(w.stations).toEqual([{ id: 'zhangjiang', name: '浦东张江网点', staff: ['zhang_wei'] }]);
    expect(w.supervisors).toEqual(['li_na']);
    const p = w.parcels[0]!;
    expect(p).toMatchObject({
      waybill: 'SF1000000000001',
      product: 'fresh',
      declaredValue: 300,
      insured: true,
      stationId: 'zhangjiang',
      receiver: { name: '陈女士', phone: '13800000001', community: '张江花园' },
      proof: { photo: 'locker.jpg', placedAt: '快递柜', note: '丰巢 3 号柜' },
      route: { originHub: '大连转运中心', destHub: '上海转运中心' },
    });
    expect(p.events.map((e) => e.status)).toEqual(['collected', 'in_transit', 'at_hub', 'out_for_delivery']);
    expect(p.events[3]).toMatchObject({ action: 'delivering', courier: '王师傅' });
  });

  it('defaults channel, product and empty lists', () => {
    const w = loadWorld(`name: bare\nworld:\n  parcels:\n    - waybill: sf2\n      sender: { name: a, phone: "13800000001", city: 上海 }\n      receiver: { name: b, phone: 138 0000 0002, city: 上海 }\n`);
    expect(w.channel).toBe('wechat');
    expect(w.customers).toEqual([]);
    expect(w.parcels[0]).toMatchObject({ waybill: 'SF2', product: 'standard', events: [] });
    expect(w.parcels[0]!.receiver.phone).toBe('13800000002');
    expect(loadWorld('name: no world').parcels).toEqual([]);
    expect(loadWorld('name: blank\nworld:\n').stations).toEqual([]);
    expect(loadWorld('name: blank\nworld:\n  parcels:\n  supervisors:\n').supervisors).toEqual([]);
  });

  it('sorts events into time order', () => {
    const w = loadWorld(
      minimal(`      sender: { name: a, phone: "13800000001", city: 上海 }
      receiver: { name: b, phone: "13800000002", city: 上海 }
      events:
        - { at: -1h, action: arrived, site: 浦东张江网点 }
        - { at: -3h, action: collected, site: 大连甘井子网点 }`),
      { now: NOW },
    );
    expect(w.parcels[0]!.events.map((e) => e.status)).toEqual(['collected', 'at_station']);
  });
});

describe('malformed world files', () => {
  const party = `      sender: { name: a, phone: "13800000001", city: 上海 }
      receiver: { name: b, phone: "13800000002", city: 上海 }`;

  it('names the key path, line and reason of a bad relative time', () => {
    const err = issuesOf(minimal(`${party}\n      events:\n        - { at: -76x, action: collected, site: 大连 }`));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.issues[0]).toMatchObject({ path: 'world.parcels[0].events[0].at', line: 10 });
    expect(err.issues[0]!.message).toContain('"-76x" is not a duration');
    expect(err.message).toMatch(/^bad\.yaml:line 10: world\.parcels\[0\]\.events\[0\]\.at: /);
  });

  it('rejects an unknown action with the allowed ones', () => {
    const err = issuesOf(minimal(`${party}\n      events:\n        - { at: -1h, action: teleported, site: 大连 }`));
    expect(err.issues[0]!.path).toBe('world.parcels[0].events[0].action');
    expect(err.issues[0]!.message).toContain('delivering');
  });

  it('rejects unknown keys inside the world', () => {
    const err = issuesOf(minimal(`${party}\n      declared_vale: 300`));
    expect(err.issues).toEqual([{ path: 'world.parcels[0].declared_vale', message: 'unknown key', line: 9 }]);
  });

  it('reports a missing key at its parent line', () => {
    const err = issuesOf(minimal(`      receiver: { name: b, phone: "13800000002", city: 上海 }`));
    expect(err.issues[0]).toMatchObject({ path: 'world.parcels[0].sender', message: 'is required', line: 6 });
  });

  it('rejects a bad phone, product, and a bare number as a time', () => {
    const err = issuesOf(
      minimal(`      product: express
      sender: { name: a, phone: "12345", city: 上海 }
      receiver: { name: b, phone: "13800000002", city: 上海 }
      exception: { site: x, reason: y, eta: 10 }`),
    );
    expect(err.issues.map((i) => i.path)).toEqual([
      'world.parcels[0].product',
      'world.parcels[0].sender.phone',
      'world.parcels[0].exception.eta',
    ]);
  });

  it('checks references and duplicates', () => {
    const err = issuesOf(`
name: t
world:
  customers: [{ openid: o1 }, { openid: o1 }]
  stations: [{ id: s1, name: 网点 }]
  parcels:
    - { waybill: SF1, station: nowhere, sender: { name: a, phone: "13800000001", city: 上海 }, receiver: { name: b, phone: "13800000002", city: 上海 } }
    - { waybill: sf1, sender: { name: a, phone: "13800000001", city: 上海 }, receiver: { name: b, phone: "13800000002", city: 上海 } }
`);
    expect(err.issues.map((i) => [i.path, i.message])).toEqual([
      ['world.customers[1].openid', 'duplicate "o1" (first at customers[0])'],
      ['world.parcels[1].waybill', 'duplicate "SF1" (first at parcels[0])'],
      ['world.parcels[0].station', 'unknown station "nowhere" (stations: s1)'],
    ]);
  });

  it('requires a name and a known channel, but allows unknown scenario keys', () => {
    const err = issuesOf('channel: telegram\nturns: []\nsomething_new: 1\n');
    expect(err.issues.map((i) => i.path)).toEqual(['name', 'channel']);
  });

  it('reports YAML syntax errors with a line', () => {
    const err = issuesOf('name: t\nworld:\n  parcels: [\n');
    expect(err.issues[0]!.message).toMatch(/^YAML syntax/);
    expect(err.issues[0]!.line).toBeGreaterThan(0);
  });

  it('reports an empty file and a non-mapping', () => {
    expect(issuesOf('').issues[0]!.message).toContain('empty');
    expect(issuesOf('- a\n- b\n').issues[0]!.path).toBe('');
  });

  it('validates an already parsed document too', () => {
    expect(() => worldFromDocument({ name: 'x', world: { parcels: 'no' } })).toThrow(/world\.parcels: /);
  });
});

describe('formatPath', () => {
  it('writes indexes in brackets', () => {
    expect(formatPath(['world', 'parcels', 3, 'events', 0, 'at'])).toBe('world.parcels[3].events[0].at');
    expect(formatPath([])).toBe('');
  });
});
