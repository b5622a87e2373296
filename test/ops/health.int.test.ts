import { afterEach, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../helpers/runtime.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});

describe('operations endpoints', () => {
  it('answers /healthz while the process runs', async () => {
    svc = await startService();
    const res = await svc.rt.app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready only with Redis reachable and the workers running', async () => {
    svc = await startService();
    const ok = await svc.rt.app.inject('/readyz');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ready', checks: { redis: 'ok', workers: 'ok' } });
    await Promise.all(svc.rt.workers.map((w) => w.close()));
    const stopped = await svc.rt.app.inject('/readyz');
    expect(stopped.statusCode).toBe(503);
    expect(stopped.json()).toMatchObject({ status: 'not ready', checks: { workers: 'not running' } });
  });

  it('reports not ready when Redis does not answer', async () => {
    svc = await startService();
    svc.rt.redis.disconnect();
    const res = await svc.rt.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.redis).toMatch(/^down/);
  });

  it('exports acks, dedupe hits, refusals, send outcomes and queue depth as Prometheus text', async () => {
    svc = await startService();
    const phone = svc.rt.sandbox!.phone;
    const cb = phone.build('o_metrics', 'message', phone.textFields('你好'));
    await phone.post(cb);
    await phone.post(cb);
    await svc.rt.app.inject({ method: 'POST', url: '/wechat?signature=x&timestamp=1&nonce=1', headers: { 'content-type': 'text/xml' }, payload: '<xml/>' });
    await svc.settle();
    const res = await svc.rt.app.inject('/metrics');
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(/courier_callback_acks_total\{channel="wechat",result="accepted"\} 1/);
    expect(text).toMatch(/courier_callback_acks_total\{channel="wechat",result="duplicate"\} 1/);
    expect(text).toMatch(/courier_dedupe_hits_total\{channel="wechat"\} 1/);
    expect(text).toMatch(/courier_callback_rejects_total\{channel="wechat",code="[A-Z_]+"\} 1/);
    expect(text).toMatch(/courier_send_outcomes_total\{channel="wechat",kind="text",errcode="0"\} 1/);
    expect(text).toMatch(/courier_queue_depth\{queue="respond",state="waiting"\} 0/);
  });
});

describe('graceful shutdown', () => {
  it('stops accepting, lets workers finish and closes Redis', async () => {
    svc = await startService();
    const { rt } = svc;
    await rt.sandbox!.phone.text('o_bye', '你好');
    await svc.settle();
    await rt.close();
    expect(rt.workers.every((w) => !w.isRunning())).toBe(true);
    // QUIT was answered; the socket closes right after.
    for (let i = 0; i < 50 && rt.redis.status !== 'end'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(rt.redis.status).toBe('end');
    await expect(fetch(`${rt.baseUrl()}/healthz`)).rejects.toThrow();
    svc = undefined;
  });
});
