import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { maskAddress, maskName, maskPhone, maskPhonesIn } from '../../src/lib/mask.js';
import { createLogger } from '../../src/lib/logger.js';

describe('masking personal data', () => {
  it('masks a phone number to its first three and last four digits', () => {
    expect(maskPhone('13800000001')).toBe('138****0001');
  });

  it('masks every mobile number inside free text, also with spaces or dashes', () => {
    expect(maskPhonesIn('我的手机 138 0000 0001，备用139-0000-0009')).toBe('我的手机 138****0001，备用139****0009');
  });

  it('leaves waybill numbers alone', () => {
    expect(maskPhonesIn('SF1300000000017 和 758800001234')).toBe('SF1300000000017 和 758800001234');
  });

  it('keeps only the district of an address and the family name', () => {
    expect(maskAddress('上海市浦东新区张江路 1 号 3 号楼')).toBe('上海市浦东新区****');
    expect(maskName('陈女士')).toBe('陈**');
  });

  it('masks phones in log messages and log objects, and redacts secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink);
    log.info({ phone: '13800000001', nested: { note: '电话13900000009' }, secret: 'abc' }, 'customer 13800000002 bound');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).not.toMatch(/13800000001|13900000009|13800000002/);
    expect(out).toContain('138****0001');
    expect(out).toContain('138****0002');
    expect(out).not.toContain('"abc"');
  });
});
