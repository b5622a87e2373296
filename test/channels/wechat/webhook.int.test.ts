// The Official Account webhook end to end: the sandbox phone posts real signed, encrypted
// callbacks to /wechat over a socket; the worker answers through the emulated 客服消息 API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../../helpers/runtime.js';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(async () => {
  await svc.stop();
});

const outbox = (to: string) => svc.rt.sandbox!.outbox.list({ to });
const post = (path: string, body: string) =>
  fetch(`${svc.rt.baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
// Our own keys (queue bookkeeping of BullMQ aside) and the jobs queued: a refusal changes neither.
const appState = async () => ({
  keys: (await svc.rt.redis.keys(`${svc.rt.config.redisPrefix}*`)).filter((k) => !k.includes(':bull:')).sort(),
  jobs: await svc.rt.queues.respond.count(),
});

describe('POST /wechat', () => {
  it('answers success at once and replies through the customer-service API', async () => {
    const res = await svc.rt.sandbox!.phone.text('o_user_1', '我的快递到哪了');
    expect(res).toEqual({ status: 200, body: 'success' });
    await svc.settle();
    const sent = outbox('o_user_1');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'wechat', to: 'o_user_1', kind: 'text' });
  });

  it('turns the platform retrying one message four times into exactly one reply', async () => {
    const phone = svc.rt.sandbox!.phone;
    const cb = phone.build('o_user_2', 'message', phone.textFields('催一下'));
    const answers = await Promise.all([phone.post(cb), phone.post(cb), phone.post(cb), phone.post(cb)]);
    expect(answers.every((a) => a.status === 200 && a.body === 'success')).toBe(true);
    await svc.settle();
    expect(outbox('o_user_2')).toHaveLength(1);
  });

  it('welcomes a new follower and answers menu clicks with their text', async () => {
    await svc.rt.sandbox!.phone.subscribe('o_user_3');
    await svc.settle();
    await svc.rt.sandbox!.phone.menu('o_user_3', 'menu_claim');
    await svc.settle();
    const texts = outbox('o_user_3').map((m) => m.text);
    expect(texts[0]).toContain('欢迎关注');
    expect(texts[1]).toContain('丢件、破损、生鲜');
  });

  it('answers one conversation in the order its messages arrived', async () => {
    const phone = svc.rt.sandbox!.phone;
    for (const t of ['第一条', '第二条', '第三条']) await phone.text('o_user_4', t);
    await svc.settle();
    expect(outbox('o_user_4')).toHaveLength(3);
  });

  it('sends a message as a template once the 48-hour window has closed', async () => {
    await svc.rt.sandbox!.phone.text('o_user_5', '你好');
    await svc.settle();
    svc.clock.advance(49 * 3600_000);
    await svc.rt.outbound.send({
      channel: 'wechat',
      to: 'o_user_5',
      conversationId: 'wechat:o_user_5',
      idempotencyKey: 'followup-test-1',
      reply: { kind: 'text', text: '您的包裹已由网点重新派送' },
    });
    await svc.settle();
    const sent = outbox('o_user_5');
    expect(sent.map((m) => m.kind)).toEqual(['text', 'template']);
    expect(sent[1]!.text).toContain('您的包裹已由网点重新派送');
  });

  it('falls back to a template when the platform answers 45015', async () => {
    svc.rt.sandbox!.platform.failNext(45015);
    await svc.rt.sandbox!.phone.text('o_user_7', '你好');
    await svc.settle();
    expect(outbox('o_user_7').map((m) => m.kind)).toEqual(['template']);
  });

  it('acknowledges an unknown message type without answering the customer', async () => {
    const res = await svc.rt.sandbox!.phone.post(svc.rt.sandbox!.phone.build('o_user_6', 'message', { MsgType: 'hologram', MsgId: '77' }));
    expect(res).toEqual({ status: 200, body: 'success' });
    await svc.settle();
    expect(outbox('o_user_6')).toHaveLength(0);
  });
});

describe('POST /wechat refuses bad input with a 4xx and changes nothing', () => {
  const tamper = async (mutate: (path: string, body: string) => [string, string]) => {
    const phone = svc.rt.sandbox!.phone;
    const cb = phone.build('o_evil', null, phone.textFields('hi'));
    const before = await appState();
    const [path, body] = mutate(cb.path, cb.body);
    const res = await post(path, body);
    await svc.settle();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await appState()).toEqual(before);
    expect(outbox('o_evil')).toHaveLength(0);
    return res;
  };

  it('refuses a forged msg_signature', async () => {
    await tamper((p, b) => [p.replace(/msg_signature=[0-9a-f]{40}/, `msg_signature=${'0'.repeat(40)}`), b]);
  });

  it('refuses a forged plain signature', async () => {
    await tamper((p, b) => [p.replace(/([?&])signature=[0-9a-f]{40}/, `$1signature=${'a'.repeat(40)}`), b]);
  });

  it('refuses a stale timestamp', async () => {
    await tamper((p, b) => {
      svc.clock.advance(3600_000); // the callback is replayed an hour after it was signed
      return [p, b];
    });
  });

  it('refuses a body whose Encrypt is not base64', async () => {
    await tamper((p, b) => [p, b.replace(/<Encrypt><!\[CDATA\[[^\]]+\]\]>/, '<Encrypt><![CDATA[%%%not-base64%%%]]>')]);
  });

  it('refuses an entity-laden body', async () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><Encrypt>&lol2;</Encrypt></xml>';
    await tamper((p) => [p, bomb]);
  });

  it('refuses an oversized body', async () => {
    const res = await tamper((p) => [p, `<xml><Encrypt><![CDATA[${'A'.repeat(200_000)}]]></Encrypt></xml>`]);
    expect(res.status).toBe(413);
  });

  it('refuses broken XML', async () => {
    await tamper((p) => [p, '<xml><Encrypt>unclosed']);
  });
});

describe('GET /wechat', () => {
  it('echoes echostr for a correctly signed URL verification', async () => {
    const { sha1Signature } = await import('../../../src/channels/shared/signature.js');
    const ts = String(Math.floor(svc.clock.now() / 1000));
    const sig = sha1Signature(svc.rt.config.wechat.token, ts, '123');
    const ok = await fetch(`${svc.rt.baseUrl()}/wechat?signature=${sig}&timestamp=${ts}&nonce=123&echostr=hello42`);
    expect(await ok.text()).toBe('hello42');
    const bad = await fetch(`${svc.rt.baseUrl()}/wechat?signature=${'f'.repeat(40)}&timestamp=${ts}&nonce=123&echostr=hello42`);
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('hello42');
  });
});
