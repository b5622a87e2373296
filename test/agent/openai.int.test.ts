// LLM_PROVIDER=openai end to end against a local OpenAI-compatible fake server: the model's tool
// calls run the real tools with the customer from the context, and a slow model falls back to the
// rules model for that turn.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.js';
import { startService, type TestService } from '../helpers/runtime.js';

let fake: FakeOpenAI | undefined;
let svc: TestService | undefined;
afterEach(async () => {
  await svc?.stop();
  await fake?.close();
  svc = undefined;
  fake = undefined;
});

const start = async (timeoutMs = 1500) => {
  svc = await startService({ LLM_PROVIDER: 'openai', LLM_BASE_URL: fake!.url, LLM_MODEL: 'fake-qwen', LLM_API_KEY: 'test-key', LLM_TIMEOUT_MS: String(timeoutMs) });
  return svc;
};
const say = async (openid: string, text: string) => {
  await svc!.rt.sandbox!.phone.text(openid, text);
  await svc!.settle();
  return svc!.rt.sandbox!.outbox.list({ to: openid }).map((m) => m.text);
};

describe('the openai provider', () => {
  it('runs the tools the model calls and sends the model’s answer', async () => {
    fake = await startFakeOpenAI([{ toolCalls: [{ name: 'track_parcel', args: { waybill: 'SF2000000000004' } }] }, { content: '您的羊绒围巾在上海转运中心，因暴雨积压，预计今天 20:00 前转出。' }]);
    await start();
    const texts = await say('o_demo_chen', '围巾到哪了');
    expect(texts).toEqual(['您的羊绒围巾在上海转运中心，因暴雨积压，预计今天 20:00 前转出。']);
    // The model saw the tool result the backend produced, and the state block, not raw PII.
    const second = fake.requests[1]!;
    const toolMsg = second.messages.find((m) => m.role === 'tool');
    expect(String(toolMsg?.content)).toContain('暴雨临时积压');
    expect(JSON.stringify(second.messages)).not.toContain('13800000001');
    expect(fake.requests[0]!.tools?.map((t) => t.function.name)).toContain('urge_delivery');
  });

  it('cannot act on someone else’s parcel whatever the model asks', async () => {
    // o_demo_guest1 is unbound; the model tries to urge 陈女士's parcel straight away.
    fake = await startFakeOpenAI([{ toolCalls: [{ name: 'urge_delivery', args: { waybill: 'SF2000000000009' } }] }, { content: '好的' }]);
    await start();
    await say('o_demo_guest1', '帮我催 SF2000000000009');
    const toolMsg = fake.requests[1]!.messages.find((m) => m.role === 'tool');
    expect(String(toolMsg?.content)).toContain('need_verification');
    expect(await svc!.rt.agent.cases.count()).toBe(0);
  });

  it('falls back to the rules model when the model is slower than the timeout', async () => {
    fake = await startFakeOpenAI([{ content: '太慢了', delayMs: 3000 }]);
    await start(300);
    const texts = await say('o_demo_chen', 'SF2000000000004 到哪了');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('上海转运中心');
    expect(texts[0]).toContain('暴雨临时积压');
    expect(texts[0]).not.toContain('太慢了');
  });

  it('falls back to the rules model when the endpoint fails', async () => {
    fake = await startFakeOpenAI([{ status: 500 }]);
    await start();
    const texts = await say('o_demo_chen', 'SF2000000000004 到哪了');
    expect(texts[0]).toContain('上海转运中心');
  });
});
