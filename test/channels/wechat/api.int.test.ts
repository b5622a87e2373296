// OaApi against the real OA emulator on a loopback port and a real Redis (own key prefix).
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OaApi } from '../../../src/channels/wechat/api.js';
import { loadMenu } from '../../../src/channels/wechat/menu.js';
import { PlatformApiError, PlatformUnreachableError } from '../../../src/channels/shared/api-error.js';
import { SANDBOX_DEFAULTS } from '../../../src/config/env.js';
import { ManualClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import { Keys } from '../../../src/store/keys.js';
import { deleteByPrefix } from '../../../src/store/cleanup.js';
import { oaEmulatorPlugin } from '../../../src/sandbox/oa-emulator.js';
import { OaPlatform } from '../../../src/sandbox/oa-platform.js';
import { sandboxRoutes } from '../../../src/sandbox/routes.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const APPID = SANDBOX_DEFAULTS.WECHAT_APPID;
const SECRET = SANDBOX_DEFAULTS.WECHAT_SECRET;

describe('OaApi against the OA emulator', () => {
  let prefix: string;
  let redis: Redis;
  let clock: ManualClock;
  let platform: OaPlatform;
  let app: FastifyInstance;
  let base: string;
  let api: OaApi;

  const client = (over: Partial<ConstructorParameters<typeof OaApi>[0]> = {}) =>
    new OaApi({
      appId: APPID,
      secret: SECRET,
      apiBase: `${base}/sandbox/oa`,
      redis,
      keys: new Keys(prefix),
      clock,
      logger: createLogger('silent'),
      ...over,
    });

  beforeEach(async () => {
    prefix = `{t-${randomUUID()}}`;
    redis = new Redis(REDIS_URL);
    clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
    platform = new OaPlatform({ clock, appId: APPID, secret: SECRET });
    app = Fastify();
    await app.register(oaEmulatorPlugin, { prefix: '/sandbox/oa', state: platform });
    await app.register(sandboxRoutes, { outbox: platform.outbox, platform });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    api = client();
  });

  afterEach(async () => {
    await app.close();
    redis.disconnect();
    await deleteByPrefix(REDIS_URL, prefix);
  });

  it('sends a text inside the window and shows it at GET /sandbox/messages', async () => {
    platform.noteInbound('o_1', 'message');
    await api.sendText('o_1', '您的快件 SF1000000000001 预计今晚 20 点前送达');
    const res = await fetch(`${base}/sandbox/messages?to=o_1`);
    const messages = (await res.json()) as Array<Record<string, unknown>>;
    expect(messages).toEqual([
      expect.objectContaining({ channel: 'wechat', to: 'o_1', kind: 'text', text: expect.stringContaining('20 点前') }),
    ]);
    expect(typeof messages[0]?.at).toBe('string');
  });

  it('refreshes the token exactly once when 20 concurrent sends meet 40001', async () => {
    const users = Array.from({ length: 20 }, (_, i) => `o_${i}`);
    for (const u of users) platform.noteInbound(u, 'message');
    await api.sendText('o_0', 'warm-up');
    const before = platform.tokenIssues;
    platform.invalidateTokens();
    await Promise.all(users.map((u) => api.sendText(u, '您好')));
    expect(platform.tokenIssues - before).toBe(1);
    expect(platform.tokens.counters.forceRefreshes).toBe(1);
    expect(platform.outbox.list({ channel: 'wechat' })).toHaveLength(21);
  });

  it('shares the refreshed token between two clients (two processes)', async () => {
    platform.noteInbound('o_1', 'message');
    const other = client();
    await api.sendText('o_1', 'a');
    platform.invalidateTokens();
    await Promise.all([api.sendText('o_1', 'b'), other.sendText('o_1', 'c')]);
    expect(platform.tokenIssues).toBe(2);
  });

  it('retries once on 42001 and surfaces the second 42001 as a token error', async () => {
    platform.noteInbound('o_1', 'message');
    platform.failNext(42001, { times: 2 });
    const err = await api.sendText('o_1', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformApiError);
    expect(err).toMatchObject({ errcode: 42001, kind: 'token', api: 'message/custom/send' });
    expect(platform.pendingFailures).toBe(0); // two calls, not three
    expect(platform.tokens.counters.forceRefreshes).toBe(0); // expired needs no force_refresh
    await api.sendText('o_1', 'y');
    expect(platform.outbox.list({ to: 'o_1' })).toHaveLength(1);
  });

  it('surfaces a closed window (45015) and a used quota (45047) as kind window', async () => {
    await expect(api.sendText('o_never', 'x')).rejects.toMatchObject({ errcode: 45015, kind: 'window' });
    platform.noteInbound('o_2', 'click');
    for (let i = 0; i < 3; i++) await api.sendText('o_2', `m${i}`);
    await expect(api.sendText('o_2', 'one too many')).rejects.toMatchObject({ errcode: 45047, kind: 'window' });
  });

  it('fails the next send as POST /sandbox/platform/fail asks, then sends again', async () => {
    platform.noteInbound('o_1', 'message');
    const res = await fetch(`${base}/sandbox/platform/fail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errcode: -1 }),
    });
    expect(res.status).toBe(200);
    await expect(api.sendText('o_1', 'x')).rejects.toMatchObject({ errcode: -1, kind: 'retryable' });
    await api.sendText('o_1', 'x');
  });

  it('classifies a gateway 503 as retryable and a dead host as unreachable', async () => {
    platform.noteInbound('o_1', 'message');
    platform.failNext(0, { httpStatus: 503 });
    await expect(api.sendText('o_1', 'x')).rejects.toMatchObject({ httpStatus: 503, kind: 'retryable' });
    const dead = client({ apiBase: 'http://127.0.0.1:1/sandbox/oa', timeoutMs: 500 });
    await expect(dead.sendText('o_1', 'x')).rejects.toBeInstanceOf(PlatformUnreachableError);
  });

  it('refuses a wrong secret as a permanent error, not a token retry', async () => {
    const wrong = client({ secret: 'not-the-secret' });
    await expect(wrong.sendText('o_1', 'x')).rejects.toMatchObject({ errcode: 40125, kind: 'permanent', api: 'stable_token' });
  });

  it('sends a template, keeps the 64-bit msgid exact and dedupes by client_msg_id', async () => {
    const msg = {
      touser: 'o_far',
      templateId: 'courier_service_notice',
      clientMsgId: 'send-case-1',
      data: { title: { value: '快递服务通知' }, content: { value: '网点已确认今晚派送' } },
      url: 'https://example.com/case/1',
    };
    const a = await api.sendTemplate(msg);
    const b = await api.sendTemplate(msg);
    expect(a.msgid).toMatch(/^\d{19}$/);
    expect(b.msgid).toBe(a.msgid);
    const sent = platform.outbox.list({ to: 'o_far' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'template', msgid: a.msgid, text: '快递服务通知\n网点已确认今晚派送', url: msg.url });
  });

  it('uploads an image, downloads the same bytes and sends it', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('parcel photo')]);
    const { mediaId } = await api.uploadMedia('image', bytes, 'proof.jpg', 'image/jpeg');
    const got = await api.getMedia(mediaId);
    expect(got.contentType).toBe('image/jpeg');
    expect(got.data.equals(bytes)).toBe(true);
    platform.noteInbound('o_1', 'message');
    await api.sendImage('o_1', mediaId);
    expect(platform.outbox.list({ to: 'o_1' })[0]).toMatchObject({ kind: 'image', mediaId });
  });

  it('throws the JSON error of media/get for an unknown media_id', async () => {
    await expect(api.getMedia('no-such-media')).rejects.toMatchObject({ errcode: 40007, kind: 'permanent' });
  });

  it('serves a customer photo pre-uploaded by the phone', async () => {
    const id = platform.putMedia(Buffer.from('customer photo'), 'image/jpeg', 'damage.jpg');
    expect((await api.getMedia(id)).data.toString()).toBe('customer photo');
  });

  it('shows typing after an interaction', async () => {
    platform.noteInbound('o_1', 'message');
    await api.typing('o_1', 'Typing');
    await expect(api.typing('o_1', 'Typing')).rejects.toMatchObject({ errcode: 45081 });
    await api.typing('o_1', 'CancelTyping');
  });

  it('creates the configured menu and lets the platform refuse a bad one', async () => {
    const menu = await loadMenu();
    await api.createMenu(menu);
    expect(platform.menu).toEqual(menu);
    const tooLong = { button: [{ type: 'click' as const, name: '这个名字超过十六个字节', key: 'k' }] };
    await expect(api.createMenu(tooLong)).rejects.toMatchObject({ errcode: 40018, kind: 'permanent' });
  });

  it('reads a function apiBase on every call (the sandbox learns its port when listening)', async () => {
    let current = 'http://127.0.0.1:1/sandbox/oa';
    const late = client({ apiBase: () => current, timeoutMs: 500 });
    platform.noteInbound('o_1', 'message');
    await expect(late.sendText('o_1', 'x')).rejects.toBeInstanceOf(PlatformUnreachableError);
    current = `${base}/sandbox/oa/`;
    await late.sendText('o_1', 'x');
    expect(platform.outbox.list({ to: 'o_1' })).toHaveLength(1);
  });

  it('serves an inbound picture at its PicUrl without a token, like the platform CDN', async () => {
    const id = platform.putMedia(Buffer.from('pic'), 'image/jpeg', 'pic.jpg');
    const res = await fetch(`${base}/sandbox/oa/mmbiz/${id}`);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('pic');
  });

  it('filters GET /sandbox/messages by sequence and refuses a bad since', async () => {
    platform.noteInbound('o_1', 'message');
    await api.sendText('o_1', 'one');
    await api.sendText('o_1', 'two');
    const after = (await (await fetch(`${base}/sandbox/messages?to=o_1&after=1`)).json()) as Array<{ text: string }>;
    expect(after.map((m) => m.text)).toEqual(['two']);
    expect((await fetch(`${base}/sandbox/messages?since=yesterday`)).status).toBe(400);
  });

  it('answers a malformed body with an errcode, not an HTTP error', async () => {
    const token = await api.tokens.get();
    const res = await fetch(`${base}/sandbox/oa/cgi-bin/message/custom/send?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ errcode: 47001 });
  });
});
