// The console's own routes: the page and its modules, the state snapshot (parcels, cases with
// promise and due time, people with masked phones), the menu and the journal — and none of it, nor
// the clock routes, outside the sandbox.
import { afterEach, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../helpers/runtime.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});

const get = (path: string) => svc!.rt.app.inject({ method: 'GET', url: path });
const post = (path: string, payload: unknown) => svc!.rt.app.inject({ method: 'POST', url: path, payload: payload as Record<string, unknown> });

describe('the console routes (sandbox)', () => {
  it('serves the page and its files by name only', async () => {
    svc = await startService({}, { workers: false });
    const page = await get('/console');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('沙盒控制台');
    for (const [file, type] of [['app.js', 'text/javascript'], ['console.css', 'text/css']] as const) {
      const res = await get(`/console/${file}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(type);
    }
    for (const bad of ['/console/nope.js', '/console/..%2Fplugin.ts', '/console/%2E%2E%2Fassets.ts', '/console/plugin.ts']) {
      expect((await get(bad)).statusCode).toBe(404);
    }
  });

  it('gives the world, the cases with their promises and the people, phones masked', async () => {
    svc = await startService();
    await post('/sandbox/phone/o_demo_li', { text: '快递一周没动静了是不是丢了' });
    await svc.settle();
    await post('/sandbox/phone/o_demo_li', { text: 'SF2000000000025' });
    await svc.settle();
    const res = await get('/sandbox/console/state');
    expect(res.statusCode).toBe(200);
    const state = res.json();
    expect(state).toMatchObject({ clockControl: true, now: expect.any(Number) });
    expect(state.parcels).toHaveLength(svc.rt.agent.world!.parcels.length);
    expect(state.parcels.find((p: { waybill: string }) => p.waybill === 'SF2000000000025')).toMatchObject({
      statusLabel: '已到达派送网点',
      stationName: '徐汇田林网点',
      receiver: { name: '李先生', city: '上海' },
      owners: ['o_demo_li'],
    });
    expect(state.cases).toEqual([
      expect.objectContaining({ type: 'verification', typeLabel: '网点核实', kindLabel: '丢件', status: 'open', statusLabel: '待处理', open: true, assigneeLabel: '徐汇田林网点', promise: '2 小时内网点核实', dueText: '今天 12:00', overdue: false, customers: ['o_demo_li'] }),
    ]);
    expect(state.people.customers).toContainEqual({ id: 'o_demo_li', channel: 'wechat', bound: true, name: '李先生', phone: '138****0002' });
    expect(state.people.customers).toContainEqual({ id: 'o_demo_guest1', channel: 'wechat', bound: false });
    expect(state.people.customers).toContainEqual(expect.objectContaining({ id: 'wmDemoKfZhou0001', channel: 'wecom-kf' }));
    expect(state.people.staff).toContainEqual({ userid: 'wang_fang', name: 'wang_fang', stationId: 'tianlin', stationName: '徐汇田林网点', pending: 1 });
    expect(state.people.supervisors.map((s: { userid: string }) => s.userid)).toEqual(['li_na', 'he_jun']);
    // No phone number in clear anywhere in the snapshot.
    expect(res.body.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g)).toBeNull();
  });

  it('serves the menu and keeps the journal in order with the outbox', async () => {
    svc = await startService({}, { workers: false });
    const menu = (await get('/sandbox/console/menu')).json();
    expect(menu.button.map((b: { name: string }) => b.name)).toEqual(['查快递', '售后服务', '人工客服']);
    const first = (await post('/sandbox/console/journal', { who: 'o_demo_li', kind: 'text', text: '你好' })).json();
    svc.rt.sandbox!.outbox.record({ channel: 'wechat', to: 'o_demo_li', kind: 'text', text: '您好' });
    const second = (await post('/sandbox/console/journal', { who: 'o_demo_li', kind: 'menu', text: '查快递' })).json();
    expect(second.afterSeq).toBe(first.afterSeq + 1);
    expect((await get('/sandbox/console/journal?who=o_demo_li')).json().map((j: { text: string }) => j.text)).toEqual(['你好', '查快递']);
    expect((await get('/sandbox/console/journal?who=zhang_wei')).json()).toEqual([]);
    for (const bad of [{ who: 'x y', kind: 'text', text: 'a' }, { who: 'a', kind: 'dance', text: 'a' }, { who: 'a', kind: 'text', text: '' }]) {
      expect((await post('/sandbox/console/journal', bad)).statusCode).toBe(400);
    }
    expect((await get('/sandbox/console/journal')).statusCode).toBe(400);
  });
});

describe('outside the sandbox', () => {
  it('registers neither the console nor the clock routes', async () => {
    svc = await startService(
      { SANDBOX: '0', WECHAT_APPID: 'wx1234567890abcdef', WECHAT_SECRET: 's', WECHAT_TOKEN: 'courierbot2024', WECHAT_AES_KEY: 'Courier0Bot0Safe0Mode0Test0Vector0Key012340' },
      { workers: false },
    );
    expect(svc.rt.sandbox).toBeUndefined();
    for (const path of ['/console', '/console/app.js', '/sandbox/console/state', '/sandbox/clock']) expect((await get(path)).statusCode).toBe(404);
    expect((await post('/sandbox/clock/advance', { minutes: 30 })).statusCode).toBe(404);
  });
});
