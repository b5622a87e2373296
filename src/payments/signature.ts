// WeChat Pay v3 signatures (PROTOCOL.md §7.1). Requests: SHA256withRSA with the merchant key over
// `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` in the header `Authorization:
// WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"` — built
// with wechatpay-node-v3's public getSignature/getAuthorization, which are correct for this (§7.2,
// §8 "Library checks"). Notifications and answers: RSA-SHA256 by the platform over
// `TIMESTAMP\nNONCE\nBODY\n` on the raw body bytes, verified here with node:crypto.
import { createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import type Pay from 'wechatpay-node-v3';

export const AUTH_TYPE = 'WECHATPAY2-SHA256-RSA2048';
/** WeChat Pay injects probes whose signature starts with this; they must fail verification. */
export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';

export interface SignedRequest {
  method: 'GET' | 'POST';
  /** Path and query relative to the API host, e.g. `/v3/fund-app/mch-transfer/transfer-bills`. */
  path: string;
  /** The exact bytes sent; '' for GET. */
  body: string;
  timestamp: string;
  nonce: string;
}

/** The string a request signature covers (GET: empty body, so it ends in `\n\n`). */
export const requestMessage = (r: SignedRequest) => `${r.method}\n${r.path}\n${r.timestamp}\n${r.nonce}\n${r.body}\n`;

/** `TIMESTAMP\nNONCE\nBODY\n` over the raw bytes of a notification or an answer. */
export const responseMessage = (timestamp: string, nonce: string, body: Buffer | string): Buffer =>
  Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), Buffer.from('\n')]);

export const newNonce = () => randomBytes(16).toString('hex').toUpperCase();

/** Signs merchant requests; the private key stays inside the library instance. */
export class RequestSigner {
  private pay?: Promise<Pay>;

  constructor(private readonly o: { appId: string; mchId: string; serial: string; privateKey: KeyObject }) {}

  /** The base64 signature of `requestMessage(r)`. */
  async signature(r: SignedRequest): Promise<string> {
    // getSignature appends `BODY\n` only for a non-empty body and `\n` for GET: right for GET and a
    // JSON POST, wrong for an empty POST body, which we never send.
    if (r.method === 'POST' && !r.body) throw new Error('a POST needs a body to be signed correctly');
    return (await this.library()).getSignature(r.method, r.nonce, r.timestamp, r.path, r.method === 'GET' ? undefined : r.body);
  }

  async authorization(r: SignedRequest): Promise<string> {
    return (await this.library()).getAuthorization(r.nonce, r.timestamp, await this.signature(r));
  }

  // Loaded on the first payout, not at startup (the library pulls in superagent).
  private library(): Promise<Pay> {
    this.pay ??= import('wechatpay-node-v3').then(({ default: Library }) => {
      const pem = (k: KeyObject, type: 'pkcs8' | 'spki') => Buffer.from(k.export({ type, format: 'pem' }));
      // `publicKey` is only used by the library to derive serial_no from a certificate; serial_no is given.
      return new Library({ appid: this.o.appId, mchid: this.o.mchId, serial_no: this.o.serial, publicKey: pem(createPublicKey(this.o.privateKey), 'spki'), privateKey: pem(this.o.privateKey, 'pkcs8') });
    });
    return this.pay;
  }
}

/** The platform's side (sandbox, tests): base64 RSA-SHA256 of `message`. */
export const signMessage = (privateKey: KeyObject, message: Buffer | string): string =>
  sign('sha256', Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8'), privateKey).toString('base64');

export function verifyMessage(publicKey: KeyObject, message: Buffer | string, signatureB64: string): boolean {
  if (signatureB64.startsWith(SIGNTEST_PREFIX) || !/^[A-Za-z0-9+/]+={0,2}$/.test(signatureB64)) return false;
  try {
    return verify('sha256', Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8'), publicKey, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

/** Parses `WECHATPAY2-SHA256-RSA2048 k="v",…` (the sandbox checks merchant requests with it). */
export function parseAuthorization(header: string): Record<string, string> | null {
  if (!header.startsWith(`${AUTH_TYPE} `)) return null;
  const out: Record<string, string> = {};
  for (const m of header.slice(AUTH_TYPE.length + 1).matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}
