import { describe, expect, it } from 'vitest';
import { maskConversationId, maskWaybill, redactText } from '../../src/insights/redact.js';

describe('redactText', () => {
  it('masks phones, landlines, long digit runs and house numbers', () => {
    const out = redactText('我电话13800000001，座机021-50800001，地址张江路1号 3号楼502室，身份证310101199001011234');
    expect(out).not.toMatch(/13800000001|50800001|502|3101011990/);
    expect(out).toContain('138****0001');
    expect(out).toContain('张江路*号');
    expect(out).toContain('*号楼*室');
  });

  it('keeps the complaint readable and short', () => {
    expect(redactText('  快递被放丰巢了，\n没人通知我  ')).toBe('快递被放丰巢了， 没人通知我');
    expect([...redactText('催'.repeat(200))].length).toBe(61);
  });
});

describe('masking ids', () => {
  it('shortens conversation ids and waybills', () => {
    expect(maskConversationId('wechat:o_demo_chen')).toBe('wechat:o_de***en');
    expect(maskConversationId('wechat:abc')).toBe('wechat:a***');
    expect(maskWaybill('SF2000000000012')).toBe('SF20****0012');
  });
});
