import type { ModelError } from './generated/models/index.js';

/** The `x-ratelimit-*` headers; `undefined` for a limit the key does not have. */
export interface RateLimit {
  limitRequests?: number;
  remainingRequests?: number;
  resetRequests?: string;
  limitTokens?: number;
  remainingTokens?: number;
  resetTokens?: string;
}

export function rateLimitOf(headers: Headers): RateLimit {
  const int = (name: string) => {
    const value = headers.get(name);
    return value === null || value === '' || Number.isNaN(Number(value)) ? undefined : Number(value);
  };
  return {
    limitRequests: int('x-ratelimit-limit-requests'),
    remainingRequests: int('x-ratelimit-remaining-requests'),
    resetRequests: headers.get('x-ratelimit-reset-requests') ?? undefined,
    limitTokens: int('x-ratelimit-limit-tokens'),
    remainingTokens: int('x-ratelimit-remaining-tokens'),
    resetTokens: headers.get('x-ratelimit-reset-tokens') ?? undefined,
  };
}

/** Seconds the server asked to wait: `retry-after-ms` (preferred, as OpenAI's SDKs do), else `retry-after`. */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const millis = headers.get('retry-after-ms');
  if (millis !== null && millis !== '' && !Number.isNaN(Number(millis))) {
    return Math.max(0, Number(millis) / 1000);
  }
  const value = headers.get('retry-after');
  if (value === null || value === '') {
    return undefined;
  }
  if (!Number.isNaN(Number(value))) {
    return Math.max(0, Number(value));
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** Base of every error this SDK throws. */
export class NovAIError extends Error {
  override name = 'NovAIError';
}

/** The request got no HTTP answer (connection refused or reset, DNS). */
export class APIConnectionError extends NovAIError {
  override name = 'APIConnectionError';
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No (complete) answer within the client's timeout. */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
  constructor(message = 'Request timed out.') {
    super(message);
  }
}

/** An HTTP error answer; `error` is OpenAI's error object (`message`, `type`, `param`, `code`). */
export class APIStatusError extends NovAIError {
  override name = 'APIStatusError';
  readonly requestId: string | undefined;
  readonly code: string | null | undefined;
  readonly type: string | undefined;
  readonly param: string | null | undefined;

  constructor(readonly status: number, readonly error: ModelError | undefined, readonly body: unknown,
              readonly headers: Headers) {
    super(`${status} ${error?.message ?? 'HTTP error'}`);
    this.requestId = headers.get('x-request-id') ?? undefined;
    this.code = error?.code;
    this.type = error?.type;
    this.param = error?.param;
  }
}

export class BadRequestError extends APIStatusError { override name = 'BadRequestError'; }
export class AuthenticationError extends APIStatusError { override name = 'AuthenticationError'; }
export class PermissionDeniedError extends APIStatusError { override name = 'PermissionDeniedError'; }
export class NotFoundError extends APIStatusError { override name = 'NotFoundError'; }
export class ConflictError extends APIStatusError { override name = 'ConflictError'; }
export class UnprocessableEntityError extends APIStatusError { override name = 'UnprocessableEntityError'; }
export class InternalServerError extends APIStatusError { override name = 'InternalServerError'; }

/** 429: the key's RPM/TPM limit (`code: 'rate_limit_exceeded'`) or budget (`'insufficient_quota'`). */
export class RateLimitError extends APIStatusError {
  override name = 'RateLimitError';
  /** Seconds the server asked to wait (`retry-after-ms`, else `retry-after`). */
  readonly retryAfter: number | undefined;
  readonly rateLimit: RateLimit;

  constructor(status: number, error: ModelError | undefined, body: unknown, headers: Headers) {
    super(status, error, body, headers);
    this.retryAfter = retryAfterSeconds(headers);
    this.rateLimit = rateLimitOf(headers);
  }
}

/** An `error` event in the middle of a stream (after the 200 was sent). */
export class APIStreamError extends NovAIError {
  override name = 'APIStreamError';
  constructor(readonly error: ModelError | undefined, readonly body: unknown, readonly requestId: string | undefined) {
    super(error?.message ?? 'stream error');
  }
}

export function statusError(status: number, body: unknown, headers: Headers): APIStatusError {
  const error = typeof body === 'object' && body !== null && 'error' in body
    ? (body as { error: ModelError }).error : undefined;
  switch (status) {
    case 400: return new BadRequestError(status, error, body, headers);
    case 401: return new AuthenticationError(status, error, body, headers);
    case 403: return new PermissionDeniedError(status, error, body, headers);
    case 404: return new NotFoundError(status, error, body, headers);
    case 409: return new ConflictError(status, error, body, headers);
    case 422: return new UnprocessableEntityError(status, error, body, headers);
    case 429: return new RateLimitError(status, error, body, headers);
    default:
      return status >= 500 ? new InternalServerError(status, error, body, headers)
        : new APIStatusError(status, error, body, headers);
  }
}
