// Opens a 微信客服 callback (`GET/POST /wecom/kf`). The scheme is WeCom's (PROTOCOL.md §4.2) with
// the CorpID as receive-id (§1): `msg_signature` = sha1(sort(token, timestamp, nonce, cipher)), the
// cipher being `echostr` (GET) or the body's `Encrypt` (POST). The POST plaintext is only a nudge,
// `Event=kf_msg_or_event` with a sync Token and the OpenKfId — never the message itself (§5.1).
// Every refusal is a 4xx CourierError; nothing here has side effects.
import { CourierError } from '../../domain/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { WxBizMsgCrypt } from '../shared/aes.js';
import { assertFreshTimestamp, safeEqualHex, sha1Signature } from '../shared/signature.js';
import { parseXml } from '../shared/xml.js';

export type KfQuery = Record<string, string | undefined>;

export interface KfVerifyOptions {
  /** The callback Token configured for 微信客服 (not an access_token). */
  token: string;
  /** Built with the CorpID as receive-id. */
  crypto: WxBizMsgCrypt;
  clock: Clock;
  windowSeconds: number;
}

/** "There are new messages for this account; pull them with this Token (valid 10 min)." */
export interface KfNudge {
  kind: 'nudge';
  openKfId: string;
  syncToken: string;
  /** Seconds, as sent; undefined when absent. */
  createTime?: number;
}

/** Anything else that reached the kf callback URL: acknowledged, never retried (§4.2). */
export interface KfIgnored {
  kind: 'ignored';
  msgType: string;
  event?: string;
}

export type KfCallback = KfNudge | KfIgnored;

const OPEN_KFID = /^[A-Za-z0-9_-]{1,64}$/;
/** sync_msg `token` is ≤128 bytes (§5.2); printable ASCII without spaces. */
const SYNC_TOKEN = /^[\x21-\x7e]{1,128}$/;

/** GET /wecom/kf: verify over the URL-decoded echostr, answer its decrypted plaintext (§4.2, §10.3). */
export function verifyKfEcho(query: KfQuery, o: KfVerifyOptions): string {
  const { timestamp, nonce, signature } = authParams(query, o);
  const echostr = param(query, 'echostr');
  if (!echostr) throw unauthenticated('echostr is required');
  // Form decoding turns a raw '+' into a space; restore it before signing and decrypting (§1, §10.5).
  const cipher = echostr.replace(/ /g, '+');
  checkSignature(o.token, timestamp, nonce, cipher, signature);
  return o.crypto.decrypt(cipher).message;
}

/** POST /wecom/kf: authenticate, decrypt (receive-id = CorpID) and read the nudge. */
export function openKfCallback(input: KfVerifyOptions & { query: KfQuery; body: string; maxBytes: number }): KfCallback {
  const { timestamp, nonce, signature } = authParams(input.query, input);
  const outer = parseXml(input.body, { maxBytes: input.maxBytes });
  const raw = outer['Encrypt'];
  if (typeof raw !== 'string' || raw === '') throw invalid('body has no Encrypt');
  const encrypt = raw.replace(/ /g, '+');
  // Signature before decryption, so the cipher's error codes are no padding oracle.
  checkSignature(input.token, timestamp, nonce, encrypt, signature);
  const fields = parseXml(input.crypto.decrypt(encrypt).message, { maxBytes: input.maxBytes });
  return readNudge(fields);
}

function readNudge(f: Record<string, unknown>): KfCallback {
  const msgType = text(f, 'MsgType');
  if (!msgType) throw invalid('MsgType is required');
  const event = text(f, 'Event');
  if (msgType.toLowerCase() !== 'event' || event?.toLowerCase() !== 'kf_msg_or_event') {
    return { kind: 'ignored', msgType, ...(event ? { event } : {}) };
  }
  const openKfId = text(f, 'OpenKfId');
  const syncToken = text(f, 'Token');
  if (!openKfId || !OPEN_KFID.test(openKfId)) throw invalid('kf_msg_or_event without a valid OpenKfId');
  if (!syncToken || !SYNC_TOKEN.test(syncToken)) throw invalid('kf_msg_or_event without a valid Token');
  const createTime = text(f, 'CreateTime');
  if (createTime !== undefined && !/^\d{1,12}$/.test(createTime)) throw invalid('CreateTime is not an integer');
  return { kind: 'nudge', openKfId, syncToken, ...(createTime ? { createTime: Number(createTime) } : {}) };
}

function authParams(query: KfQuery, o: KfVerifyOptions) {
  const signature = param(query, 'msg_signature');
  const timestamp = param(query, 'timestamp');
  const nonce = param(query, 'nonce');
  if (!signature || !timestamp || !nonce) throw unauthenticated('msg_signature, timestamp and nonce are required');
  // The replay window: a signature alone never expires.
  assertFreshTimestamp(timestamp, o.clock, o.windowSeconds);
  return { signature, timestamp, nonce };
}

function checkSignature(token: string, timestamp: string, nonce: string, cipher: string, signature: string): void {
  if (!safeEqualHex(sha1Signature(token, timestamp, nonce, cipher), signature)) {
    throw unauthenticated('msg_signature does not match');
  }
}

const unauthenticated = (reason: string) => new CourierError('SIGNATURE_INVALID', reason, 401);
const invalid = (reason: string) => new CourierError('MESSAGE_INVALID', reason, 400);

/** A single non-empty query value; a repeated parameter (an array at runtime) counts as absent. */
function param(query: KfQuery, name: string): string | undefined {
  const v: unknown = Object.hasOwn(query, name) ? query[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function text(f: Record<string, unknown>, name: string): string | undefined {
  const v = Object.hasOwn(f, name) ? f[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}
