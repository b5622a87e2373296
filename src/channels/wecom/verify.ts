// Opens a WeCom app callback (PROTOCOL.md §4.2): GET URL verification and encrypted POSTs. Unlike
// the Official Account, WeCom signs every request with `msg_signature` over (token, timestamp,
// nonce, echostr|Encrypt), and even the GET echostr is encrypted (§10 item 3). Cheap checks come
// first (parameters, replay window, signature), so a forged request never reaches the XML parser
// or the cipher; the cipher checks the trailing CorpID (§1, §10 item 2). Nothing here has side
// effects; every refusal is a 4xx CourierError.
import { CourierError } from '../../domain/errors.js';
import type { StaffEvent } from '../../domain/staff.js';
import type { Clock } from '../../lib/clock.js';
import type { WxBizMsgCrypt } from '../shared/aes.js';
import { assertFreshTimestamp, safeEqualHex, sha1Signature } from '../shared/signature.js';
import { parseXml } from '../shared/xml.js';
import { parseWecomEvent } from './parse.js';

export type WecomQuery = Record<string, string | undefined>;

export interface WecomAuth {
  token: string;
  /** Made with the CorpID as receive-id. */
  crypto: WxBizMsgCrypt;
  clock: Clock;
  windowSeconds: number;
}

export interface WecomCallback {
  event: StaffEvent;
  /** The decrypted fields the event was parsed from. */
  fields: Record<string, unknown>;
}

/**
 * GET /wecom: returns the decrypted echostr, to be answered as-is (no quotes, BOM or newline)
 * within 1 s (§4.2). The value must be URL-decoded before signing and decrypting, and a `+` that a
 * form decoder turned into a space is restored first (§1 Gotchas, §10 item 5).
 */
export function verifyWecomEcho(query: WecomQuery, auth: WecomAuth): string {
  const raw = param(query, 'echostr');
  if (!raw) throw unauthenticated('echostr is required');
  const echostr = raw.replace(/ /g, '+');
  checkSignature(query, auth, echostr);
  return auth.crypto.decrypt(echostr).message;
}

/** POST /wecom: `<xml><ToUserName/><AgentID/><Encrypt/></xml>`, signed over the Encrypt value. */
export function openWecomCallback(query: WecomQuery, body: string, auth: WecomAuth & { maxBytes: number }): WecomCallback {
  // The signed Encrypt value is in the body, so the envelope (size-limited, DTD refused) is parsed
  // first; the window is checked before that, and the cipher is reached only with a valid signature.
  assertFreshTimestamp(requireParams(query).timestamp, auth.clock, auth.windowSeconds);
  const outer = parseXml(body, { maxBytes: auth.maxBytes });
  const rawEncrypt = outer['Encrypt'];
  if (typeof rawEncrypt !== 'string' || rawEncrypt === '') {
    throw new CourierError('MESSAGE_INVALID', 'body has no Encrypt', 400);
  }
  const encrypt = rawEncrypt.replace(/ /g, '+');
  checkSignature(query, auth, encrypt);
  const { message } = auth.crypto.decrypt(encrypt);
  const fields = parseXml(message, { maxBytes: auth.maxBytes });
  return { event: parseWecomEvent(fields), fields };
}

function checkSignature(query: WecomQuery, auth: WecomAuth, signed: string): void {
  const { timestamp, nonce, signature } = requireParams(query);
  assertFreshTimestamp(timestamp, auth.clock, auth.windowSeconds);
  if (!safeEqualHex(sha1Signature(auth.token, timestamp, nonce, signed), signature)) {
    throw unauthenticated('msg_signature does not match');
  }
}

function requireParams(query: WecomQuery) {
  const signature = param(query, 'msg_signature');
  const timestamp = param(query, 'timestamp');
  const nonce = param(query, 'nonce');
  if (!signature || !timestamp || !nonce) throw unauthenticated('msg_signature, timestamp and nonce are required');
  return { signature, timestamp, nonce };
}

/** Authentication failures are 401, so logs tell them apart from malformed bodies (400). */
const unauthenticated = (reason: string) => new CourierError('SIGNATURE_INVALID', reason, 401);

/** A single non-empty query value; a repeated parameter (an array at runtime) counts as absent. */
function param(query: WecomQuery, name: string): string | undefined {
  const v: unknown = Object.hasOwn(query, name) ? query[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}
