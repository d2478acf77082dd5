/** The closed set of things that can go wrong, each with its one HTTP status. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  /** A path that names no endpoint (Zendesk's InvalidEndpoint), told apart from an unknown record. */
  invalid_endpoint: 404,
  conflict: 409,
  /** A safe update whose ticket changed since the client read it (Zendesk's UpdateConflict). */
  update_conflict: 409,
  record_invalid: 422,
  /** A parameter out of its allowed range, in Zendesk's `InvalidValue` shape (an export's too recent start_time). */
  invalid_value: 422,
  rate_limited: 429,
  /** The database could not take a lock in time; nothing changed, and a retry will do. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field-level reasons, in Zendesk's `details` shape: `{ field: [{ description }] }`. */
export type ErrorDetails = Record<string, { description: string }[]>;

/**
 * The one error class. `message` is shown to the caller, so it must never contain
 * another person's data; code decides the status, never the message text.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A 429 that says, in seconds, when the caller may try again (the Retry-After header). */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message);
  }
}

/** A 422 with one field's reason, the shape Zendesk clients expect. */
export function invalidField(field: string, description: string): AppError {
  return new AppError('record_invalid', 'Record validation errors', { [field]: [{ description }] });
}

export function notFound(what = 'Not found'): AppError {
  return new AppError('not_found', what);
}

export function forbidden(reason: string): AppError {
  return new AppError('forbidden', reason);
}
