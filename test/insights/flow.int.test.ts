// A real conversation (webhook → agent → case) reaches the insights counters through the insights
// queue, and the dashboard shows it: the JSON APIs, the HTML pages, and the admin guard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../src/insights/time.js';
import { SANDBOX_ADMIN_TOKEN } from '../../src/insights/auth.js';
import { startService, type TestService } from '../helpers/runtime.js';

let svc: TestService;
const COMPLAINT = '没经过我同意就把快递放丰巢了，也没通知我，运单 SF2000000000012，电话13800000001';

beforeAll(async () => {
  svc = await startService();
  await svc.rt.sandbox!.phone.text('o_demo_chen', COMPLAINT);
  await svc.settle();
});
afterAll(async () => {
  await svc.stop();
});

const get = (url: string, headers: Record<string, string> = {}) => svc.rt.app.inject({ method: 'GET', url, headers });

describe('a conversation in the insights', () => {
  it('counts the turn as a 放丰巢没通知 contact in 张江花园 and the verification as a started workflow', async () => {
    const day = (await svc.rt.insights.store.days([dayOf(svc.clock.now())])).get(dayOf(svc.clock.now()))!;
    expect(day['c|locker_notice|community|张江花园']).toBe(1);
    expect(day['c|locker_notice|station|zhangjiang']).toBe(1);
    expect(day['c|locker_notice|all|*']).toBe(1);
    expect(day['o|contact']).toBe(1);
    expect(day['o|workflow|locker_notice']).toBe(1);
    expect(day['t|workflow']).toBe(1);
  });

  it('serves the summary, the series and the conversations as JSON, masked', async () => {
    const summary = (await get('/admin/insights/api/summary?days=3')).json();
    expect(summary.totals).toMatchObject({ contacts: 1, workflows: 1, handoffs: 0 });
    expect(summary.categories).toEqual([{ category: 'locker_notice', label: '放丰巢没通知', count: 1 }]);
    const series = (await get('/admin/insights/api/series?category=locker_notice&dim=community&value=张江花园&days=2')).json();
    expect(series.daily.at(-1).count).toBe(1);
    const res = await get(`/admin/insights/api/conversations?category=locker_notice&dim=community&value=${encodeURIComponent('张江花园')}&hours=24`);
    expect(res.statusCode).toBe(200);
    const [row] = res.json().conversations;
    expect(row).toMatchObject({ conversation: 'wechat:o_de***en', caseId: expect.stringMatching(/^V-/), dims: { community: '张江花园', station: 'zhangjiang' } });
    expect(JSON.stringify(res.json())).not.toMatch(/13800000001|张江路|502/);
    expect(row.excerpt).toContain('放丰巢');
  });

  it('renders the dashboard and the drill-down with the conversation', async () => {
    const page = await get('/admin/insights');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('放丰巢没通知');
    expect(page.body).toContain('<svg');
    expect(page.body).not.toMatch(/<script|https?:\/\/(?!www\.w3)/);
    const drill = await get(`/admin/insights/hotspot?category=locker_notice&dim=community&value=${encodeURIComponent('张江花园')}`);
    expect(drill.statusCode).toBe(200);
    expect(drill.body).toContain('wechat:o_de***en');
    expect(drill.body).toMatch(/V-[2-9A-HJ-NP-Z]{6}/);
    expect(drill.body).not.toContain('13800000001');
  });

  it('refuses bad queries with 400', async () => {
    expect((await get('/admin/insights/api/series?category=nope')).statusCode).toBe(400);
    expect((await get('/admin/insights/api/summary?days=0')).statusCode).toBe(400);
  });
});

describe('the admin guard in sandbox mode', () => {
  it('lets a direct loopback request in without a token, not a proxied or remote one', async () => {
    expect((await get('/admin/insights/api/alerts')).statusCode).toBe(200);
    expect((await get('/admin/insights/api/alerts', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(401);
    const remote = await svc.rt.app.inject({ method: 'GET', url: '/admin/insights/api/alerts', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(401);
    const withToken = await svc.rt.app.inject({ method: 'GET', url: '/admin/insights/api/alerts', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` } });
    expect(withToken.statusCode).toBe(200);
  });
});
