// The sandbox clock routes: GET /sandbox/clock reads the runtime's ManualClock, POST
// /sandbox/clock/advance moves it and runs the follow-ups due by then — a 网点核实 left unanswered
// for its 2 hours is escalated after the advance, not before.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../helpers/runtime.js';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(async () => {
  await svc.stop();
});

const url = (path: string) => `${svc.rt.baseUrl()}${path}`;
const post = async (path: string, body: unknown) => {
  const res = await fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('/sandbox/clock', () => {
  it('reads and advances the runtime clock', async () => {
    const before = svc.clock.now();
    const read = (await (await fetch(url('/sandbox/clock'))).json()) as { now: number; iso: string };
    expect(read.now).toBeGreaterThanOrEqual(before);
    expect(read.now - before).toBeLessThan(5_000);
    const moved = await post('/sandbox/clock/advance', { minutes: 30 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ advancedMinutes: 30, settled: true });
    expect(svc.clock.now() - before).toBeGreaterThanOrEqual(30 * 60_000);
    expect(moved.body.iso).toBe(new Date(moved.body.now as number).toISOString());
    for (const bad of [{}, { minutes: 0 }, { minutes: -5 }, { minutes: 1.5 }, { minutes: 20_000 }, { minutes: 30, extra: 1 }]) {
      expect((await post('/sandbox/clock/advance', bad)).status).toBe(400);
    }
  });

  it('runs the follow-ups that fall due, and only those', async () => {
    await post('/sandbox/phone/o_demo_li', { text: '快递一周没动静了是不是丢了' });
    await svc.settle();
    await post('/sandbox/phone/o_demo_li', { text: 'SF2000000000025' });
    await svc.settle();
    const [opened] = await svc.rt.agent.cases.find({ waybill: 'SF2000000000025' });
    expect(opened).toMatchObject({ type: 'verification', status: 'open' });
    const told = () => svc.rt.sandbox!.outbox.list({ to: 'o_demo_li' }).length;
    const before = told();

    await post('/sandbox/clock/advance', { minutes: 30 });
    expect(told()).toBe(before);
    expect((await svc.rt.agent.cases.get(opened!.id))?.status).toBe('open');

    await post('/sandbox/clock/advance', { minutes: 95 }); // past the 2-hour promise
    expect(told()).toBeGreaterThan(before);
    expect((await svc.rt.agent.cases.get(opened!.id))?.status).toBe('escalated');
  });
});
