import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../src/channels/shared/xml.js';
import { parseOaMessage } from '../../../src/channels/wechat/parse.js';

// Bodies follow the documentation samples of PROTOCOL.md §2.5–2.6, run through the real XML parser.
const HEAD =
  '<ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oUSER_1]]></FromUserName><CreateTime>1735689600</CreateTime>';
const fieldsOf = (inner: string, head = HEAD) => parseXml(`<xml>${head}${inner}</xml>`, { maxBytes: 64 * 1024 });
const oa = (inner: string) => parseOaMessage(fieldsOf(inner));
const ev = (event: string, extra = '') => oa(`<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event>${extra}`);

const common = { channel: 'wechat', account: 'gh_0123456789ab', from: 'oUSER_1', at: 1_735_689_600_000 };
const msg = (msgId: string) => ({ ...common, key: `wechat:msg:${msgId}`, msgId });
const evt = (event: string, eventKey?: string) => ({ ...common, key: `wechat:evt:oUSER_1:1735689600:${event}${eventKey ? `:${eventKey}` : ''}` });

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    const e = err as { code?: string; statusCode?: number };
    return `${e.code} ${e.statusCode}`;
  }
  return 'no error';
};

describe('parseOaMessage', () => {
  describe('messages (§2.5)', () => {
    it('parses a text message and keeps the 64-bit MsgId as an exact string', () => {
      expect(oa('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[查询快递 SF1234567890]]></Content><MsgId>24680135792468013</MsgId>')).toEqual({
        ...msg('24680135792468013'),
        type: 'text',
        text: '查询快递 SF1234567890',
      });
      expect(oa('<MsgType>text</MsgType><Content>x</Content><MsgId>18446744073709551615</MsgId>').msgId).toBe('18446744073709551615');
    });

    it('carries the 客服 menu option a customer tapped as menuId', () => {
      expect(oa('<MsgType>text</MsgType><Content>催件</Content><MsgId>1</MsgId><bizmsgmenuid>101</bizmsgmenuid>')).toMatchObject({
        type: 'text',
        text: '催件',
        menuId: '101',
      });
    });

    it('parses an image with its PicUrl and MediaId', () => {
      expect(oa('<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz/p.jpg]]></PicUrl><MediaId><![CDATA[media_1]]></MediaId><MsgId>2</MsgId>')).toEqual({
        ...msg('2'),
        type: 'image',
        mediaId: 'media_1',
        picUrl: 'http://mmbiz/p.jpg',
      });
    });

    it('parses a voice message with its Recognition as recognition', () => {
      expect(oa('<MsgType>voice</MsgType><MediaId>v1</MediaId><Format>amr</Format><Recognition><![CDATA[我的快递到哪了]]></Recognition><MsgId>3</MsgId>')).toEqual({
        ...msg('3'),
        type: 'voice',
        mediaId: 'v1',
        format: 'amr',
        recognition: '我的快递到哪了',
      });
    });

    it('treats an empty Recognition as no transcript at all', () => {
      const voice = oa('<MsgType>voice</MsgType><MediaId>v1</MediaId><Format>amr</Format><Recognition><![CDATA[]]></Recognition><MsgId>3</MsgId>');
      expect(voice).not.toHaveProperty('recognition');
    });

    it('parses video and shortvideo into one type told apart by short', () => {
      expect(oa('<MsgType>video</MsgType><MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId><MsgId>4</MsgId>')).toEqual({
        ...msg('4'),
        type: 'video',
        mediaId: 'm',
        thumbMediaId: 't',
        short: false,
      });
      expect(oa('<MsgType>shortvideo</MsgType><MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId><MsgId>5</MsgId>')).toMatchObject({ type: 'video', short: true });
    });

    it('parses a location with Location_X as latitude and Location_Y as longitude, as numbers', () => {
      expect(
        oa('<MsgType>location</MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[广州市天河区]]></Label><MsgId>6</MsgId>'),
      ).toEqual({ ...msg('6'), type: 'location', lat: 23.134521, lng: 113.358803, scale: 20, label: '广州市天河区' });
    });

    it('parses a link', () => {
      expect(oa('<MsgType>link</MsgType><Title>物流公告</Title><Description>春节停运</Description><Url>https://example.com/a</Url><MsgId>7</MsgId>')).toEqual({
        ...msg('7'),
        type: 'link',
        title: '物流公告',
        description: '春节停运',
        url: 'https://example.com/a',
      });
    });
  });

  describe('events (§2.6)', () => {
    it('parses a plain subscribe', () => {
      expect(ev('subscribe')).toEqual({ ...evt('subscribe'), type: 'event', event: 'subscribe' });
    });

    it('strips qrscene_ from a subscribe through a parametric QR code and keeps the Ticket', () => {
      expect(ev('subscribe', '<EventKey><![CDATA[qrscene_station_0755]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>')).toEqual({
        ...evt('subscribe', 'qrscene_station_0755'),
        type: 'event',
        event: 'subscribe',
        eventKey: 'station_0755',
        ticket: 'TICKET',
      });
    });

    it('parses unsubscribe', () => {
      expect(ev('unsubscribe', '<EventKey><![CDATA[]]></EventKey>')).toEqual({ ...evt('unsubscribe'), type: 'event', event: 'unsubscribe' });
    });

    it('parses SCAN as scan with the bare scene and Ticket', () => {
      expect(ev('SCAN', '<EventKey>station_0755</EventKey><Ticket>TICKET</Ticket>')).toEqual({
        ...evt('SCAN', 'station_0755'),
        type: 'event',
        event: 'scan',
        eventKey: 'station_0755',
        ticket: 'TICKET',
      });
    });

    it('parses LOCATION as location with Latitude, Longitude and Precision', () => {
      expect(ev('LOCATION', '<Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision>')).toEqual({
        ...evt('LOCATION'),
        type: 'event',
        event: 'location',
        lat: 23.137466,
        lng: 113.352425,
        precision: 119.38504,
      });
    });

    it('parses CLICK as click with the button key', () => {
      expect(ev('CLICK', '<EventKey><![CDATA[MENU_TRACK]]></EventKey>')).toEqual({ ...evt('CLICK', 'MENU_TRACK'), type: 'event', event: 'click', eventKey: 'MENU_TRACK' });
    });

    it('parses VIEW as view with the URL as eventKey', () => {
      expect(ev('VIEW', '<EventKey><![CDATA[https://example.com/track]]></EventKey><MenuId>1</MenuId>')).toEqual({
        ...evt('VIEW', 'https://example.com/track'),
        type: 'event',
        event: 'view',
        eventKey: 'https://example.com/track',
      });
    });

    it('matches event names without regard to case', () => {
      expect(ev('click', '<EventKey>K</EventKey>')).toMatchObject({ event: 'click', key: 'wechat:evt:oUSER_1:1735689600:click:K' });
      expect(ev('Subscribe')).toMatchObject({ event: 'subscribe' });
    });

    it.each(['scancode_push', 'scancode_waitmsg'] as const)('parses %s with ScanCodeInfo', (event) => {
      const info = '<ScanCodeInfo><ScanType><![CDATA[barcode]]></ScanType><ScanResult><![CDATA[CODE_128,SF1234567890]]></ScanResult></ScanCodeInfo>';
      expect(ev(event, `<EventKey>scan</EventKey>${info}`)).toEqual({
        ...evt(event, 'scan'),
        type: 'event',
        event,
        eventKey: 'scan',
        scanType: 'barcode',
        scanResult: 'CODE_128,SF1234567890',
      });
    });

    it('parses pic_sysphoto with one picture', () => {
      const pics = '<SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item></PicList></SendPicsInfo>';
      expect(ev('pic_sysphoto', `<EventKey>photo</EventKey>${pics}`)).toEqual({
        ...evt('pic_sysphoto', 'photo'),
        type: 'event',
        event: 'pic_sysphoto',
        eventKey: 'photo',
        picMd5s: ['1b5f7c23b5bf75682a53e7b6d163e185'],
      });
    });

    it('parses pic_photo_or_album with several pictures in order', () => {
      const pics = '<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>aaa</PicMd5Sum></item><item><PicMd5Sum>bbb</PicMd5Sum></item></PicList></SendPicsInfo>';
      expect(ev('pic_photo_or_album', `<EventKey>album</EventKey>${pics}`)).toMatchObject({ event: 'pic_photo_or_album', picMd5s: ['aaa', 'bbb'] });
    });

    it('parses pic_weixin with no pictures as an empty list', () => {
      expect(ev('pic_weixin', '<EventKey>wx</EventKey><SendPicsInfo><Count>0</Count><PicList></PicList></SendPicsInfo>')).toMatchObject({
        event: 'pic_weixin',
        picMd5s: [],
      });
    });

    it('parses location_select from SendLocationInfo', () => {
      const info =
        '<SendLocationInfo><Location_X><![CDATA[23]]></Location_X><Location_Y><![CDATA[113]]></Location_Y><Scale><![CDATA[15]]></Scale><Label><![CDATA[广州市海珠区]]></Label><Poiname><![CDATA[丰巢柜]]></Poiname></SendLocationInfo>';
      expect(ev('location_select', `<EventKey>where</EventKey>${info}`)).toEqual({
        ...evt('location_select', 'where'),
        type: 'event',
        event: 'location_select',
        eventKey: 'where',
        lat: 23,
        lng: 113,
        label: '广州市海珠区',
      });
    });

    it('parses TEMPLATESENDJOBFINISH with MsgID (capital ID), keyed by that MsgID', () => {
      expect(ev('TEMPLATESENDJOBFINISH', '<MsgID>200163836</MsgID><Status><![CDATA[failed:user block]]></Status>')).toEqual({
        ...common,
        key: 'wechat:evt:oUSER_1:200163836:TEMPLATESENDJOBFINISH',
        type: 'event',
        event: 'template_send_finish',
        msgId: '200163836',
        status: 'failed:user block',
      });
    });
  });

  describe('what the platform may add later', () => {
    it('turns an unknown MsgType into unknown, keyed by its MsgId', () => {
      expect(oa('<MsgType>miniprogrampage</MsgType><Title>t</Title><MsgId>88</MsgId>')).toEqual({
        ...msg('88'),
        type: 'unknown',
        rawType: 'miniprogrampage',
      });
    });

    it('keys an unknown MsgType without MsgId like an event', () => {
      expect(oa('<MsgType>hologram</MsgType>')).toEqual({ ...evt('hologram'), type: 'unknown', rawType: 'hologram' });
    });

    it.each(['subscribe_msg_popup_event', 'MASSSENDJOBFINISH', 'kf_create_session'])('turns the unknown event %s into unknown', (event) => {
      expect(ev(event, '<EventKey>x</EventKey>')).toEqual({ ...evt(event, 'x'), type: 'unknown', rawType: 'event', rawEvent: event });
    });
  });

  describe('refusals', () => {
    it.each(['FromUserName', 'CreateTime', 'MsgType'])('refuses a message without %s as MESSAGE_INVALID', (name) => {
      const fields = fieldsOf('<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId>');
      delete fields[name];
      expect(refusal(() => parseOaMessage(fields))).toBe('MESSAGE_INVALID 400');
    });

    it('refuses a CreateTime that is not an integer', () => {
      const head = '<ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>yesterday</CreateTime>';
      expect(refusal(() => parseOaMessage(fieldsOf('<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId>', head)))).toBe('MESSAGE_INVALID 400');
    });

    it('refuses a known message type without MsgId, or with a MsgId that is not a decimal integer', () => {
      expect(refusal(() => oa('<MsgType>text</MsgType><Content>hi</Content>'))).toBe('MESSAGE_INVALID 400');
      expect(refusal(() => oa('<MsgType>text</MsgType><Content>hi</Content><MsgId>12:34</MsgId>'))).toBe('MESSAGE_INVALID 400');
    });

    it('refuses messages missing the fields their type requires, through the zod schema', () => {
      expect(refusal(() => oa('<MsgType>text</MsgType><MsgId>1</MsgId>'))).toBe('MESSAGE_INVALID 400');
      expect(refusal(() => oa('<MsgType>image</MsgType><PicUrl>u</PicUrl><MsgId>1</MsgId>'))).toBe('MESSAGE_INVALID 400');
      expect(refusal(() => oa('<MsgType>link</MsgType><Title>t</Title><MsgId>1</MsgId>'))).toBe('MESSAGE_INVALID 400');
    });

    it('refuses coordinates that are not numbers', () => {
      expect(refusal(() => oa('<MsgType>location</MsgType><Location_X>north</Location_X><Location_Y>113</Location_Y><MsgId>1</MsgId>'))).toBe(
        'MESSAGE_INVALID 400',
      );
      expect(refusal(() => ev('LOCATION', '<Latitude>1e400</Latitude><Longitude>1</Longitude>'))).toBe('MESSAGE_INVALID 400');
    });

    it('refuses a repeated Content rather than picking one', () => {
      expect(refusal(() => oa('<MsgType>text</MsgType><Content>a</Content><Content>b</Content><MsgId>1</MsgId>'))).toBe('MESSAGE_INVALID 400');
    });

    it('refuses an event without Event', () => {
      expect(refusal(() => oa('<MsgType>event</MsgType>'))).toBe('MESSAGE_INVALID 400');
    });

    it('names the failing field but never echoes its value', () => {
      try {
        oa('<MsgType>location</MsgType><Location_X>13800138000</Location_X><MsgId>1</MsgId>');
        expect.unreachable();
      } catch (err) {
        expect((err as Error).message).toContain('lng');
        expect((err as Error).message).not.toContain('13800138000');
      }
    });
  });
});
