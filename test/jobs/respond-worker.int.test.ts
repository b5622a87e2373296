// Ordered processing: one conversation at a time in arrival order, conversations in parallel,
// and a crash mid-turn neither loses the message nor doubles the reply.
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/domain/inbound.js';
import type { Reply, TurnHandler } from '../../src/conversation/handler.js';
import { startService, type TestService } from '../helpers/runtime.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const textOf = (m: InboundMessage) => (m.type === 'text' ? m.text : '');

class RecordingHandler implements TurnHandler {
  order: string[] = [];
  active = new Map<string, number>();
  maxParallelPerConversation = 0;
  maxParallelOverall = 0;
  running = 0;
  async handle(msg: InboundMessage): Promise<Reply[]> {
    const c = (this.active.get(msg.from) ?? 0) + 1;
    this.active.set(msg.from, c);
    this.running += 1;
    this.maxParallelPerConversation = Math.max(this.maxParallelPerConversation, c);
    this.maxParallelOverall = Math.max(this.maxParallelOverall, this.running);
    await sleep(30);
    this.order.push(`${msg.from}:${textOf(msg)}`);
    this.active.set(msg.from, c - 1);
    this.running -= 1;
    return [{ kind: 'text', text: `回复 ${textOf(msg)}` }];
  }
}

describe('the respond worker', () => {
  it('handles one conversation strictly in arrival order while others run in parallel', async () => {
    const handler = new RecordingHandler();
    svc = await startService({}, { handler });
    const phone = svc.rt.sandbox!.phone;
    // Five each: the platform allows five 客服消息 after a customer's latest message (PROTOCOL.md §3.2).
    for (let i = 1; i <= 5; i++) {
      await phone.text('o_a', `a${i}`);
      await phone.text('o_b', `b${i}`);
    }
    await svc.settle();
    const a = handler.order.filter((x) => x.startsWith('o_a:'));
    const b = handler.order.filter((x) => x.startsWith('o_b:'));
    expect(a).toEqual(['o_a:a1', 'o_a:a2', 'o_a:a3', 'o_a:a4', 'o_a:a5']);
    expect(b).toEqual(['o_b:b1', 'o_b:b2', 'o_b:b3', 'o_b:b4', 'o_b:b5']);
    expect(handler.maxParallelPerConversation).toBe(1);
    expect(handler.maxParallelOverall).toBe(2);
    expect(svc.rt.sandbox!.outbox.list({ to: 'o_a' }).map((m) => m.text)).toEqual(['回复 a1', '回复 a2', '回复 a3', '回复 a4', '回复 a5']);
    expect(svc.rt.sandbox!.outbox.list({ to: 'o_b' }).map((m) => m.text)).toEqual(['回复 b1', '回复 b2', '回复 b3', '回复 b4', '回复 b5']);
  });

  it('retries a turn that crashed and sends its reply exactly once', async () => {
    let calls = 0;
    const flaky: TurnHandler = {
      async handle(msg) {
        calls += 1;
        if (calls === 1) throw new Error('model exploded');
        return [{ kind: 'text', text: `好的：${textOf(msg)}` }];
      },
    };
    svc = await startService({}, { handler: flaky });
    await svc.rt.sandbox!.phone.text('o_c', '查快递');
    await svc.settle();
    expect(calls).toBe(2);
    expect(svc.rt.sandbox!.outbox.list({ to: 'o_c' }).map((m) => m.text)).toEqual(['好的：查快递']);
  });

  it('does not send again what a crashed turn had already sent', async () => {
    let calls = 0;
    // The first attempt queues both replies and then dies; the retry produces the same replies.
    const halfway: TurnHandler = {
      async handle() {
        calls += 1;
        return [{ kind: 'text', text: '第一句' }, { kind: 'text', text: '第二句' }];
      },
    };
    svc = await startService({}, { handler: halfway });
    const { rt } = svc;
    const original = rt.outbound.send.bind(rt.outbound);
    let sends = 0;
    rt.outbound.send = async (m) => {
      sends += 1;
      await original(m);
      if (sends === 2) throw new Error('worker killed after the second send was queued');
    };
    await rt.sandbox!.phone.text('o_d', '你好');
    await svc.settle();
    expect(calls).toBe(2);
    expect(rt.sandbox!.outbox.list({ to: 'o_d' }).map((m) => m.text)).toEqual(['第一句', '第二句']);
  });

  it('apologises instead of blocking the conversation when a message keeps failing', async () => {
    const broken: TurnHandler = {
      async handle(msg) {
        if (textOf(msg) === '毒') throw new Error('always fails');
        return [{ kind: 'text', text: `收到 ${textOf(msg)}` }];
      },
    };
    svc = await startService({}, { handler: broken });
    await svc.rt.sandbox!.phone.text('o_e', '毒');
    await svc.rt.sandbox!.phone.text('o_e', '后一条');
    await svc.settle();
    const texts = svc.rt.sandbox!.outbox.list({ to: 'o_e' }).map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('抱歉');
    expect(texts[1]).toBe('收到 后一条');
  });
});
