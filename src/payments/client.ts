// The 商家转账 API client (PROTOCOL.md §7.1): POST /v3/fund-app/mch-transfer/transfer-bills and
// GET …/transfer-bills/out-bill-no/{out_bill_no}. Every request is signed with the merchant key
// (paths are signed relative to the API base, so the backup host or the sandbox sign correctly —
// unlike the library's buildAuthorization, §7.2); every 2xx answer must carry a valid platform
// signature, else its outcome counts as unknown. Timestamps come from the app Clock.
import type { Clock } from '../lib/clock.js';
import { PayApiError, PayUnreachableError } from './errors.js';
import { newNonce, type RequestSigner, type SignedRequest } from './signature.js';
import { platformHeaders, type PlatformVerifier } from './verify.js';
import { BillAnswer, ErrorBody, TRANSFER_BILLS_PATH, billQueryPath, type TransferBillRequest } from './wire.js';

export interface TransferClientOptions {
  apiBase: () => string;
  signer: RequestSigner;
  verifier: PlatformVerifier;
  /** `Wechatpay-Serial` of requests: the platform key id (PUB_KEY_ID_… or certificate serial). */
  platformSerial: string;
  clock: Clock;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export class TransferClient {
  constructor(private readonly o: TransferClientOptions) {}

  /** 发起转账. Any error but a permanent PayApiError leaves the outcome unknown: query before retrying. */
  async create(req: TransferBillRequest): Promise<BillAnswer> {
    const res = await this.call('transfer-bills', { method: 'POST', path: TRANSFER_BILLS_PATH, body: JSON.stringify(req) });
    return res.answer;
  }

  /** 商户单号查询转账单; null when WeChat Pay knows no bill with this number (404 NOT_FOUND). */
  async query(outBillNo: string): Promise<BillAnswer | null> {
    try {
      return (await this.call('transfer-bills/query', { method: 'GET', path: billQueryPath(outBillNo), body: '' })).answer;
    } catch (err) {
      if (err instanceof PayApiError && err.httpStatus === 404 && err.wxCode === 'NOT_FOUND') return null;
      throw err;
    }
  }

  private async call(api: string, r: Pick<SignedRequest, 'method' | 'path' | 'body'>): Promise<{ answer: BillAnswer }> {
    const signed: SignedRequest = { ...r, timestamp: String(Math.floor(this.o.clock.now() / 1000)), nonce: newNonce() };
    let res: Response;
    let raw: Buffer;
    try {
      res = await fetch(`${this.o.apiBase()}${r.path}`, {
        method: r.method,
        headers: {
          authorization: await this.o.signer.authorization(signed),
          accept: 'application/json',
          'user-agent': 'courier-kefu',
          'wechatpay-serial': this.o.platformSerial,
          ...(r.method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(r.method === 'POST' ? { body: r.body } : {}),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      raw = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      const e = err as Error;
      throw new PayUnreachableError(api, e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timed out' : e.message, err);
    }
    if (!res.ok) {
      const body = ErrorBody.safeParse(tryJson(raw));
      throw new PayApiError(api, res.status, body.success ? body.data.code : 'UNKNOWN', body.success ? (body.data.message ?? '') : '');
    }
    try {
      this.o.verifier.verify(platformHeaders(res.headers), raw);
    } catch (err) {
      throw new PayUnreachableError(api, `answer not trusted: ${(err as Error).message}`, err);
    }
    const answer = BillAnswer.safeParse(tryJson(raw));
    if (!answer.success) throw new PayUnreachableError(api, 'answer is not a transfer bill');
    return { answer: answer.data };
  }
}

function tryJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
