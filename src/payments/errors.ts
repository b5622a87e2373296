// Errors of the WeChat Pay v3 API: a non-2xx answer carries `{code, message}` (PROTOCOL.md §7.1).
// `retryable` tells the payout job to back off and — before anything is sent again — query the bill
// by out_bill_no; a permanent refusal is held for a supervisor, never "fixed" with a new bill number.
import { CourierError } from '../domain/errors.js';

// 余额不足 (NOT_ENOUGH) is retried with the same bill once the account is topped up (pay-doc 发起转账).
const RETRYABLE_CODES: ReadonlySet<string> = new Set(['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'NOT_ENOUGH', 'BANK_ERROR']);

export class PayApiError extends CourierError {
  readonly retryable: boolean;

  constructor(
    readonly api: string,
    readonly httpStatus: number,
    readonly wxCode: string,
    readonly wxMessage = '',
  ) {
    super('PAY_API_ERROR', `${api} answered HTTP ${httpStatus} ${wxCode}${wxMessage ? `: ${wxMessage.slice(0, 200)}` : ''}`, 502);
    this.name = 'PayApiError';
    this.retryable = httpStatus >= 500 || httpStatus === 429 || RETRYABLE_CODES.has(wxCode);
  }
}

/** No usable answer: timeout, connection failure, or an answer whose signature does not verify. */
export class PayUnreachableError extends CourierError {
  readonly retryable = true;

  constructor(
    readonly api: string,
    reason: string,
    cause?: unknown,
  ) {
    super('PAY_UNREACHABLE', `${api}: ${reason}`, 503, { cause });
    this.name = 'PayUnreachableError';
  }
}

export const isRetryablePayError = (e: unknown): boolean => (e instanceof PayApiError || e instanceof PayUnreachableError ? e.retryable : true);
