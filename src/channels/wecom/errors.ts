// WeCom's reading of `{errcode, errmsg}` (PROTOCOL.md §4.6; match on errcode, never errmsg). It
// differs from the Official Account's (§3.7) where it matters to a caller: 45009 is a frequency
// limit here (back off and retry), not a daily quota; 40001 means a wrong secret, not a stale
// token; and there is no 48-hour window.
import { PlatformApiError, type PlatformErrorKind } from '../shared/api-error.js';

/** 40014 invalid access_token, 42001 expired: refresh once and retry (§4.1, §4.6). */
export const WECOM_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001]);
/** -1 system busy (retry ≤3 per doc), 45009 rate limit (§4.6, §4.5 robots 20/min). */
export const WECOM_RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009]);

/** Named codes callers act on: every other non-zero code is permanent. */
export const WECOM_ERRCODES = {
  busy: -1,
  invalidSecret: 40001,
  invalidCorpId: 40013,
  invalidToken: 40014,
  tokenExpired: 42001,
  rateLimited: 45009,
  /** All recipients invalid (§4.3). */
  allRecipientsInvalid: 81013,
  /** task_id duplicate or invalid (§4.3). */
  taskIdInvalid: 42014,
  /** Group robot key invalid (⚠ §4.5). */
  robotKeyInvalid: 93000,
} as const;

const isCredentialApi = (api: string) => /(^|\/)gettoken$/.test(api);

export function classifyWecomErrcode(errcode: number, api = '', httpStatus?: number): PlatformErrorKind {
  if (httpStatus !== undefined && (httpStatus < 200 || httpStatus > 299)) {
    return httpStatus >= 500 || httpStatus === 429 ? 'retryable' : 'permanent';
  }
  if (WECOM_TOKEN_ERRCODES.has(errcode)) return isCredentialApi(api) ? 'permanent' : 'token';
  if (WECOM_RETRYABLE_ERRCODES.has(errcode)) return 'retryable';
  return 'permanent';
}

/**
 * Re-reads an error the shared HTTP helpers classified the OA way. errcode -1 is left alone: a
 * real "busy" is retryable either way, and an unreadable body carries -1 with an explicit
 * 'permanent' that must stay. Anything that is not a PlatformApiError passes through.
 */
export function asWecomError(e: unknown): unknown {
  if (!(e instanceof PlatformApiError) || e.errcode === -1) return e;
  const kind = classifyWecomErrcode(e.errcode, e.api, e.httpStatus);
  if (kind === e.kind) return e;
  return new PlatformApiError({ api: e.api, errcode: e.errcode, errmsg: e.errmsg, httpStatus: e.httpStatus, kind, cause: e.cause });
}
