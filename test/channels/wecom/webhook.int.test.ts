// The WeCom app webhook (`/wecom`) in the real service: vectors D and E end to end through Fastify,
// dedupe, and refusals that leave Redis and the staff queue untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha1Signature } from '../../../src/channels/shared/signature.js';
import { WxBizMsgCrypt } from '../../../src/channels/shared/aes.js';
import { buildWecomCallback, buildWecomEcho, enterAgentFields, wecomTextFields } from '../../../src/sandbox/wecom-callbacks.js';
import { startService, type TestService } from '../../helpers/runtime.js';
import { D, E, envelope, getPath, postPath, type Vector } from './vectors.js';

const envOf = (v: Vector) => ({ WECOM_CORPID: v.corpId, WECOM_AGENT_ID: v.agentId, WECOM_TOKEN: v.token, WECOM_AES_KEY: v.key });

describe.each([
  ['D', D],
  ['E', E],
])('/wecom with vector %s', (_name, v) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startService(envOf(v), { workers: false });
  });
  afterAll(async () => {
    await svc.stop();
  });

  it('answers GET with the decrypted echostr only', async () => {
    svc.clock.set(Number(v.get.timestamp) * 1000);
    const res = await svc.rt.app.inject({ method: 'GET', url: getPath(v) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(v.get.plaintext);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('answers GET when the echostr arrives with raw + signs (decoded to spaces)', async () => {
    svc.clock.set(Number(v.get.timestamp) * 1000);
    const raw = `/wecom?msg_signature=${v.get.msgSignature}&timestamp=${v.get.timestamp}&nonce=${v.get.nonce}&echostr=${v.get.echostr.replace(/\//g, '%2F').replace(/=/g, '%3D')}`;
    expect(raw).toContain('+');
    const res = await svc.rt.app.inject({ method: 'GET', url: raw });
    expect(res.body).toBe(v.get.plaintext);
  });

  it('accepts the POST with an empty 200, stores the event and queues one staff job; a replay adds nothing', async () => {
    svc.clock.set(Number(v.post.timestamp) * 1000);
    const post = () => svc.rt.app.inject({ method: 'POST', url: postPath(v), headers: { 'content-type': 'text/xml' }, payload: envelope(v) });
    const first = await post();
    expect(first.statusCode).toBe(200);
    expect(first.body).toBe('');
    const stored = await svc.rt.redis.get(svc.rt.keys.custom('staff', 'evt', `wecom:msg:${v.post.msgId}`));
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ type: 'text', from: v.post.from, text: v.post.content });
    const again = await post();
    expect(again.statusCode).toBe(200);
    expect(await svc.rt.queues.staff.count()).toBe(1);
  });
});

describe('/wecom refuses bad input with a 4xx and changes nothing', () => {
  let svc: TestService;
  const crypto = () => new WxBizMsgCrypt(svc.rt.config.wecom.aesKey, svc.rt.config.wecom.corpId);
  const callback = (fields = wecomTextFields('#ABCDEF 你好', '9000000000000000001')) =>
    buildWecomCallback({ ...svc.rt.config.wecom, crypto: crypto(), userid: 'zhang_wei', createTime: Math.floor(svc.clock.now() / 1000), fields });
  const appState = async () => ({
    keys: (await svc.rt.redis.keys(`${svc.rt.config.redisPrefix}*`)).filter((k) => !k.includes(':bull:')).sort(),
    jobs: await svc.rt.queues.staff.count(),
  });
  const refused = async (path: string, body: string, status: number, code: string) => {
    const before = await appState();
    const res = await svc.rt.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'text/xml' }, payload: body });
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(code);
    expect(await appState()).toEqual(before);
  };

  beforeAll(async () => {
    svc = await startService({}, { workers: false });
  });
  afterAll(async () => {
    await svc.stop();
  });

  it('refuses a forged msg_signature (401)', async () => {
    const cb = callback();
    await refused(cb.path.replace(/msg_signature=[0-9a-f]{40}/, `msg_signature=${'0'.repeat(40)}`), cb.body, 401, 'SIGNATURE_INVALID');
  });

  it('refuses a callback replayed an hour later (stale timestamp)', async () => {
    const cb = callback();
    svc.clock.advance(3600_000);
    await refused(cb.path, cb.body, 400, 'TIMESTAMP_STALE');
  });

  it('refuses a body that is not XML, and XML without Encrypt', async () => {
    await refused(callback().path, '{"Encrypt":"x"}', 400, 'XML_INVALID');
    await refused(callback().path, '<xml><ToUserName>x</ToUserName></xml>', 400, 'MESSAGE_INVALID');
  });

  it('refuses a signed ciphertext that decrypts to something that is not a message (400)', async () => {
    const enc = crypto().encrypt('<xml><MsgType>text</MsgType></xml>');
    const ts = String(Math.floor(svc.clock.now() / 1000));
    const path = `/wecom?msg_signature=${sha1Signature(svc.rt.config.wecom.token, ts, '7', enc)}&timestamp=${ts}&nonce=7`;
    await refused(path, `<xml><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`, 400, 'MESSAGE_INVALID');
  });

  it('refuses a forged GET verification (401) and answers nothing but the code', async () => {
    const echo = buildWecomEcho({ token: 'not-our-token', crypto: crypto(), timestamp: Math.floor(svc.clock.now() / 1000), echo: '123' });
    const res = await svc.rt.app.inject({ method: 'GET', url: echo.path });
    expect(res.statusCode).toBe(401);
    const ok = buildWecomEcho({ token: svc.rt.config.wecom.token, crypto: crypto(), timestamp: Math.floor(svc.clock.now() / 1000), echo: '123' });
    expect((await svc.rt.app.inject({ method: 'GET', url: ok.path })).body).toBe('123');
  });

  it('acknowledges an unknown event type and an event of another app without storing them', async () => {
    const before = await appState();
    const unknown = callback({ MsgType: 'event', Event: 'change_contact' });
    const other = buildWecomCallback({ ...svc.rt.config.wecom, agentId: '1000099', crypto: crypto(), userid: 'zhang_wei', createTime: Math.floor(svc.clock.now() / 1000), fields: enterAgentFields() });
    for (const cb of [unknown, other]) {
      const res = await svc.rt.app.inject({ method: 'POST', url: cb.path, headers: { 'content-type': 'text/xml' }, payload: cb.body });
      expect([res.statusCode, res.body]).toEqual([200, '']);
    }
    expect(await appState()).toEqual(before);
  });
});
