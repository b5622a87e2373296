import { describe, expect, it } from 'vitest';
import { matchForm, normalize, toHalfWidth } from '../../../src/agent/nlu/normalize.js';

describe('normalize', () => {
  it('turns full-width letters, digits and punctuation into half-width', () => {
    expect(toHalfWidth('ＳＦ１２３４！？　ok')).toBe('SF1234!? ok');
  });

  it('maps the traditional characters our cue words use', () => {
    expect(normalize('轉人工')).toBe('转人工');
    expect(normalize('我的包裹到哪裡了')).toBe('我的包裹到哪里了');
    expect(normalize('顯示簽收了 沒收到')).toContain('签收了 没收到');
  });

  it('trims, collapses whitespace and drops zero-width characters', () => {
    expect(normalize('  查\u200B件   SF1 \n ')).toBe('查件 SF1');
  });

  it('lower-cases Latin letters only in the matching form', () => {
    expect(normalize('SF123 Hello')).toBe('SF123 Hello');
    expect(matchForm('SF123 Hello')).toBe('sf123 hello');
  });
});
