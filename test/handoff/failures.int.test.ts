// The bot failing the customer twice in a row (here a tool that errors, with any model) hands the
// conversation to a person on the second failure, with the honest reply kept.
import { afterEach, describe, expect, it } from 'vitest';
import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { AgentHandler } from '../../src/agent/handler.js';
import type { CourierAgent } from '../../src/agent/create.js';
import type { InboundMessage } from '../../src/domain/inbound.js';
import { createLogger } from '../../src/lib/logger.js';
import { NOW, startHandoffService, type HandoffService } from './service.js';

let svc: HandoffService;
afterEach(async () => {
  await svc.stop();
});

/** A model whose every turn calls track_parcel, which fails. */
const failing = {
  provider: 'rules',
  rules: {
    invoke: async ({ messages }: { messages: BaseMessage[] }) => ({
      messages: [
        ...messages,
        new AIMessage({ content: '', tool_calls: [{ id: 't1', name: 'track_parcel', args: {}, type: 'tool_call' }] }),
        new ToolMessage({ content: JSON.stringify({ status: 'error', reply: '抱歉，系统刚才出了点问题' }), tool_call_id: 't1', name: 'track_parcel' }),
        new AIMessage('抱歉，系统刚才出了点问题，我已记录。'),
      ],
    }),
  },
} as unknown as CourierAgent;

const text = (n: number): InboundMessage => ({ key: `wechat:msg:fail${n}`, channel: 'wechat', account: 'gh', from: 'o_fail_1', at: NOW, type: 'text', text: '我的快递到哪了' });

describe('failing twice', () => {
  it('apologises the first time and brings in a person the second time', async () => {
    svc = await startHandoffService({ customers: [{ openid: 'o_fail_1', phone: '13800000951' }], supervisors: ['li_na'] });
    const { memory, identity, workflows } = svc.rt.agent;
    const handler = new AgentHandler({ agent: failing, memory, identity, workflows, redis: svc.rt.redis, keys: svc.rt.keys, clock: svc.clock, logger: createLogger('silent') });
    const turn = { conversationId: 'wechat:o_fail_1', channel: 'wechat' as const, customerId: 'o_fail_1' };

    const first = await handler.handle(text(1), turn);
    expect(first.map((r) => (r.kind === 'text' ? r.text : ''))).toEqual(['抱歉，系统刚才出了点问题，我已记录。']);
    expect((await svc.rt.handoff.state(turn.conversationId)).state).toBe('bot');

    const second = await handler.handle(text(2), turn);
    expect(second[0]?.kind === 'text' && second[0].text).toContain('已为您转人工客服');
    expect((await svc.rt.handoff.state(turn.conversationId)).state).toBe('queued');
    expect((await memory.load(turn.conversationId)).failures).toBe(0);
    await svc.settle();
    expect(svc.toMember('li_na').some((m) => m.kind === 'card' && m.text.includes('转人工'))).toBe(true);
  });
});
