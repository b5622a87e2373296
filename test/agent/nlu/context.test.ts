import { describe, expect, it } from 'vitest';
import { understand } from '../../../src/agent/nlu/index.js';

const two = ['SF1000000000001', 'SF1000000000002'];

describe('context follow-ups', () => {
  it('a bare number after a parcel list continues the previous intent with a pick', () => {
    const u = understand('2', { awaiting: 'pick_parcel', lastIntent: 'urge', discussedWaybills: two });
    expect(u.intent).toBe('urge');
    expect(u.slots).toMatchObject({ pick: 2, waybill: 'SF1000000000002' });
  });

  it('第二个 / 后面那个 pick from the list', () => {
    expect(understand('第二个', { awaiting: 'pick_parcel', lastIntent: 'track', discussedWaybills: two })).toMatchObject({
      intent: 'track',
      slots: { pick: 2, waybill: 'SF1000000000002' },
    });
    expect(understand('后面那个', { awaiting: 'pick_parcel', lastIntent: 'lost', discussedWaybills: two })).toMatchObject({
      intent: 'lost',
      slots: { pick: -1, waybill: 'SF1000000000002' },
    });
  });

  it('a pick with a new request keeps the new request', () => {
    const u = understand('第一个 帮我催一下', { awaiting: 'pick_parcel', lastIntent: 'track', discussedWaybills: two });
    expect(u.intent).toBe('urge');
    expect(u.slots.waybill).toBe('SF1000000000001');
  });

  it('a pick out of range leaves the waybill unset', () => {
    const u = understand('第5个', { awaiting: 'pick_parcel', lastIntent: 'track', discussedWaybills: two });
    expect(u.slots.pick).toBe(5);
    expect(u.slots.waybill).toBeUndefined();
  });

  it('a bare 4–6 digit number while awaiting the SMS code is bind with the code', () => {
    expect(understand('482913', { awaiting: 'bind_code', lastIntent: 'bind' })).toMatchObject({
      intent: 'bind',
      slots: { code: '482913' },
    });
    expect(understand('验证码 8841', { awaiting: 'bind_code' })).toMatchObject({ intent: 'bind', slots: { code: '8841' } });
  });

  it('a phone number while awaiting the phone is bind', () => {
    expect(understand('138 0013 8000', { awaiting: 'phone' })).toMatchObject({ intent: 'bind', slots: { phone: '13800138000' } });
    expect(understand('尾号5678', { awaiting: 'phone' })).toMatchObject({ intent: 'bind', slots: { phoneLast4: '5678' } });
  });

  it('那个件呢 continues the previous intent and resolves the discussed waybill', () => {
    const u = understand('那个件呢', { lastIntent: 'track', discussedWaybills: ['SF1000000000009', 'SF1000000000001'] });
    expect(u.intent).toBe('track');
    expect(u.slots).toMatchObject({ reference: 'that', waybill: 'SF1000000000001' });
  });

  it('催一下 after a track turn is urge', () => {
    expect(understand('催一下', { lastIntent: 'track', discussedWaybills: ['SF1000000000001'] }).intent).toBe('urge');
    expect(understand('那帮我催一下吧', { lastIntent: 'track' }).intent).toBe('urge');
  });

  it('a bare waybill answers the question of the previous turn, or tracks', () => {
    expect(understand('SF1300000000017', { lastIntent: 'damaged' }).intent).toBe('damaged');
    expect(understand('SF1300000000017').intent).toBe('track');
  });

  it('a message with no cue stays on the topic; a greeting or a new topic does not', () => {
    expect(understand('还要多久', { lastIntent: 'track' }).intent).toBe('track');
    expect(understand('好的', { lastIntent: 'track' }).intent).toBe('greeting');
    expect(understand('股票会涨吗', { lastIntent: 'track' }).intent).toBe('other');
    expect(understand('转人工', { lastIntent: 'lost' }).intent).toBe('human');
  });

  it('"sent it" while awaiting photos continues the claim', () => {
    expect(understand('发了', { awaiting: 'photo', lastIntent: 'damaged' }).intent).toBe('damaged');
  });

  it('without context the same bare inputs are not guessed', () => {
    expect(understand('2').intent).toBe('other');
    expect(understand('482913').slots.code).toBeUndefined();
  });
});
