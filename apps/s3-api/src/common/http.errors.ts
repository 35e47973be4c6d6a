import { errorTable } from '#common';

/** What the HTTP edge answers before a route's own work: the token, the account, the body, the budget, readiness. */
export const HTTP_ERRORS = errorTable({
  Unauthorized: { kind: 'unauthorized', summary: 'The X-Auth-Token header is missing or holds no valid token' },
  AccountNotAllowed: { kind: 'forbidden', summary: 'The token may not use this account' },
  InvalidJson: { kind: 'invalid', summary: 'The request body is missing, empty or not JSON' },
  PayloadTooLarge: { kind: 'payload_too_large', summary: 'The request body is larger than the server accepts' },
  RequestTimeout: { kind: 'timeout', summary: 'The request took longer than its budget; work already started still completes or is undone' },
  NotReady: { kind: 'unavailable', summary: 'This process cannot serve in time (its event loop lags); another replica can' },
});

/** An answer about HTTP itself: its status is its own, not a kind's (see ProtocolError). */
export interface ProtocolEntry {
  readonly code: string;
  readonly status: number;
  readonly summary: string;
}

export const PROTOCOL_ERRORS = {
  BadRequest: { code: 'BadRequest', status: 400, summary: 'The request cannot be served as sent (a malformed URL, a body shorter than announced)' },
  RouteNotFound: { code: 'RouteNotFound', status: 404, summary: 'No route has this path' },
  MethodNotAllowed: { code: 'MethodNotAllowed', status: 405, summary: 'The path exists, not with this method; Allow lists those it takes' },
  NotAcceptable: { code: 'NotAcceptable', status: 406, summary: 'The route cannot answer in a media type the Accept header allows' },
  ClientTimeout: { code: 'ClientTimeout', status: 408, summary: 'The request arrived too slowly' },
  UriTooLong: { code: 'UriTooLong', status: 414, summary: 'A segment of the URL path is longer than any name this API takes' },
  UnsupportedMediaType: { code: 'UnsupportedMediaType', status: 415, summary: 'The body is not sent as Content-Type: application/json' },
  HeadersTooLarge: { code: 'HeadersTooLarge', status: 431, summary: 'The request headers are too large' },
} as const satisfies Readonly<Record<string, ProtocolEntry>>;
