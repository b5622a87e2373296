// WecomApi against the WeCom emulator on a loopback port and a real Redis (own key prefix).
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WecomApi } from '../../../src/channels/wecom/api.js';
import type { ButtonInteractionCard } from '../../../src/channels/wecom/messages.js';
import { PlatformApiError } from '../../../src/channels/shared/api-error.js';
import { SANDBOX_DEFAULTS } from '../../../src/config/env.js';
import { ManualClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import { Keys } from '../../../src/store/keys.js';
import { deleteByPrefix } from '../../../src/store/cleanup.js';
import { wecomEmulatorPlugin } from '../../../src/sandbox/wecom-emulator.js';
import { WecomPlatform } from '../../../src/sandbox/wecom-platform.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CORP = SANDBOX_DEFAULTS.WECOM_CORPID;
const AGENT = SANDBOX_DEFAULTS.WECOM_AGENT_ID;
const SECRET = SANDBOX_DEFAULTS.WECOM_SECRET;

const card = (taskId: string): ButtonInteractionCard => ({
  card_type: 'button_interaction',
  task_id: taskId,
  main_title: { title: '催派：SF1000000000001', desc: '客户催促今天送达' },
  horizontal_content_list: [{ keyname: '收件地址', value: '张江路 1 号' }],
  button_list: [
    { type: 0, text: '今天送达', style: 1, key: 'will_deliver' },
    { type: 0, text: '无法派送', style: 2, key: 'cannot_deliver' },
  ],
});

async function rejection(p: Promise<unknown>): Promise<PlatformApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PlatformApiError) return e;
    throw e;
  }
  throw new Error('expected a PlatformApiError');
}

describe('WecomApi against the WeCom emulator', () => {
  let prefix: string;
  let redis: Redis;
  let clock: ManualClock;
  let platform: WecomPlatform;
  let app: FastifyInstance;
  let base: string;
  let api: WecomApi;

  const client = (over: Partial<ConstructorParameters<typeof WecomApi>[0]> = {}) =>
    new WecomApi({ corpId: CORP, agentId: AGENT, secret: SECRET, apiBase: () => `${base}/sandbox/wecom`, redis, keys: new Keys(prefix), clock, logger: createLogger('silent'), ...over });

  beforeEach(async () => {
    prefix = `{t-${randomUUID()}}`;
    redis = new Redis(REDIS_URL);
    clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
    platform = new WecomPlatform({ clock, corpId: CORP, agentId: AGENT, secret: SECRET });
    app = Fastify();
    await app.register(wecomEmulatorPlugin, { prefix: '/sandbox/wecom', state: platform });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    api = client();
  });

  afterEach(async () => {
    await app.close();
    redis.disconnect();
    await deleteByPrefix(REDIS_URL, prefix);
  });

  it('sends a text and records it in the outbox on channel wecom', async () => {
    const res = await api.sendText(['zhang_wei'], '请今天 18 点前派送 SF1000000000001');
    expect(res.invalidUsers).toEqual([]);
    expect(platform.outbox.list({ channel: 'wecom' })).toEqual([expect.objectContaining({ to: 'zhang_wei', kind: 'text', text: expect.stringContaining('18 点前') })]);
  });

  it('sends markdown and a textcard with their own kinds', async () => {
    await api.sendMarkdown(['li_na'], '**投诉激增**');
    await api.sendTextCard(['li_na'], { title: '理赔待审核', description: '生鲜延误', url: 'https://example.test/c/1' });
    expect(platform.outbox.list({ to: 'li_na' }).map((m) => m.kind)).toEqual(['markdown', 'textcard']);
  });

  it('sends a template card: a response_code back; buttons and searchable text in the outbox', async () => {
    const res = await api.sendTemplateCard(['zhang_wei'], card('urge-AAAAAA-1@0'));
    expect(res.responseCode).toMatch(/.{16,}/);
    const [m] = platform.outbox.list({ to: 'zhang_wei' });
    expect(m).toMatchObject({ kind: 'card', taskId: 'urge-AAAAAA-1@0', buttons: [{ key: 'will_deliver', text: '今天送达', style: 1 }, { key: 'cannot_deliver', text: '无法派送', style: 2 }] });
    for (const s of ['催派：SF1000000000001', '客户催促今天送达', '张江路 1 号', '今天送达', '无法派送']) expect(m?.text).toContain(s);
  });

  it('greys a card with its response_code once; the same code a second time is refused for good', async () => {
    const { responseCode } = await api.sendTemplateCard(['zhang_wei'], card('urge-AAAAAA-2@0'));
    await api.updateCardButton({ userids: ['zhang_wei'], responseCode: responseCode!, replaceName: '已处理：今天送达（zhang_wei）' });
    expect(platform.card('zhang_wei', 'urge-AAAAAA-2@0')?.replaceName).toBe('已处理：今天送达（zhang_wei）');
    const again = await rejection(api.updateCardButton({ userids: ['zhang_wei'], responseCode: responseCode!, replaceName: 'x' }));
    expect([again.errcode, again.kind]).toEqual([40058, 'permanent']);
  });

  it('uses one token for many calls and fetches a new one once it expired by the clock', async () => {
    await api.sendText(['a'], '1');
    await api.sendText(['a'], '2');
    expect(platform.tokens.counters.tokenIssues).toBe(1);
    clock.advance(7200_000);
    await api.sendText(['a'], '3');
    expect(platform.tokens.counters.tokenIssues).toBe(2);
  });

  it('refreshes the token exactly once when 20 concurrent sends meet 40014', async () => {
    await api.sendText(['warm'], 'warm-up');
    const before = platform.tokens.counters.tokenIssues;
    platform.invalidateTokens();
    await Promise.all(Array.from({ length: 20 }, (_, i) => api.sendText([`u${i}`], '您好')));
    expect(platform.tokens.counters.tokenIssues - before).toBe(1);
    expect(platform.outbox.list({ channel: 'wecom' })).toHaveLength(21);
  });

  it('gives up after one refresh when the token is refused again (kind token)', async () => {
    await api.sendText(['a'], 'warm-up');
    platform.failNext(42001, { times: 2 });
    const e = await rejection(api.sendText(['a'], 'x'));
    expect([e.errcode, e.kind]).toEqual([42001, 'token']);
  });

  it.each([
    [-1, 'retryable'],
    [45009, 'retryable'],
    [81013, 'permanent'],
    [42014, 'permanent'],
    [40001, 'permanent'],
    [60020, 'permanent'],
  ] as const)('classifies errcode %i as %s', async (errcode, kind) => {
    platform.failNext(errcode);
    const e = await rejection(api.sendText(['a'], 'x'));
    expect([e.errcode, e.kind]).toEqual([errcode, kind]);
  });

  it('treats a gateway 502 as retryable', async () => {
    platform.failNext(-1, { httpStatus: 502 });
    expect((await rejection(api.sendText(['a'], 'x'))).kind).toBe('retryable');
  });

  it('reports unknown members: invaliduser for some, 81013 for all; a reused task_id is 42014', async () => {
    platform.setMembers(['zhang_wei']);
    expect((await api.sendText(['zhang_wei', 'ghost'], 'hi')).invalidUsers).toEqual(['ghost']);
    expect((await rejection(api.sendText(['ghost'], 'hi'))).errcode).toBe(81013);
    await api.sendTemplateCard(['zhang_wei'], card('urge-AAAAAA-3@0'));
    expect((await rejection(api.sendTemplateCard(['zhang_wei'], card('urge-AAAAAA-3@0')))).errcode).toBe(42014);
  });

  it('refuses a wrong secret at gettoken as permanent', async () => {
    const e = await rejection(client({ secret: 'wrong' }).sendText(['a'], 'x'));
    expect([e.api, e.errcode, e.kind]).toEqual(['gettoken', 40001, 'permanent']);
  });

  it('uploads media and downloads it again', async () => {
    const { mediaId } = await api.uploadMedia('image', Buffer.from('jpegbytes'), 'door.jpg', 'image/jpeg');
    const got = await api.getMedia(mediaId);
    expect([got.contentType, got.data.toString()]).toEqual(['image/jpeg', 'jpegbytes']);
  });

  it('posts to the group robot without a token; a bad key and the 21st message a minute are refused', async () => {
    platform.setRobotKeys(['ops-robot-key-1']);
    await api.robotSend('ops-robot-key-1', { msgtype: 'markdown', markdown: { content: '张江花园 放丰巢没通知 投诉 5 起' } });
    expect(platform.outbox.list({ to: 'robot' })).toEqual([expect.objectContaining({ kind: 'robot', text: expect.stringContaining('放丰巢没通知') })]);
    const bad = await rejection(api.robotSend('leaked?', { msgtype: 'text', text: { content: 'x' } }));
    expect([bad.errcode, bad.kind]).toEqual([93000, 'permanent']);
    expect(bad.message).not.toContain('leaked?');
    for (let i = 1; i < 20; i++) await api.robotSend('ops-robot-key-1', { msgtype: 'text', text: { content: `${i}` } });
    const limited = await rejection(api.robotSend('ops-robot-key-1', { msgtype: 'text', text: { content: '21' } }));
    expect([limited.errcode, limited.kind]).toEqual([45009, 'retryable']);
    expect(platform.tokens.counters.tokenIssues).toBe(0);
  });
});
