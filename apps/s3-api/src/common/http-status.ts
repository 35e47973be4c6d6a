import type { ErrorKind } from '#common';

/** The one place that turns an error kind into an HTTP status. The compiler checks it is complete. */
export const KIND_STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  throttled: 429,
  internal: 500,
  upstream: 502,
  unavailable: 503,
  timeout: 504,
};
