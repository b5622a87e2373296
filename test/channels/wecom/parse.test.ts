import { describe, expect, it } from 'vitest';
import { buildXml, parseXml, type XmlFields } from '../../../src/channels/shared/xml.js';
import { parseWecomEvent } from '../../../src/channels/wecom/parse.js';
import { cardClickFields, enterAgentFields, wecomImageFields, wecomTextFields } from '../../../src/sandbox/wecom-callbacks.js';

const common = { ToUserName: 'ww5a4db0c0ffee0001', FromUserName: 'zhang_wei', CreateTime: 1794376800 };
const parse = (fields: XmlFields) => parseWecomEvent(parseXml(buildXml({ ...common, ...fields, AgentID: 1000002 }), { maxBytes: 65536 }));
const fromXml = (xml: string) => parseWecomEvent(parseXml(xml, { maxBytes: 65536 }));

describe('parseWecomEvent', () => {
  it('reads a text message keyed by its MsgId, kept as a string', () => {
    expect(parse(wecomTextFields('#K7M2QX 客户不在家', '7340000000000000001'))).toEqual({
      type: 'text',
      key: 'wecom:msg:7340000000000000001',
      corpId: 'ww5a4db0c0ffee0001',
      agentId: '1000002',
      from: 'zhang_wei',
      at: 1794376800_000,
      msgId: '7340000000000000001',
      text: '#K7M2QX 客户不在家',
    });
  });

  it('reads an image with its MediaId and PicUrl', () => {
    expect(parse(wecomImageFields('m1', 'https://example.test/p.jpg', '42'))).toMatchObject({ type: 'image', mediaId: 'm1', picUrl: 'https://example.test/p.jpg' });
  });

  it('reads a voice message', () => {
    expect(parse({ MsgType: 'voice', MediaId: 'v1', Format: 'amr', MsgId: '43' })).toMatchObject({ type: 'voice', mediaId: 'v1', format: 'amr' });
  });

  it('reads enter_agent as an event keyed by member, time and event', () => {
    expect(parse(enterAgentFields())).toMatchObject({ type: 'enter_agent', key: 'wecom:evt:zhang_wei:1794376800:enter_agent' });
  });

  it('reads a card click with TaskId, EventKey, ResponseCode and CardType', () => {
    const e = parse(cardClickFields({ taskId: 'urge-K7M2QX-x1@0', key: 'will_deliver', responseCode: 'rc1' }));
    expect(e).toMatchObject({
      type: 'card_click',
      taskId: 'urge-K7M2QX-x1@0',
      eventKey: 'will_deliver',
      responseCode: 'rc1',
      cardType: 'button_interaction',
      selected: [],
      key: 'wecom:evt:zhang_wei:1794376800:template_card_event:urge-K7M2QX-x1@0:will_deliver',
    });
  });

  it('keys two buttons clicked in one second as two events', () => {
    const a = parse(cardClickFields({ taskId: 't@0', key: 'a', responseCode: 'r' }));
    const b = parse(cardClickFields({ taskId: 't@0', key: 'b', responseCode: 'r' }));
    expect(a.key).not.toBe(b.key);
  });

  it.each(['Opiton', 'Option'] as const)('reads SelectedItems spelled %sIds/%sId', (spelling) => {
    const selected = [
      { questionKey: 'reason', optionIds: ['not_home', 'wrong_address'] },
      { questionKey: 'when', optionIds: ['tonight'] },
    ];
    const e = parse(cardClickFields({ taskId: 't@0', key: 'submit', responseCode: 'r', cardType: 'multiple_interaction', selected }, spelling));
    expect(e).toMatchObject({ type: 'card_click', selected });
  });

  it('merges both spellings when one payload carries both', () => {
    const xml =
      '<xml><ToUserName>ww1</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>' +
      '<Event>template_card_event</Event><EventKey>k</EventKey><TaskId>t@0</TaskId><ResponseCode>r</ResponseCode>' +
      '<SelectedItems><SelectedItem><QuestionKey>q</QuestionKey><OpitonIds><OpitonId>o1</OpitonId></OpitonIds>' +
      '<OptionIds><OptionId>o2</OptionId></OptionIds></SelectedItem></SelectedItems></xml>';
    expect(fromXml(xml)).toMatchObject({ selected: [{ questionKey: 'q', optionIds: ['o2', 'o1'] }] });
  });

  it('turns types it does not handle into unknown, with a dedupe key', () => {
    expect(parse({ MsgType: 'location', Location_X: 31.2, Location_Y: 121.5, MsgId: '44' })).toMatchObject({ type: 'unknown', rawType: 'location', key: 'wecom:msg:44' });
    expect(parse({ MsgType: 'event', Event: 'change_contact' })).toMatchObject({ type: 'unknown', rawEvent: 'change_contact' });
  });

  it('refuses a card click without TaskId, and a text without MsgId', () => {
    expect(() => parse({ MsgType: 'event', Event: 'template_card_event', EventKey: 'k' })).toThrow(expect.objectContaining({ code: 'MESSAGE_INVALID' }));
    expect(() => parse({ MsgType: 'text', Content: 'hi' })).toThrow(expect.objectContaining({ code: 'MESSAGE_INVALID' }));
  });

  it('refuses a message without FromUserName or with a non-integer CreateTime', () => {
    expect(() => fromXml('<xml><MsgType>text</MsgType><CreateTime>1</CreateTime></xml>')).toThrow(expect.objectContaining({ code: 'MESSAGE_INVALID' }));
    expect(() => fromXml('<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><CreateTime>1.5</CreateTime></xml>')).toThrow(
      expect.objectContaining({ code: 'MESSAGE_INVALID' }),
    );
  });
});
