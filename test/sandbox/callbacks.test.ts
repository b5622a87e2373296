import { beforeEach, describe, expect, it } from 'vitest';
import { WxBizMsgCrypt } from '../../src/channels/shared/aes.js';
import { sha1Signature } from '../../src/channels/shared/signature.js';
import { parseXml } from '../../src/channels/shared/xml.js';
import { openOaCallback } from '../../src/channels/wechat/verify.js';
import { SANDBOX_DEFAULTS } from '../../src/config/env.js';
import { ManualClock } from '../../src/lib/clock.js';
import {
  buildOaCallback,
  eventFields,
  imageFields,
  linkFields,
  locationEventFields,
  locationFields,
  locationSelectFields,
  picsFields,
  scanCodeFields,
  subscribeFields,
  templateFinishFields,
  textFields,
  videoFields,
  voiceFields,
  type OaCallbackMode,
} from '../../src/sandbox/callbacks.js';
import type { XmlFields } from '../../src/channels/shared/xml.js';

// PROTOCOL.md §8.F: the builder must produce this request byte for byte.
const F = {
  token: 'courierbot2024',
  key: 'Courier0Bot0Safe0Mode0Test0Vector0Key012340',
  appId: 'wx1234567890abcdef',
  account: 'gh_0123456789ab',
  openid: 'oUSER_openid_example_000001',
  createTime: 1735689600,
  nonce: '1234567890',
  random: '000102030405060708090a0b0c0d0e0f',
  encrypt:
    'DNXfgLRjBykGIjssQ/oiysNZJ5lNH1CSBhoyJ04vVPT1oir3V+FbdqZqUJOzqg3Rv1wzWM11s/fgPEEE3wmgCDgMZS8FL5+VV9Eo4hImISmD8/tfAMZTn1tko4XaCzb0NLFqaIxyyr7lN0W25syKpnbmn+ldAnuahJwDEfW9+1tZZfxrsk1hhJ8i1XuHGsO9XKj6wMCEiz6n57B19EhrURCfjUQvYkG49kcSzkXsxKmwoYqYxQtWDYmKpIh64xYTQ0oMiLlzp4UawobGBCe8cwt3pqZDWFb3XI+UYyA/J5jKnnjbqF4GLgRWZaZ8jm/RphKs3CM43iJ843er2DQNECQnRs71UWIhZgla6NI9wmcvKadR9tjwMbHnrRoL3KIokW0P8wLn3jg0MOTjjDUuY62zJYvRmILHqtjF8P0T69OawxQs2qeG8IXxqxDtKfzd0SNKfG/ZGaSfiPNxrr5P6g==',
};
const fCrypto = new WxBizMsgCrypt(F.key, F.appId);

describe('buildOaCallback', () => {
  it('reproduces the safe-mode request of vector F exactly', () => {
    const req = buildOaCallback({
      token: F.token,
      crypto: fCrypto,
      accountId: F.account,
      openid: F.openid,
      createTime: F.createTime,
      nonce: F.nonce,
      random: Buffer.from(F.random, 'hex'),
      fields: textFields('查询快递 SF1234567890', '24680135792468013'),
    });
    expect(req.body).toBe(`<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[${F.encrypt}]]></Encrypt></xml>`);
    expect(req.query).toEqual({
      signature: 'dd19af6ea31d28c1954a44175a4e510f9d6c8fb5',
      timestamp: '1735689600',
      nonce: '1234567890',
      openid: F.openid,
      encrypt_type: 'aes',
      msg_signature: '33dd99218a8dcd2cb1106ea024fcc355d00f9e45',
    });
    expect(req.path).toBe(
      `/wechat?signature=dd19af6ea31d28c1954a44175a4e510f9d6c8fb5&timestamp=1735689600&nonce=1234567890&openid=${F.openid}&encrypt_type=aes&msg_signature=33dd99218a8dcd2cb1106ea024fcc355d00f9e45`,
    );
  });

  it('sends the plaintext body and no encryption parameters in plain mode', () => {
    const req = buildOaCallback({ ...base(), mode: 'plain', nonce: '42', fields: textFields('hi', '9') });
    expect(Object.keys(req.query)).toEqual(['signature', 'timestamp', 'nonce', 'openid']);
    expect(req.query['signature']).toBe(sha1Signature(F.token, '1735689600', '42'));
    expect(req.body).toBe(
      '<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oUSER_openid_example_000001]]></FromUserName><CreateTime>1735689600</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>9</MsgId></xml>',
    );
  });

  it('sends both the plaintext fields and Encrypt in compat mode', () => {
    const req = buildOaCallback({ ...base(), mode: 'compat', fields: textFields('hi', '9') });
    const fields = parseXml(req.body, { maxBytes: 65536 });
    expect(fields).toMatchObject({ MsgType: 'text', Content: 'hi', MsgId: '9' });
    expect(req.query['msg_signature']).toBe(sha1Signature(F.token, req.query['timestamp'] ?? '', req.query['nonce'] ?? '', String(fields['Encrypt'])));
    expect(fCrypto.decrypt(String(fields['Encrypt'])).message).toContain('<Content><![CDATA[hi]]></Content>');
  });

  it('serialises SendPicsInfo as nested XML with one item per picture', () => {
    const req = buildOaCallback({ ...base(), mode: 'plain', fields: picsFields('pic_sysphoto', 'photo', ['m1', 'm2']) });
    expect(req.body).toContain(
      '<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[m1]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[m2]]></PicMd5Sum></item></PicList></SendPicsInfo>',
    );
  });

  it('writes a MsgId given as a string bare, as the platform does', () => {
    const req = buildOaCallback({ ...base(), mode: 'plain', fields: { MsgType: 'text', Content: 'x', MsgId: '18446744073709551615' } });
    expect(req.body).toContain('<MsgId>18446744073709551615</MsgId>');
  });

  it('makes up a numeric nonce when none is given', () => {
    const { query } = buildOaCallback({ ...base(), fields: textFields('hi', '1') });
    expect(query['nonce']).toMatch(/^\d{9,10}$/);
  });
});

function base() {
  return { token: F.token, crypto: fCrypto, accountId: F.account, openid: F.openid, createTime: F.createTime };
}

describe('a sandbox callback opened by the real webhook code', () => {
  const token = SANDBOX_DEFAULTS.WECHAT_TOKEN;
  const crypto = new WxBizMsgCrypt(SANDBOX_DEFAULTS.WECHAT_AES_KEY, SANDBOX_DEFAULTS.WECHAT_APPID);
  const account = SANDBOX_DEFAULTS.WECHAT_ACCOUNT_ID;
  const openid = 'oSandboxCustomer0001';
  const createTime = 1_731_283_200; // 2024-11-11 08:00 +08:00
  const clock = new ManualClock(createTime * 1000);
  beforeEach(() => clock.set(createTime * 1000));

  const common = { channel: 'wechat', account, from: openid, at: createTime * 1000 };
  const msg = (id: string) => ({ ...common, key: `wechat:msg:${id}`, msgId: id });
  const evt = (event: string) => ({ ...common, key: `wechat:evt:${openid}:${createTime}:${event}` });

  const cases: Array<[name: string, fields: XmlFields, expected: Record<string, unknown>]> = [
    ['text', textFields('SF1234567890 到哪了', '24680135792468013'), { ...msg('24680135792468013'), type: 'text', text: 'SF1234567890 到哪了' }],
    ['image', imageFields('media_img', 'https://sandbox/p.jpg', '2'), { ...msg('2'), type: 'image', mediaId: 'media_img', picUrl: 'https://sandbox/p.jpg' }],
    ['voice', voiceFields('media_v', '帮我催一下', '3'), { ...msg('3'), type: 'voice', mediaId: 'media_v', format: 'amr', recognition: '帮我催一下' }],
    ['voice without transcript', voiceFields('media_v', '', '4'), { ...msg('4'), type: 'voice', mediaId: 'media_v', format: 'amr' }],
    ['video', videoFields('media_mv', 'thumb', '5'), { ...msg('5'), type: 'video', mediaId: 'media_mv', thumbMediaId: 'thumb', short: false }],
    ['shortvideo', videoFields('media_sv', 'thumb', '6', true), { ...msg('6'), type: 'video', mediaId: 'media_sv', thumbMediaId: 'thumb', short: true }],
    [
      'location',
      locationFields({ lat: 22.543096, lng: 114.057865, scale: 16, label: '深圳市福田区' }, '7'),
      { ...msg('7'), type: 'location', lat: 22.543096, lng: 114.057865, scale: 16, label: '深圳市福田区' },
    ],
    [
      'link',
      linkFields('签收照片', '派件员上传', 'https://sandbox/photo', '8'),
      { ...msg('8'), type: 'link', title: '签收照片', description: '派件员上传', url: 'https://sandbox/photo' },
    ],
    ['subscribe', subscribeFields(), { ...evt('subscribe'), type: 'event', event: 'subscribe' }],
    [
      'subscribe by QR code',
      subscribeFields('station_0755', 'TICKET'),
      { ...evt('subscribe'), type: 'event', event: 'subscribe', eventKey: 'station_0755', ticket: 'TICKET' },
    ],
    ['unsubscribe', eventFields('unsubscribe'), { ...evt('unsubscribe'), type: 'event', event: 'unsubscribe' }],
    ['SCAN', eventFields('SCAN', 'station_0755', { Ticket: 'T' }), { ...evt('SCAN'), type: 'event', event: 'scan', eventKey: 'station_0755', ticket: 'T' }],
    ['CLICK', eventFields('CLICK', 'MENU_TRACK'), { ...evt('CLICK'), type: 'event', event: 'click', eventKey: 'MENU_TRACK' }],
    ['VIEW', eventFields('VIEW', 'https://sandbox/track'), { ...evt('VIEW'), type: 'event', event: 'view', eventKey: 'https://sandbox/track' }],
    [
      'LOCATION',
      locationEventFields(22.54, 114.05, 30.5),
      { ...evt('LOCATION'), type: 'event', event: 'location', lat: 22.54, lng: 114.05, precision: 30.5 },
    ],
    [
      'scancode_push',
      scanCodeFields('scancode_push', 'scan', 'SF1234567890', 'barcode'),
      { ...evt('scancode_push'), type: 'event', event: 'scancode_push', eventKey: 'scan', scanType: 'barcode', scanResult: 'SF1234567890' },
    ],
    [
      'scancode_waitmsg',
      scanCodeFields('scancode_waitmsg', 'scan', 'https://sandbox/qr'),
      { ...evt('scancode_waitmsg'), type: 'event', event: 'scancode_waitmsg', eventKey: 'scan', scanType: 'qrcode', scanResult: 'https://sandbox/qr' },
    ],
    ['pic_sysphoto', picsFields('pic_sysphoto', 'photo', ['m1']), { ...evt('pic_sysphoto'), type: 'event', event: 'pic_sysphoto', eventKey: 'photo', picMd5s: ['m1'] }],
    [
      'pic_photo_or_album',
      picsFields('pic_photo_or_album', 'album', ['m1', 'm2', 'm3']),
      { ...evt('pic_photo_or_album'), type: 'event', event: 'pic_photo_or_album', eventKey: 'album', picMd5s: ['m1', 'm2', 'm3'] },
    ],
    ['pic_weixin', picsFields('pic_weixin', 'wx', []), { ...evt('pic_weixin'), type: 'event', event: 'pic_weixin', eventKey: 'wx', picMd5s: [] }],
    [
      'location_select',
      locationSelectFields('where', { lat: 22.5, lng: 114.1, label: '深圳市南山区', poiname: '丰巢柜' }),
      { ...evt('location_select'), type: 'event', event: 'location_select', eventKey: 'where', lat: 22.5, lng: 114.1, label: '深圳市南山区' },
    ],
    [
      'TEMPLATESENDJOBFINISH',
      templateFinishFields('200163836', 'success'),
      { ...common, key: `wechat:evt:${openid}:200163836:TEMPLATESENDJOBFINISH`, type: 'event', event: 'template_send_finish', msgId: '200163836', status: 'success' },
    ],
    ['an unknown MsgType', { MsgType: 'hologram', MsgId: '99' }, { ...msg('99'), type: 'unknown', rawType: 'hologram' }],
    ['an unknown event', eventFields('subscribe_msg_popup_event'), { ...evt('subscribe_msg_popup_event'), type: 'unknown', rawType: 'event', rawEvent: 'subscribe_msg_popup_event' }],
  ];

  const modes: OaCallbackMode[] = ['safe', 'compat', 'plain'];

  describe.each(modes)('in %s mode', (mode) => {
    it.each(cases)('yields the same %s message', (_name, fields, expected) => {
      const req = buildOaCallback({ token, crypto, accountId: account, openid, createTime, mode, fields });
      const opened = openOaCallback({ query: req.query, body: req.body, token, crypto, clock, windowSeconds: 300, maxBytes: 64 * 1024 });
      expect(opened.mode).toBe(mode);
      // Event keys carry the raw EventKey (two clicks in one second are two events).
      const rawKey = typeof fields.EventKey === 'string' && fields.EventKey ? `:${fields.EventKey}` : '';
      const key = String(expected.key).startsWith('wechat:evt:') && !String(expected.key).includes('TEMPLATESENDJOBFINISH') ? `${String(expected.key)}${rawKey}` : expected.key;
      expect(opened.message).toEqual({ ...expected, key });
    });
  });

  it('survives the query being read back through URLSearchParams, as Fastify would', () => {
    const req = buildOaCallback({ token, crypto, accountId: account, openid, createTime, fields: textFields('hi', '1') });
    const query = Object.fromEntries(new URLSearchParams(req.path.slice(req.path.indexOf('?') + 1)));
    expect(openOaCallback({ query, body: req.body, token, crypto, clock, windowSeconds: 300, maxBytes: 65536 }).message).toMatchObject({ text: 'hi' });
  });

  it('is refused by a webhook configured with another token', () => {
    const req = buildOaCallback({ token, crypto, accountId: account, openid, createTime, fields: textFields('hi', '1') });
    expect(() => openOaCallback({ query: req.query, body: req.body, token: 'othertoken', crypto, clock, windowSeconds: 300, maxBytes: 65536 })).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_INVALID' }),
    );
  });
});
