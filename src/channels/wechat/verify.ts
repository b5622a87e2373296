// Opens an Official Account callback: authenticate, decrypt, parse (PROTOCOL.md §2.1–2.2).
// Cheap checks come first (parameters, replay window, the plain signature) so a forged request
// costs one SHA-1 and never reaches the XML parser or the cipher. Every refusal is a 4xx
// CourierError (401 for authentication, 413 for size, else 400) the plugin logs and answers;
// nothing here has side effects.
import { CourierError } from '../../domain/errors.js';
import type { InboundMessage } from '../../domain/inbound.js';
import type { Clock } from '../../lib/clock.js';
import type { WxBizMsgCrypt } from '../shared/aes.js';
import { assertFreshTimestamp, safeEqualHex, sha1Signature } from '../shared/signature.js';
import { parseXml } from '../shared/xml.js';
import { parseOaMessage } from './parse.js';

export type OaQuery = Record<string, string | undefined>;
export type OaMode = 'plain' | 'compat' | 'safe';

export interface OaCallbackInput {
  query: OaQuery;
  body: string;
  token: string;
  crypto: WxBizMsgCrypt;
  clock: Clock;
  windowSeconds: number;
  maxBytes: number;
}

export interface OaCallback {
  message: InboundMessage;
  /** How the request arrived; in 'safe' mode a passive reply must be encrypted (§2.4). */
  mode: OaMode;
  /** The fields the message was parsed from (decrypted ones when the body was encrypted). */
  fields: Record<string, unknown>;
}

/**
 * POST /wechat. Modes (§2.2):
 * - `encrypt_type=aes`: `msg_signature` over (token, timestamp, nonce, Encrypt) is required and the
 *   decrypted copy is used — the doc says not to rely on `signature` here. A body that also carries
 *   plaintext fields is compat mode on the wire; the plaintext copy is ignored because no signature
 *   covers it. Reported as 'compat' then, else 'safe'.
 * - no `encrypt_type` (or `raw`): the plaintext fields are used, reported as 'compat' when an
 *   Encrypt rides along (it cannot be verified without msg_signature), else 'plain'.
 */
export function openOaCallback(input: OaCallbackInput): OaCallback {
  const { query, token, crypto, maxBytes } = input;
  const { timestamp, nonce } = checkPlainSignature(query, token, input.clock, input.windowSeconds);

  const encryptType = param(query, 'encrypt_type');
  if (encryptType !== undefined && encryptType !== 'aes' && encryptType !== 'raw') {
    throw unauthenticated('unsupported encrypt_type');
  }

  const outer = parseXml(input.body, { maxBytes });
  const hasPlaintext = typeof outer['MsgType'] === 'string';

  if (encryptType !== 'aes') {
    const mode: OaMode = typeof outer['Encrypt'] === 'string' ? 'compat' : 'plain';
    return { message: parseOaMessage(outer), mode, fields: outer };
  }

  const msgSignature = param(query, 'msg_signature');
  if (!msgSignature) throw unauthenticated('encrypt_type=aes without msg_signature');
  const rawEncrypt = outer['Encrypt'];
  if (typeof rawEncrypt !== 'string' || rawEncrypt === '') {
    throw new CourierError('MESSAGE_INVALID', 'encrypt_type=aes but the body has no Encrypt', 400);
  }
  // Restore '+' lost to form decoding before signing, as before decrypting (§1 Gotchas).
  const encrypt = rawEncrypt.replace(/ /g, '+');
  // The signature is checked before decryption so the cipher's error codes are no padding oracle.
  if (!safeEqualHex(sha1Signature(token, timestamp, nonce, encrypt), msgSignature)) {
    throw unauthenticated('msg_signature does not match');
  }
  const { message: innerXml } = crypto.decrypt(encrypt);
  const fields = parseXml(innerXml, { maxBytes });
  return { message: parseOaMessage(fields), mode: hasPlaintext ? 'compat' : 'safe', fields };
}

/**
 * GET /wechat URL verification (§2.1): plain signature, then `echostr` verbatim. The same in every
 * mode — the Official Account's echostr is not encrypted (unlike WeCom's, §10 item 3).
 */
export function verifyOaEcho(query: OaQuery, token: string, clock: Clock, windowSeconds: number): string {
  checkPlainSignature(query, token, clock, windowSeconds);
  const echostr = param(query, 'echostr');
  if (!echostr) throw unauthenticated('echostr is required');
  return echostr;
}

/** `signature` over (token, timestamp, nonce): present in every mode (§2.2, vector B1). */
function checkPlainSignature(query: OaQuery, token: string, clock: Clock, windowSeconds: number) {
  const signature = param(query, 'signature');
  const timestamp = param(query, 'timestamp');
  const nonce = param(query, 'nonce');
  if (!signature || !timestamp || !nonce) {
    throw unauthenticated('signature, timestamp and nonce are required');
  }
  assertFreshTimestamp(timestamp, clock, windowSeconds);
  if (!safeEqualHex(sha1Signature(token, timestamp, nonce), signature)) {
    throw unauthenticated('signature does not match');
  }
  return { timestamp, nonce };
}

/** Every authentication failure is a 401, so WeChat-side and operator logs tell it from bad XML. */
const unauthenticated = (reason: string) => new CourierError('SIGNATURE_INVALID', reason, 401);

/** A single non-empty query value; a repeated parameter (an array at runtime) counts as absent. */
function param(query: OaQuery, name: string): string | undefined {
  const v: unknown = Object.hasOwn(query, name) ? query[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}
