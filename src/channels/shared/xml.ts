// The callback XML dialect: a flat `<xml>` root whose children are CDATA strings, bare numbers or
// a few nested groups (ScanCodeInfo, SendPicsInfo…; PROTOCOL.md §2.5–2.6). Parsing refuses
// oversized bodies and any DTD before xml2js sees them; building emits the platform's own layout,
// including the safe-mode passive reply envelope (§2.4).
import { Parser } from 'xml2js';
import { CourierError } from '../../domain/errors.js';
import type { WxBizMsgCrypt } from './aes.js';
import { sha1Signature } from './signature.js';

export interface ParseXmlOptions {
  /** Largest accepted body in UTF-8 bytes. */
  maxBytes: number;
}

/**
 * Parses a callback body and returns the children of its `<xml>` root. Repeated elements become
 * arrays, nested elements objects, text is trimmed; attributes are ignored (the platform sends none).
 */
export function parseXml(body: string, opts: ParseXmlOptions): Record<string, unknown> {
  if (Buffer.byteLength(body, 'utf8') > opts.maxBytes) {
    throw new CourierError('BODY_TOO_LARGE', `XML body exceeds ${opts.maxBytes} bytes`, 413);
  }
  // No callback XML ever carries a DTD; refusing one outright rules out XXE and entity expansion
  // ("billion laughs") whatever the parser would do with it.
  if (declaresDtd(body)) {
    throw new CourierError('XML_ENTITY_FORBIDDEN', 'XML with DOCTYPE or ENTITY declarations is refused', 400);
  }

  const parser = new Parser({ explicitArray: false, explicitRoot: true, trim: true, ignoreAttrs: true, strict: true });
  // Our own listeners instead of parseString's callback: the callback fires at the first closing
  // root tag and hides what follows (a second root, trailing text); these see every end and error.
  const roots: unknown[] = [];
  let failure: unknown;
  parser.on('end', (result: unknown) => roots.push(result));
  parser.on('error', (err: unknown) => {
    failure ??= err;
  });
  try {
    parser.parseString(body);
  } catch (err) {
    failure ??= err;
  }
  if (failure !== undefined || roots.length !== 1) {
    throw new CourierError('XML_INVALID', 'body is not well-formed XML', 400, { cause: failure });
  }

  const doc = roots[0];
  if (!isRecord(doc)) throw new CourierError('XML_INVALID', 'body has no root element', 400);
  if (!Object.hasOwn(doc, 'xml')) {
    throw new CourierError('XML_INVALID', 'XML root element must be <xml>', 400);
  }
  const root = doc['xml'];
  if (root === '') return {}; // `<xml></xml>`: no fields; the message parser reports what is missing
  if (!isRecord(root)) throw new CourierError('XML_INVALID', '<xml> root holds text instead of elements', 400);
  return root;
}

/**
 * True when the body has a `<!DOCTYPE` or `<!ENTITY` outside comments, CDATA sections and
 * processing instructions (case-insensitive, as sax matches them). Skipping those three the way the
 * parser does means a customer may type "<!DOCTYPE html>" into a text message (it arrives inside
 * CDATA) while a real declaration can never hide from this scan.
 */
function declaresDtd(body: string): boolean {
  const skips: ReadonlyArray<readonly [open: string, close: string]> = [
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
    ['<?', '?>'],
  ];
  let i = body.indexOf('<');
  scan: while (i !== -1) {
    const head = body.slice(i, i + 9).toUpperCase();
    for (const [open, close] of skips) {
      if (head.startsWith(open)) {
        const end = body.indexOf(close, i + open.length);
        if (end === -1) return false; // unterminated: everything after is inert, and the parser refuses it
        i = body.indexOf('<', end + close.length);
        continue scan;
      }
    }
    if (head.startsWith('<!DOCTYPE') || head.startsWith('<!ENTITY')) return true;
    i = body.indexOf('<', i + 1);
  }
  return false;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A value `buildXml` can write: strings become CDATA, numbers and bigints bare text (bigint carries
 * 64-bit ids such as MsgId exactly), arrays repeat the element, objects nest.
 */
export type XmlValue = string | number | bigint | readonly XmlValue[] | { readonly [name: string]: XmlValue };
export type XmlFields = Readonly<Record<string, XmlValue>>;

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Builds `<xml>…</xml>` in field order, without whitespace between elements (as the platform does). */
export function buildXml(fields: XmlFields): string {
  return `<xml>${elements(fields)}</xml>`;
}

function elements(fields: XmlFields): string {
  let out = '';
  for (const [name, value] of Object.entries(fields)) {
    if (!XML_NAME.test(name)) throw new TypeError(`not an XML element name: ${JSON.stringify(name)}`);
    const values: readonly XmlValue[] = Array.isArray(value) ? value : [value as XmlValue];
    for (const v of values) out += `<${name}>${content(v)}</${name}>`;
  }
  return out;
}

function content(value: XmlValue): string {
  if (typeof value === 'string') return cdata(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('XML numbers must be finite');
    return String(value);
  }
  if (Array.isArray(value)) throw new TypeError('nested arrays have no XML form; wrap them in an element');
  return elements(value as XmlFields);
}

/** CDATA cannot contain `]]>`; split it across two sections so the text survives byte for byte. */
const cdata = (text: string) => `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/**
 * The safe-mode passive reply (PROTOCOL.md §2.4): the whole plaintext reply XML encrypted with the
 * AppID as receive-id, signed over (token, TimeStamp, Nonce, Encrypt). TimeStamp is written bare,
 * so it must be a canonical integer string — the signature covers the exact characters.
 */
export function buildEncryptedReply(
  crypto: WxBizMsgCrypt,
  token: string,
  plaintextXml: string,
  timestamp: string,
  nonce: string,
  random?: Buffer,
): string {
  if (!/^(0|[1-9]\d{0,11})$/.test(timestamp)) throw new RangeError('timestamp must be a canonical integer string');
  const encrypted = crypto.encrypt(plaintextXml, random);
  return buildXml({
    Encrypt: encrypted,
    MsgSignature: sha1Signature(token, timestamp, nonce, encrypted),
    TimeStamp: Number(timestamp),
    Nonce: nonce,
  });
}
