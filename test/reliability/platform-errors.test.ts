// Platform errors on the way out (PROTOCOL.md §3.1, §3.2, §3.7): a gateway 5xx, system busy (-1),
// the per-minute quota (45011), calls that time out, a lost response, access_token invalidation
// storms, and the window errors 45015/45047. Each is retried, refreshed or degraded to a template
// message as the protocol says; the customer is never left without an answer. The service runs in
// this process on the sandbox; its OA API calls go through a proxy that can hold or cut them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../helpers/runtime.js';
import { startFaultyProxy, type FaultyProxy } from './helpers/faulty-proxy.js';

let svc: TestService;
let proxy: FaultyProxy;
let n = 0;

beforeAll(async () => {
  proxy = await startFaultyProxy();
  svc = await startService({ WECHAT_API_BASE: `${proxy.url}/sandbox/oa` });
  proxy.target = svc.rt.baseUrl();
});

afterAll(async () => {
  await svc?.stop();
  await proxy?.close();
});

const platform = () => svc.rt.sandbox!.platform;
const received = (to: string) => svc.rt.sandbox!.outbox.list({ to, channel: 'wechat' });
const customer = () => `o_perr_${++n}`;

/** The customer writes; the webhook must accept at once whatever the platform API is doing. */
async function write(openid: string, text = 'SF2000000000004 到哪了'): Promise<void> {
  const res = await svc.rt.sandbox!.phone.text(openid, text);
  expect(res.status).toBe(200);
}

async function askOnce(failures: () => void): Promise<ReturnType<typeof received>> {
  const to = customer();
  failures();
  await write(to);
  await svc.settle();
  expect(platform().pendingFailures).toBe(0);
  return received(to);
}

describe('platform errors on the 客服消息 path', () => {
  it('retries a gateway 5xx, system busy (-1) and the per-minute quota (45011) until the message goes through once', async () => {
    const got = await askOnce(() => {
      platform().failNext(-1, { httpStatus: 502, times: 2 });
      platform().failNext(-1);
      platform().failNext(45011);
    });
    expect(got.map((m) => m.kind)).toEqual(['text']);
  });

  it('retries a call the platform never received (held past the 5 s deadline) and delivers it once', async () => {
    const got = await askOnce(() => proxy.inject('hold', 'message/custom/send'));
    expect(proxy.applied.hold).toBe(1);
    expect(got.map((m) => m.kind)).toEqual(['text']);
  }, 60_000);

  it('answers when the response is lost after the platform sent the message (the retry may repeat it, §3.2)', async () => {
    const got = await askOnce(() => proxy.inject('lose-response', 'message/custom/send'));
    expect(proxy.applied['lose-response']).toBe(1);
    console.info(`[reliability] platform-errors: a lost 客服消息 response → ${got.length} copies delivered (no idempotency key on the platform)`);
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(got.length).toBeLessThanOrEqual(2);
  }, 60_000);

  it('falls back to one template message on 45015 (window closed) and on 45047 (quota used)', async () => {
    for (const errcode of [45015, 45047]) {
      const got = await askOnce(() => platform().failNext(errcode));
      expect(got.map((m) => m.kind)).toEqual(['template']);
    }
  });

  it('retries a busy template API after 45015 and sends the template once', async () => {
    const got = await askOnce(() => {
      platform().failNext(45015);
      platform().failNext(-1, { api: 'message/template/send', times: 2 });
    });
    expect(got.map((m) => m.kind)).toEqual(['template']);
  });

  it('answers a burst whose first 30 API calls all meet a 503', async () => {
    const to = Array.from({ length: 40 }, customer);
    platform().failNext(-1, { api: '*', httpStatus: 503, times: 30 });
    await Promise.all(to.map((c) => write(c)));
    await svc.settle();
    expect(platform().pendingFailures).toBe(0);
    expect(to.map((c) => received(c).length)).toEqual(to.map(() => 1));
  });
});

describe('access_token invalidation storms', () => {
  it('refreshes once per invalidation, not per send, and answers every customer exactly once', async () => {
    const to = Array.from({ length: 120 }, customer);
    const before = { ...platform().tokens.counters };
    const sendsBefore = platform().counters.sends;
    // While the burst is being answered the platform revokes every token again and again (every
    // 50 ms, at most 60 times); one stable_token call meets a 503 on the way.
    let answering = true;
    let storms = 0;
    let stormSends = 0;
    const storm = (async () => {
      while (answering && storms < 60) {
        await new Promise((r) => setTimeout(r, 50));
        if (!answering) break;
        platform().invalidateTokens();
        storms += 1;
        stormSends = platform().counters.sends - sendsBefore;
        if (storms === 5) platform().failNext(-1, { api: 'stable_token', httpStatus: 503 });
      }
    })();
    await Promise.all(to.map((c) => write(c)));
    await svc.settle();
    answering = false;
    await storm;
    const issued = platform().tokens.counters.tokenIssues - before.tokenIssues;
    const forced = platform().tokens.counters.forceRefreshes - before.forceRefreshes;
    console.info(`[reliability] token storm: ${storms} invalidations while ${stormSends} of ${to.length} messages went out → ${issued} token fetches (${forced} force_refresh)`);
    expect(storms).toBeGreaterThanOrEqual(5);
    expect(stormSends).toBeGreaterThan(0);
    expect(to.map((c) => received(c).length)).toEqual(to.map(() => 1));
    expect(to.every((c) => received(c)[0]!.kind === 'text')).toBe(true);
    // A burst failing with one stale token causes one refresh: at most one per invalidation (+1).
    expect(issued).toBeLessThanOrEqual(storms + 1);
  });
});
