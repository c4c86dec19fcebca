// The portal's one error class. Services throw it; routes turn it into
// {"error":{"code","message","fields"?}} with the status below; pages show the localised message.

export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  JSON_TOO_DEEP: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  CALL_CLOSED: 403,
  ACCOUNT_DISABLED: 403,
  REVIEW_NOT_OPEN: 403,
  DECLARATION_REQUIRED: 403,
  EMAIL_NOT_VERIFIED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CALL_NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  EMAIL_TAKEN: 409,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  TOKEN_INVALID: 400,
  TOKEN_EXPIRED: 410,
  TOKEN_USED: 410,
  PAYLOAD_TOO_LARGE: 413,
  DRAFT_QUOTA_EXCEEDED: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  CONSENT_OUTDATED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  /** Values for a field message's placeholders, by field (e.g. { file: { found: "word/vbaProject.bin" } }). */
  readonly fieldParams?: Record<string, Record<string, string>>;
  readonly retryAfterSeconds?: number;
  /** Server-side facts about the refusal (e.g. how late a write was); never sent to clients. */
  readonly detail?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    opts: { message?: string; fields?: Record<string, string>; fieldParams?: Record<string, Record<string, string>>; retryAfterSeconds?: number; detail?: Record<string, unknown> } = {},
  ) {
    super(opts.message ?? code);
    this.code = code;
    this.fields = opts.fields;
    this.fieldParams = opts.fieldParams;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.detail = opts.detail;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
