// Coded errors that callers act on (Fastify's createError habit, STYLE.md §5): tests assert `code`.

export type ErrorCode =
  | 'SIGNATURE_INVALID'
  | 'TIMESTAMP_STALE'
  | 'DECRYPT_FAILED'
  | 'PADDING_INVALID'
  | 'RECEIVE_ID_MISMATCH'
  | 'AES_KEY_INVALID'
  | 'XML_INVALID'
  | 'XML_ENTITY_FORBIDDEN'
  | 'BODY_TOO_LARGE'
  | 'MESSAGE_INVALID'
  | 'PLATFORM_API_ERROR'
  | 'PLATFORM_UNREACHABLE'
  | 'CONFIG_INVALID'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BACKEND_UNAVAILABLE'
  | 'PHONE_INVALID'
  | 'CASE_INVALID'
  | 'CASE_TRANSITION_INVALID'
  | 'CASE_CONFLICT'
  // WeCom task cards (workflows/tasks)
  | 'TASK_INVALID'
  | 'TASK_UNDELIVERED'
  | 'TASK_OWNER_UNKNOWN'
  // WeChat Pay payouts (payments/)
  | 'PAY_SERIAL_UNKNOWN'
  | 'PAY_API_ERROR'
  | 'PAY_UNREACHABLE'
  | 'PAYOUT_INVALID'
  | 'PAYOUT_MISMATCH';

/** A refusal of bad input at the edge: carries the HTTP status to answer and a loggable reason. */
export class CourierError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly statusCode = 400,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CourierError';
  }
}

export const isCourierError = (e: unknown): e is CourierError => e instanceof CourierError;
