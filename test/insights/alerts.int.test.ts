// Detection in the running service: three weeks of ordinary locker complaints and a morning of
// them in one 小区 → POST /admin/insights/api/detect alerts the operations group robot, with the
// place, the excess, masked examples and a suggested action; ADMIN_TOKEN guards the routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/insights/recorder.js';
import { ADMIN_COOKIE } from '../../src/insights/auth.js';
import { DAY_MS, HOUR_MS } from '../../src/insights/time.js';
import type { InsightEvent } from '../../src/insights/types.js';
import { startService, type TestService } from '../helpers/runtime.js';

const TOKEN = 'test-admin-token-0123456789';
let svc: TestService;
let n = 0;

const complaint = (at: number, community: string, station: string): InsightEvent => ({
  id: `t:seed-${n}`,
  at,
  kind: 'turn',
  category: 'locker_notice',
  outcome: 'workflow',
  conversationId: `wechat:o_seed_${String(n++).padStart(4, '0')}`,
  excerpt: '快递放丰巢了没人通知我',
  dims: { community, station, district: '浦东新区', courier: '王师傅', product: 'standard' },
});

beforeAll(async () => {
  svc = await startService({ ADMIN_TOKEN: TOKEN });
  const recorder = new Recorder(svc.rt.insights.store);
  const now = svc.clock.now();
  for (let d = 21; d >= 1; d--) {
    for (const [i, place] of [['张江花园', 'zhangjiang'], ['玉兰香苑', 'zhangjiang'], ['望京西园三区', 'wangjing'], ['翠苑一区', 'wenyi'], ['田林十二村', 'tianlin']].entries()) {
      if ((d + i) % 3 === 0) await recorder.record(complaint(now - d * DAY_MS + i * HOUR_MS, place![0]!, place![1]!));
    }
  }
  for (let i = 0; i < 15; i++) await recorder.record(complaint(now - 5 * HOUR_MS + i * 20 * 60_000, '张江花园', 'zhangjiang'));
});
afterAll(async () => {
  await svc.stop();
});

const bearer = { authorization: `Bearer ${TOKEN}` };

describe('insights detection in the service', () => {
  it('alerts the operations group robot once, then keeps quiet during the cool-down', async () => {
    const res = await svc.rt.app.inject({ method: 'POST', url: '/admin/insights/api/detect', headers: bearer });
    expect(res.statusCode).toBe(200);
    const { alerts } = res.json();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ category: 'locker_notice', dim: 'community', value: '张江花园', count: 15, delivered: true });
    // The station rose with it, by the same conversations: one alert, the station "also elevated".
    expect(alerts[0].also).toContainEqual({ dim: 'station', value: 'zhangjiang' });
    const robot = svc.rt.sandbox!.outbox.list({ channel: 'wecom' }).filter((m) => m.kind === 'robot');
    expect(robot).toHaveLength(1);
    if (process.env.SHOW) process.stderr.write(robot[0]!.text + '\n');
    expect(robot[0]!.text).toContain('放丰巢没通知');
    expect(robot[0]!.text).toContain('张江花园');
    expect(robot[0]!.text).toContain('wechat:o_se***');
    expect(robot[0]!.text).toContain('建议');
    const again = await svc.rt.app.inject({ method: 'POST', url: '/admin/insights/api/detect', headers: bearer });
    expect(again.json().alerts).toEqual([]);
  });

  it('lists the alert and drills down from it to its conversations', async () => {
    const { alerts } = (await svc.rt.app.inject({ method: 'GET', url: '/admin/insights/api/alerts?days=1', headers: bearer })).json();
    expect(alerts).toHaveLength(1);
    const convs = (await svc.rt.app.inject({ method: 'GET', url: `/admin/insights/api/conversations?alert=${alerts[0].id}`, headers: bearer })).json();
    expect(convs.conversations).toHaveLength(15);
    const page = await svc.rt.app.inject({ method: 'GET', url: `/admin/insights/hotspot?alert=${alerts[0].id}`, headers: bearer });
    expect(page.body).toContain('预警');
    expect(page.body).toContain('快递放丰巢了没人通知我');
  });

  it('sends the daily report to the robot', async () => {
    const res = await svc.rt.app.inject({ method: 'POST', url: '/admin/insights/api/report', headers: bearer });
    expect(res.json().text).toContain('客服洞察日报');
    if (process.env.SHOW) process.stderr.write(res.json().text + '\n');
  });
});

describe('the admin guard with ADMIN_TOKEN', () => {
  it('requires the token even on loopback', async () => {
    expect((await svc.rt.app.inject({ method: 'GET', url: '/admin/insights' })).statusCode).toBe(401);
    expect((await svc.rt.app.inject({ method: 'GET', url: '/admin/insights', headers: { authorization: 'Bearer wrong-token-wrong-token' } })).statusCode).toBe(401);
    expect((await svc.rt.app.inject({ method: 'GET', url: '/admin/insights', headers: bearer })).statusCode).toBe(200);
  });

  it('swaps ?token= for an HttpOnly cookie that then opens the pages', async () => {
    const res = await svc.rt.app.inject({ method: 'GET', url: `/admin/insights?days=7&token=${TOKEN}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/insights?days=7');
    expect(String(res.headers['set-cookie'])).toContain('HttpOnly');
    const page = await svc.rt.app.inject({ method: 'GET', url: '/admin/insights?days=7', headers: { cookie: `${ADMIN_COOKIE}=${TOKEN}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('最近预警');
  });
});
