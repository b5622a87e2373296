// Errors of the platform APIs (OA, WeCom, 微信客服 share the `{errcode, errmsg}` shape). The `kind`
// tells the caller what to do, per PROTOCOL.md §3.7: refresh the token once, back off and retry,
// fall back to a template message (window), or give up (permanent). Messages never carry a URL,
// so an access_token in a query string cannot leak into a log line.
import { CourierError } from '../../domain/errors.js';

export type PlatformErrorKind = 'token' | 'retryable' | 'window' | 'permanent';

/** 40001 invalid/not-latest, 40014 invalid, 42001 expired (PROTOCOL.md §3.1, §3.7). */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
/** -1 system busy, 45011 per-minute quota (PROTOCOL.md §3.7). */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45011]);
/** 45015 window closed / unfollowed, 45047 customer-service quota used (PROTOCOL.md §3.2). */
export const WINDOW_ERRCODES: ReadonlySet<number> = new Set([45015, 45047]);

/** The credential endpoints themselves: a 40001 there means a wrong secret, not a stale token. */
const isCredentialApi = (api: string) => /(^|\/)(stable_token|token|gettoken)$/.test(api);

/**
 * Classifies a platform answer. A non-2xx `httpStatus` (the platform answers errors with 200, so
 * this is a gateway or proxy failure) wins: 5xx and 429 are retryable, anything else permanent.
 */
export function classifyErrcode(errcode: number, api = '', httpStatus?: number): PlatformErrorKind {
  if (httpStatus !== undefined && (httpStatus < 200 || httpStatus > 299)) {
    return httpStatus >= 500 || httpStatus === 429 ? 'retryable' : 'permanent';
  }
  if (TOKEN_ERRCODES.has(errcode)) return isCredentialApi(api) ? 'permanent' : 'token';
  if (RETRYABLE_ERRCODES.has(errcode)) return 'retryable';
  if (WINDOW_ERRCODES.has(errcode)) return 'window';
  return 'permanent';
}

export interface PlatformApiErrorInit {
  /** API path without host and `/cgi-bin/`, e.g. `message/custom/send`. */
  api: string;
  errcode: number;
  errmsg: string;
  /** Set when the failure was at HTTP level (non-2xx or unreadable body). */
  httpStatus?: number;
  /** Overrides the classification (e.g. an unreadable 200 body is permanent, not "busy"). */
  kind?: PlatformErrorKind;
  cause?: unknown;
}

/** The platform answered, but not with success. */
export class PlatformApiError extends CourierError {
  readonly api: string;
  readonly errcode: number;
  readonly errmsg: string;
  readonly httpStatus: number | undefined;
  readonly kind: PlatformErrorKind;

  constructor(init: PlatformApiErrorInit) {
    super('PLATFORM_API_ERROR', `${init.api} failed: errcode ${init.errcode} ${init.errmsg}`, 502, {
      cause: init.cause,
    });
    this.name = 'PlatformApiError';
    this.api = init.api;
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.httpStatus = init.httpStatus;
    this.kind = init.kind ?? classifyErrcode(init.errcode, init.api, init.httpStatus);
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}

/** No answer at all: connection refused/reset, DNS failure or timeout. Always retryable. */
export class PlatformUnreachableError extends CourierError {
  readonly kind = 'retryable' as const;
  readonly retryable = true;

  constructor(
    readonly api: string,
    reason: string,
    cause?: unknown,
  ) {
    super('PLATFORM_UNREACHABLE', `${api} unreachable: ${reason}`, 503, { cause });
    this.name = 'PlatformUnreachableError';
  }
}

export const isPlatformApiError = (e: unknown): e is PlatformApiError => e instanceof PlatformApiError;
export const isPlatformUnreachable = (e: unknown): e is PlatformUnreachableError =>
  e instanceof PlatformUnreachableError;
