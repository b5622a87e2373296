import { describe, expect, it } from 'vitest';
import { extractIdentifiers, isValidS10, s10CheckDigit } from '../../../src/agent/nlu/identifiers.js';
import { understand } from '../../../src/agent/nlu/index.js';

const ids = (text: string) => extractIdentifiers(text);

describe('waybills', () => {
  it.each([
    ['SF1300000000017 查物流', 'SF1300000000017'],
    ['sf130000000017到哪了', 'SF130000000017'],
    ['帮忙看下 sf 1234 5678 9012 3 的物流', 'SF1234567890123'],
    ['SF-1234-5678-9012', 'SF123456789012'],
    ['758800001234 到哪了', '758800001234'],
    ['单号 773045812345678 现在啥情况', '773045812345678'],
    ['7588 0000 1234 5', '7588000012345'],
    ['EA123456785CN 清关到哪一步了', 'EA123456785CN'],
    ['ea123456789cn', 'EA123456789CN'],
    ['单号是JD0098765432101', 'JD0098765432101'],
    ['JDVA12345678901', 'JDVA12345678901'],
    ['运单号YT2231456789012现在在哪', 'YT2231456789012'],
    ['jt5123456789012 查一下', 'JT5123456789012'],
    ['YT 7789 0123 4561 2 现在什么情况', 'YT7789012345612'],
    ['查件 SF１２３４５６７８９０１２３', 'SF1234567890123'],
  ])('%s → %s', (text, waybill) => {
    expect(understand(text).slots.waybill).toBe(waybill);
  });

  it('collects several waybills in order without duplicates', () => {
    expect(ids('SF1300000000017 和 sf1300000000018 还有 SF1300000000017').waybills).toEqual([
      'SF1300000000017',
      'SF1300000000018',
    ]);
    expect(understand('758800001234、SF1300000000017 都到哪了').slots.waybills).toEqual(['758800001234', 'SF1300000000017']);
  });

  it('ignores numbers that are too short or too long, and SF with the wrong digit count', () => {
    expect(ids('订单 12345678901').waybills).toEqual([]);
    expect(ids('1234567890123456789').waybills).toEqual([]);
    expect(ids('SF12345').waybills).toEqual([]);
    expect(ids('2026-11-11 下午').waybills).toEqual([]);
    expect(ids('打12305投诉').waybills).toEqual([]);
  });

  it('validates the UPU S10 check digit but accepts either way', () => {
    expect(s10CheckDigit('12345678')).toBe(5);
    expect(isValidS10('EA123456785CN')).toBe(true);
    expect(isValidS10('EA123456789CN')).toBe(false);
    expect(ids('RR123456789CN').waybills).toEqual(['RR123456789CN']);
  });
});

describe('phones', () => {
  it.each([
    ['绑定手机 13800138000', '13800138000'],
    ['手机号 158 0000 1234', '15800001234'],
    ['用152-1234-5678绑定', '15212345678'],
    ['我的手机号是 +86 138-0013-8001', '13800138001'],
    ['绑定 +8613700001111', '13700001111'],
    ['86 139 1234 5678', '13912345678'],
    ['１３９１２３４５６７８', '13912345678'],
  ])('%s → %s', (text, phone) => {
    expect(understand(text).slots.phone).toBe(phone);
  });

  it('never reads an 11-digit mobile number as a waybill', () => {
    const u = understand('13800138000');
    expect(u.slots.phone).toBe('13800138000');
    expect(u.slots.waybill).toBeUndefined();
    expect(u.intent).toBe('bind');
  });

  it('separates a phone and a waybill written next to each other', () => {
    expect(ids('13800138000 758800001234')).toMatchObject({ phones: ['13800138000'], waybills: ['758800001234'] });
    expect(ids('138 0013 8000 7588 0000 1234')).toMatchObject({ phones: ['13800138000'], waybills: ['758800001234'] });
    expect(ids('SF1300000000017 13800138000')).toMatchObject({ phones: ['13800138000'], waybills: ['SF1300000000017'] });
  });

  it('does not take 11 digits that are not a mobile number', () => {
    expect(ids('12345678901').phones).toEqual([]);
    expect(ids('10086').phones).toEqual([]);
  });

  it('reads 尾号 / 后四位 as the last four digits only', () => {
    expect(understand('尾号1234的快递到哪了').slots).toMatchObject({ phoneLast4: '1234' });
    expect(understand('手机后四位是 5678').slots.phoneLast4).toBe('5678');
    expect(understand('尾号1234的快递到哪了').slots.phone).toBeUndefined();
  });

  it('blanks identifiers out of the text used for cue words', () => {
    const r = ids('SF1300000000017到哪了');
    expect(r.rest.trim()).toBe('到哪了');
    expect(r.rest).toHaveLength('SF1300000000017到哪了'.length);
  });
});
