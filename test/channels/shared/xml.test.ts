import { describe, expect, it } from 'vitest';
import { WxBizMsgCrypt } from '../../../src/channels/shared/aes.js';
import { sha1Signature } from '../../../src/channels/shared/signature.js';
import { buildEncryptedReply, buildXml, parseXml } from '../../../src/channels/shared/xml.js';

const LIMIT = { maxBytes: 64 * 1024 };

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  return 'no error';
};
const statusOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { statusCode?: number }).statusCode;
  }
  return undefined;
};

describe('parseXml', () => {
  it('returns the children of <xml>, CDATA and bare numbers both as strings', () => {
    const body =
      '<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oUSER_openid_example_000001]]></FromUserName><CreateTime>1735689600</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[查询快递 SF1234567890]]></Content><MsgId>24680135792468013</MsgId></xml>';
    expect(parseXml(body, LIMIT)).toEqual({
      ToUserName: 'gh_0123456789ab',
      FromUserName: 'oUSER_openid_example_000001',
      CreateTime: '1735689600',
      MsgType: 'text',
      Content: '查询快递 SF1234567890',
      MsgId: '24680135792468013',
    });
  });

  it('reads the indented layout of the documentation samples', () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
      <xml>
        <ToUserName><![CDATA[gh_1]]></ToUserName>
        <MsgType><![CDATA[event]]></MsgType>
        <Event><![CDATA[scancode_push]]></Event>
        <ScanCodeInfo>
          <ScanType><![CDATA[qrcode]]></ScanType>
          <ScanResult><![CDATA[SF1234567890]]></ScanResult>
        </ScanCodeInfo>
      </xml>\n`;
    expect(parseXml(body, LIMIT)).toEqual({
      ToUserName: 'gh_1',
      MsgType: 'event',
      Event: 'scancode_push',
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'SF1234567890' },
    });
  });

  it('gives one PicList item as an object and several as an array', () => {
    const one = parseXml('<xml><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item></PicList></SendPicsInfo></xml>', LIMIT);
    expect(one).toEqual({ SendPicsInfo: { Count: '1', PicList: { item: { PicMd5Sum: 'a' } } } });
    const two = parseXml(
      '<xml><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo></xml>',
      LIMIT,
    );
    expect(two).toEqual({ SendPicsInfo: { Count: '2', PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } } });
  });

  it('keeps empty elements as empty strings and decodes predefined entities', () => {
    expect(parseXml('<xml><Recognition><![CDATA[]]></Recognition><Label/><T>a &amp; b &lt;c&gt;</T></xml>', LIMIT)).toEqual({
      Recognition: '',
      Label: '',
      T: 'a & b <c>',
    });
  });

  it('returns no fields for an empty <xml> root', () => {
    expect(parseXml('<xml></xml>', LIMIT)).toEqual({});
  });

  describe('refusing dangerous or broken bodies', () => {
    it('refuses a body over maxBytes with 413, counting UTF-8 bytes rather than characters', () => {
      const body = `<xml><Content><![CDATA[${'快'.repeat(100)}]]></Content></xml>`;
      expect(body.length).toBeLessThan(200);
      expect(codeOf(() => parseXml(body, { maxBytes: 200 }))).toBe('BODY_TOO_LARGE');
      expect(statusOf(() => parseXml(body, { maxBytes: 200 }))).toBe(413);
      expect(parseXml(body, { maxBytes: 400 })).toEqual({ Content: '快'.repeat(100) });
    });

    it('refuses the billion laughs before parsing it', () => {
      const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xml><Content>&lol9;</Content></xml>`;
      expect(codeOf(() => parseXml(lol, LIMIT))).toBe('XML_ENTITY_FORBIDDEN');
      expect(statusOf(() => parseXml(lol, LIMIT))).toBe(400);
    });

    it('refuses an external entity (XXE) and a lower-case doctype', () => {
      const xxe = '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>';
      expect(codeOf(() => parseXml(xxe, LIMIT))).toBe('XML_ENTITY_FORBIDDEN');
      expect(codeOf(() => parseXml('<!doctype xml><xml><a>1</a></xml>', LIMIT))).toBe('XML_ENTITY_FORBIDDEN');
      expect(codeOf(() => parseXml('<xml><!EnTiTy a "b"><a>1</a></xml>', LIMIT))).toBe('XML_ENTITY_FORBIDDEN');
    });

    it('finds a DOCTYPE behind a comment that pretends to open a CDATA section', () => {
      const sneaky = '<!-- <![CDATA[ --><!DOCTYPE xml [<!ENTITY a "b">]><xml><a>&a;</a></xml><!-- ]]> -->';
      expect(codeOf(() => parseXml(sneaky, LIMIT))).toBe('XML_ENTITY_FORBIDDEN');
    });

    it('lets a customer type "<!DOCTYPE html>" in a message, which arrives inside CDATA', () => {
      const body = '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[<!DOCTYPE html> 是什么]]></Content></xml>';
      expect(parseXml(body, LIMIT)).toEqual({ MsgType: 'text', Content: '<!DOCTYPE html> 是什么' });
    });

    it('refuses malformed XML as XML_INVALID with 400', () => {
      const cases = {
        empty: '',
        blank: '  \n ',
        'not XML': 'hello',
        JSON: '{"ToUserName":"gh_1"}',
        unclosed: '<xml><Content>hi</Content>',
        'mismatched tags': '<xml><Content>hi</MsgType></xml>',
        'undefined entity': '<xml><Content>&bogus;</Content></xml>',
        'trailing text': '<xml><a>1</a></xml>junk',
        'a second root': '<xml><a>1</a></xml><xml><a>2</a></xml>',
        'text-only root': '<xml>hello</xml>',
      };
      for (const [name, body] of Object.entries(cases)) {
        expect(codeOf(() => parseXml(body, LIMIT)), name).toBe('XML_INVALID');
        expect(statusOf(() => parseXml(body, LIMIT)), name).toBe(400);
      }
    });

    it('refuses a root other than <xml>', () => {
      expect(codeOf(() => parseXml('<root><MsgType>text</MsgType></root>', LIMIT))).toBe('XML_INVALID');
      expect(codeOf(() => parseXml('<XML><MsgType>text</MsgType></XML>', LIMIT))).toBe('XML_INVALID');
    });
  });
});

describe('buildXml', () => {
  it('writes strings as CDATA and numbers bare, in field order', () => {
    expect(buildXml({ ToUserName: 'oUSER', CreateTime: 1735689601, MsgType: 'text', Content: '运单 SF1234567890 正在派送中' })).toBe(
      '<xml><ToUserName><![CDATA[oUSER]]></ToUserName><CreateTime>1735689601</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[运单 SF1234567890 正在派送中]]></Content></xml>',
    );
  });

  it('writes a bigint bare and exactly, for 64-bit ids', () => {
    expect(buildXml({ MsgId: 24680135792468013n })).toBe('<xml><MsgId>24680135792468013</MsgId></xml>');
  });

  it('nests objects and repeats arrays', () => {
    expect(buildXml({ SendPicsInfo: { Count: 2, PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } } })).toBe(
      '<xml><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>',
    );
  });

  it('keeps "]]>" inside text intact through a parse', () => {
    const tricky = 'a]]>b]]]]>c<![CDATA[d';
    const xml = buildXml({ Content: tricky });
    expect(parseXml(xml, LIMIT)).toEqual({ Content: tricky });
  });

  it('refuses names that are not XML element names and numbers that are not finite', () => {
    expect(() => buildXml({ 'a b': 'x' })).toThrow(TypeError);
    expect(() => buildXml({ '<x>': 'x' })).toThrow(TypeError);
    expect(() => buildXml({ N: Number.NaN })).toThrow(RangeError);
    expect(() => buildXml({ N: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

describe('buildEncryptedReply', () => {
  it('reproduces the OA doc encrypted reply: Encrypt and MsgSignature (vectors B9, B10)', () => {
    const crypto = new WxBizMsgCrypt('A'.repeat(43), 'wxba5fad812f8e6fb9');
    const xml = buildEncryptedReply(crypto, 'AAAAA', '{"demo_resp":"good luck"}', '1713424427', '415670741', Buffer.from('707722b803182950'));
    expect(xml).toBe(
      '<xml><Encrypt><![CDATA[ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==]]></Encrypt>' +
        '<MsgSignature><![CDATA[1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1]]></MsgSignature>' +
        '<TimeStamp>1713424427</TimeStamp><Nonce><![CDATA[415670741]]></Nonce></xml>',
    );
  });

  it('produces an envelope that our own parser and cipher open again', () => {
    const crypto = new WxBizMsgCrypt('Courier0Bot0Safe0Mode0Test0Vector0Key012340', 'wx1234567890abcdef');
    const reply = parseXml(buildEncryptedReply(crypto, 'courierbot2024', '<xml><a>1</a></xml>', '1735689601', '99'), LIMIT);
    expect(reply['MsgSignature']).toBe(sha1Signature('courierbot2024', '1735689601', '99', String(reply['Encrypt'])));
    expect(crypto.decrypt(String(reply['Encrypt'])).message).toBe('<xml><a>1</a></xml>');
  });

  it('refuses a timestamp it could not write bare without changing the signed text', () => {
    const crypto = new WxBizMsgCrypt('A'.repeat(43), 'wxba5fad812f8e6fb9');
    for (const ts of ['0123', '17e8', '', '1.5']) expect(() => buildEncryptedReply(crypto, 'AAAAA', 'x', ts, '1'), ts).toThrow(RangeError);
  });
});
