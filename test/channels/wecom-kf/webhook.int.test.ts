// The 微信客服 channel end to end: the sandbox kf customer stores a message on the emulated platform
// and posts a real signed, encrypted nudge to /wecom/kf; the kf-sync worker pulls it with sync_msg,
// the same intake and respond worker as the Official Account answer, and the reply goes out
// through kf/send_msg into the Outbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../../helpers/runtime.js';
import { buildKfCallback, buildKfEcho, buildKfRawCallback } from '../../../src/sandbox/kf-callbacks.js';
import { buildXml } from '../../../src/channels/shared/xml.js';
import { WxBizMsgCrypt } from '../../../src/channels/shared/aes.js';
import type { TurnHandler } from '../../../src/conversation/handler.js';

/** Echoes what the bot understood, so a test sees which message a reply answers. */
const echo: TurnHandler = {
  async handle(m) {
    if (m.type === 'event') return [];
    const said = m.type === 'text' ? m.text : m.type === 'voice' ? `语音 ${m.recognition ?? ''}` : m.type;
    return [{ kind: 'text', text: `回复 ${said}` }];
  },
};

let svc: TestService;
beforeEach(async () => {
  svc = await startService({}, { handler: echo });
});
afterEach(async () => {
  await svc.stop();
});

const kf = () => svc.rt.sandbox!.kf;
const sent = (to: string) => svc.rt.sandbox!.outbox.list({ to, channel: 'wecom-kf' });
const url = (path: string) => `${svc.rt.baseUrl()}${path}`;
const post = (path: string, body: string) => fetch(url(path), { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
const appState = async () => ({
  keys: (await svc.rt.redis.keys(`${svc.rt.config.redisPrefix}*`)).filter((k) => !k.includes(':bull:')).sort(),
  jobs: await svc.rt.queues['kf-sync'].count(),
});

describe('GET /wecom/kf', () => {
  it('answers the decrypted echostr as plain text, also when a raw + arrives', async () => {
    const { config } = svc.rt;
    const crypto = new WxBizMsgCrypt(config.wecom.aesKey, config.wecom.corpId);
    let echo = buildKfEcho({ token: config.wecom.token, crypto, timestamp: Math.floor(svc.clock.now() / 1000) });
    for (let i = 0; i < 100 && !echo.query.echostr.includes('+'); i++) echo = buildKfEcho({ token: config.wecom.token, crypto, timestamp: Math.floor(svc.clock.now() / 1000) });
    // The raw '+' WeCom leaves in the query decodes to a space (PROTOCOL.md §1 Gotchas).
    const qs = Object.entries(echo.query).map(([k, v]) => `${k}=${k === 'echostr' ? encodeURIComponent(v).replace(/%2B/g, '+') : encodeURIComponent(v)}`).join('&');
    const res = await fetch(url(`/wecom/kf?${qs}`));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(echo.echo);
    const forged = await fetch(url(echo.path.replace(/msg_signature=[0-9a-f]{40}/, `msg_signature=${'0'.repeat(40)}`)));
    expect(forged.status).toBe(401);
  });
});

describe('POST /wecom/kf', () => {
  it('answers success, pulls the message and replies through kf/send_msg', async () => {
    const res = await kf().customer.text('wm_cust_1', '我的快递到哪了');
    expect(res).toMatchObject({ status: 200, body: 'success' });
    await svc.settle();
    const out = sent('wm_cust_1');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ channel: 'wecom-kf', to: 'wm_cust_1', kind: 'text', openKfId: svc.rt.config.kf.openKfId });
    expect(out[0]!.text).toBe('回复 我的快递到哪了');
    // The sender learned the customer's account from the sync (§5.3), and the window opened.
    expect(await svc.rt.redis.get(svc.rt.keys.custom('kf', 'account', 'wm_cust_1'))).toBe(svc.rt.config.kf.openKfId);
    expect(await svc.rt.redis.get(svc.rt.keys.custom('kf', 'cursor', svc.rt.config.kf.openKfId))).toBeTruthy();
  });

  it('hands a voice with its (sandbox) transcript and an image to the turn handler', async () => {
    await kf().customer.voice('wm_cust_2', '我的快递到哪了');
    await svc.settle();
    await kf().customer.image('wm_cust_2', 'damage.jpg');
    await svc.settle();
    expect(sent('wm_cust_2').map((m) => m.text)).toEqual(['回复 语音 我的快递到哪了', '回复 image']);
  });

  it('turns repeated nudges for one message into exactly one reply', async () => {
    const c = kf().customer;
    await c.text('wm_cust_3', '催一下');
    const answers = await Promise.all([c.post(c.build()), c.post(c.build()), c.post(c.build())]);
    expect(answers.every((a) => a.status === 200 && a.body === 'success')).toBe(true);
    await svc.settle();
    expect(sent('wm_cust_3')).toHaveLength(1);
  });

  it('welcomes a customer entering the session through send_msg_on_event', async () => {
    await kf().customer.enter('wm_cust_4', 'waybill');
    await svc.settle();
    const out = sent('wm_cust_4');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'msgmenu', event: 'welcome' });
    expect(out[0]!.text).toContain('查快递');
  });

  it('gives a reply up when the platform refuses the session state (95018) instead of retrying', async () => {
    const p = kf().platform;
    const wk = svc.rt.config.kf.openKfId;
    p.customerMessage(wk, 'wm_human', 'text', { content: '人工' });
    expect(p.serviceStateTrans({ open_kfid: wk, external_userid: 'wm_human', service_state: 3, servicer_userid: 'li_na' }).errcode).toBe(0);
    await kf().customer.text('wm_human', '还在吗');
    await svc.settle();
    expect(sent('wm_human')).toHaveLength(0);
    expect(p.counters.sends).toBe(0);
  });

  it('acknowledges a non-kf event without queueing anything', async () => {
    const { config } = svc.rt;
    const crypto = new WxBizMsgCrypt(config.wecom.aesKey, config.wecom.corpId);
    const before = await appState();
    const cb = buildKfRawCallback({
      token: config.wecom.token,
      crypto,
      corpId: config.wecom.corpId,
      createTime: Math.floor(svc.clock.now() / 1000),
      plaintext: buildXml({ ToUserName: config.wecom.corpId, MsgType: 'event', Event: 'kf_account_auth_change' }),
    });
    const res = await post(cb.path, cb.body);
    expect([res.status, await res.text()]).toEqual([200, 'success']);
    expect(await appState()).toEqual(before);
  });
});

describe('POST /sandbox/kf/customer/:id', () => {
  it('plays the kf customer from curl: text, voice, image, enter; refuses a bad body', async () => {
    const act = (body: unknown, id = 'wm_route') =>
      fetch(url(`/sandbox/kf/customer/${id}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const body of [{ text: '你好' }, { voice: '催一下' }, { image: 'a.jpg' }, { enter: 'scene_1' }]) {
      const res = await act(body);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ webhook: { status: 200, body: 'success' }, msgid: expect.any(String) });
    }
    expect((await act({ sing: 'x' })).status).toBe(400);
    expect((await act({ text: 'x' }, 'bad id')).status).toBe(400);
    await svc.settle();
    expect(sent('wm_route').map((m) => m.kind)).toEqual(['text', 'text', 'text']); // no welcome: the customer wrote in the last 48 h
    const session = await fetch(url('/sandbox/kf/session/wm_route'));
    expect(await session.json()).toEqual({ state: 1 });
  });
});

describe('nudges merge into one waiting sync per account', () => {
  it('queues a single kf-sync job for a burst of callbacks', async () => {
    await svc.stop();
    svc = await startService({}, { workers: false });
    const c = svc.rt.sandbox!.kf.customer;
    for (const t of ['一', '二', '三', '四', '五']) await c.text('wm_burst', t);
    expect(await svc.rt.queues['kf-sync'].count()).toBe(1);
  });
});

describe('POST /wecom/kf refuses bad input with a 4xx and changes nothing', () => {
  const tamper = async (mutate: (path: string, body: string) => [string, string]) => {
    const { config } = svc.rt;
    const crypto = new WxBizMsgCrypt(config.wecom.aesKey, config.wecom.corpId);
    const openKfId = config.kf.openKfId;
    kf().platform.customerMessage(openKfId, 'wm_evil', 'text', { content: 'hi' });
    const cb = buildKfCallback({ token: config.wecom.token, crypto, corpId: config.wecom.corpId, openKfId, syncToken: 'tok', createTime: Math.floor(svc.clock.now() / 1000) });
    const before = await appState();
    const [path, body] = mutate(cb.path, cb.body);
    const res = await post(path, body);
    await svc.settle();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await appState()).toEqual(before);
    expect(sent('wm_evil')).toHaveLength(0);
    expect(kf().platform.syncCalls).toBe(0);
  };

  it('refuses a forged msg_signature', async () => {
    await tamper((p, b) => [p.replace(/msg_signature=[0-9a-f]{40}/, `msg_signature=${'0'.repeat(40)}`), b]);
  });

  it('refuses a stale timestamp', async () => {
    await tamper((p, b) => {
      svc.clock.advance(3600_000); // replayed an hour after it was signed
      return [p, b];
    });
  });

  it('refuses a body that is not XML, one without Encrypt, and a tampered Encrypt', async () => {
    await tamper((p) => [p, 'not xml at all']);
    await tamper((p) => [p, '<xml><ToUserName>x</ToUserName></xml>']);
    await tamper((p, b) => [p, b.replace(/<Encrypt><!\[CDATA\[(.)/, (_m, c: string) => `<Encrypt><![CDATA[${c === 'A' ? 'B' : 'A'}`)]);
  });

  it('refuses a callback made for another CorpID', async () => {
    await tamper(() => {
      const { config } = svc.rt;
      const other = new WxBizMsgCrypt(config.wecom.aesKey, 'ww_other_corp');
      const cb = buildKfCallback({ token: config.wecom.token, crypto: other, corpId: 'ww_other_corp', openKfId: config.kf.openKfId, syncToken: 't', createTime: Math.floor(svc.clock.now() / 1000) });
      return [cb.path, cb.body];
    });
  });
});
