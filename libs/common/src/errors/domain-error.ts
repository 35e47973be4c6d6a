/**
 * What went wrong, in terms a client can act on. The HTTP layer maps each kind to exactly one
 * status (see the exception filter); services and gateways only ever pick a kind and a stable code.
 */
export const ERROR_KINDS = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_failed',
  'payload_too_large',
  'throttled',
  'timeout',
  'unavailable',
  'upstream',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** One offending field of a rejected request. */
export interface ErrorDetail {
  readonly field: string;
  readonly problem: string;
}

export interface DomainErrorOptions {
  readonly details?: readonly ErrorDetail[];
  /** For `throttled`: how long the client should wait before trying again. */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

export class DomainError extends Error {
  readonly details: readonly ErrorDetail[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly kind: ErrorKind,
    /** Stable, documented, PascalCase: clients switch on it. */
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
