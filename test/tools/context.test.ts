import { describe, expect, it } from 'vitest';
import { freezeContext } from '../../src/tools/context.js';

describe('the agent context', () => {
  const ctx = freezeContext({ channel: 'wechat', customerId: 'o_1', conversationId: 'wechat:o_1', messageKey: 'wechat:msg:1', phone: '13800000001', now: 1 });

  it('is frozen, so neither a tool nor the model can change who the customer is', () => {
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(() => {
      (ctx as { phone: string | null }).phone = '13900000009';
    }).toThrow(TypeError);
    expect(ctx.phone).toBe('13800000001');
  });

  it('refuses a context without a customer', () => {
    expect(() => freezeContext({ channel: 'wechat', customerId: '', conversationId: 'c', messageKey: 'k', phone: null, now: 1 })).toThrow();
  });
});
