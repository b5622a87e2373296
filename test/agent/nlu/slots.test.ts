import { describe, expect, it } from 'vitest';
import { resolvePick, understand } from '../../../src/agent/nlu/index.js';
import { extractTime, parseSmallNumber } from '../../../src/agent/nlu/time.js';

describe('time', () => {
  it('reads relative days, parts of day and hours', () => {
    expect(extractTime('明天下午送')).toMatchObject({ text: '明天下午', dayOffset: 1, period: 'afternoon' });
    expect(extractTime('今晚8点以后再送')).toEqual({ text: '今晚8点以后', dayOffset: 0, period: 'evening', hour: 20 });
    expect(extractTime('下午三点以后都在家')).toMatchObject({ hour: 15, period: 'afternoon' });
    expect(extractTime('后天上午10点')).toMatchObject({ dayOffset: 2, hour: 10, period: 'morning' });
  });

  it('reads weekdays without inventing a date', () => {
    expect(extractTime('改到周六再送')).toEqual({ text: '周六', weekday: 6 });
    expect(extractTime('下周一送')).toMatchObject({ weekday: 1, weekOffset: 1 });
    expect(extractTime('星期天')).toMatchObject({ weekday: 7 });
  });

  it('does not read 一点消息 or 三天 as a time', () => {
    expect(extractTime('一点消息都没有')).toBeUndefined();
    expect(extractTime('卡了三天了')).toBeUndefined();
  });

  it('parses small Chinese numbers', () => {
    expect(parseSmallNumber('十二')).toBe(12);
    expect(parseSmallNumber('两')).toBe(2);
    expect(parseSmallNumber('二十')).toBe(20);
    expect(parseSmallNumber('8')).toBe(8);
  });
});

describe('place and address', () => {
  it.each([
    ['放门口就行', 'door'],
    ['别放驿站 放门口就行', 'door'],
    ['能帮我放快递柜吗', 'locker'],
    ['放丰巢吧', 'locker'],
    ['放菜鸟驿站', 'station'],
    ['放邻居家就行', 'neighbor'],
    ['放物业前台吧', 'reception'],
    ['交给门卫', 'reception'],
  ])('%s → %s', (text, place) => {
    expect(understand(text).slots.place).toBe(place);
  });

  it('drops a negated place', () => {
    expect(understand('别放驿站').slots.place).toBeUndefined();
  });

  it('extracts a written address and a workplace', () => {
    expect(understand('帮我改一下收货地址 改成上海市徐汇区漕溪北路88号').slots.address).toBe('上海市徐汇区漕溪北路88号');
    expect(understand('地址写错了 要改成杭州西湖区文三路100号').slots.address).toBe('杭州西湖区文三路100号');
    expect(understand('能不能送到公司').slots.address).toBe('公司');
    expect(understand('改到周六再送').slots.address).toBeUndefined();
  });
});

describe('picks, references and codes', () => {
  it('reads ordinals and 后面那个 anywhere, bare digits only when a list was shown', () => {
    expect(understand('第二个').slots.pick).toBe(2);
    expect(understand('要第3个').slots.pick).toBe(3);
    expect(understand('后面那个').slots.pick).toBe(-1);
    expect(understand('前面那个').slots.pick).toBe(1);
    expect(understand('2', { awaiting: 'pick_parcel' }).slots.pick).toBe(2);
    expect(understand('2').slots.pick).toBeUndefined();
    expect(understand('第二次催了').slots.pick).toBeUndefined();
  });

  it('resolves a pick against a list', () => {
    expect(resolvePick(2, 3)).toBe(1);
    expect(resolvePick(-1, 3)).toBe(2);
    expect(resolvePick(4, 3)).toBeUndefined();
    expect(resolvePick(-1, 0)).toBeUndefined();
  });

  it('marks references to a parcel already discussed', () => {
    expect(understand('那个件呢').slots.reference).toBe('that');
    expect(understand('这个快递催一下').slots.reference).toBe('that');
    expect(understand('它到哪了').slots.reference).toBe('that');
    expect(understand('其它的呢').slots.reference).toBeUndefined();
  });

  it('reads an SMS code after 验证码, or bare when awaiting it', () => {
    expect(understand('验证码是 482913').slots.code).toBe('482913');
    expect(understand('4829', { awaiting: 'bind_code' }).slots.code).toBe('4829');
    expect(understand('4829').slots.code).toBeUndefined();
    expect(understand('1234567', { awaiting: 'bind_code' }).slots.code).toBeUndefined();
  });
});
