import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import { type DomainError, isDomainError, raise } from '#common';
import { HTTP_ERRORS, PROTOCOL_ERRORS, type ProtocolEntry } from './http.errors.js';
import { KIND_STATUS } from './http-status.js';

export interface ErrorResponse {
  readonly status: number;
  readonly body: { Code: string; Message: string; RequestId: string; Details?: { Field: string; Problem: string }[]; Health?: unknown };
  readonly headers: Record<string, string>;
  /** The error is ours to fix (logged with its stack), not the client's. */
  readonly serverFault: boolean;
}

/**
 * An answer about HTTP itself (the method, the media type, the URL, the connection), not about what
 * the request asked for. Its status comes with its code; `headers` go with it (`Allow` on a 405).
 */
export class ProtocolError extends Error {
  constructor(
    readonly entry: ProtocolEntry,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** The code of a client error status Fastify or Nest raised without one of ours (BadRequest for one we have no code for). */
const protocolEntryOf = (status: number): ProtocolEntry =>
  Object.values<ProtocolEntry>(PROTOCOL_ERRORS).find((entry) => entry.status === status) ?? PROTOCOL_ERRORS.BadRequest;

interface FastifyLikeError {
  readonly statusCode?: number;
  readonly code?: string;
}

/** Fastify's own errors (routing, body parsing, content type, size, budget) in the contract's terms. */
function fromFastify(error: FastifyLikeError): DomainError | ProtocolError | undefined {
  // The body stopped half-way: the client went, or the body timeout closed the connection.
  if (error.code === 'ECONNRESET') return new ProtocolError(PROTOCOL_ERRORS.BadRequest, 'the connection closed before the request body was complete');
  if (typeof error.code !== 'string' || !error.code.startsWith('FST_')) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return raise(HTTP_ERRORS.PayloadTooLarge, 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProtocolError(PROTOCOL_ERRORS.UnsupportedMediaType, 'the request body must be JSON, sent with Content-Type: application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProtocolError(PROTOCOL_ERRORS.BadRequest, 'the request body does not have the length its Content-Length header announced');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return raise(HTTP_ERRORS.InvalidJson, 'the request body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return raise(HTTP_ERRORS.InvalidJson, 'the request body is not valid JSON');
    case 'FST_ERR_HANDLER_TIMEOUT':
      return raise(HTTP_ERRORS.RequestTimeout, 'the request took longer than its budget; work already started still completes or is undone');
    case 'FST_ERR_BAD_URL':
      return new ProtocolError(PROTOCOL_ERRORS.BadRequest, 'the URL is not valid (bad percent-encoding)');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ProtocolError(PROTOCOL_ERRORS.UriTooLong, 'a segment of the URL path is longer than any name this API takes');
    default:
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return new ProtocolError(protocolEntryOf(error.statusCode), 'the request cannot be served as sent');
      }
      return undefined;
  }
}

/** The single mapping from anything thrown to the contract's error response. */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  // Nest hands Fastify's own errors (body parsing, size) over wrapped in an HttpException.
  const origin = error instanceof HttpException && error.cause !== undefined ? error.cause : error;
  const fastify = typeof origin === 'object' && origin !== null ? fromFastify(origin as FastifyLikeError) : undefined;
  const known = isDomainError(error) || error instanceof ProtocolError ? error : fastify;
  if (known instanceof ProtocolError) {
    return {
      status: known.entry.status,
      headers: { ...known.headers },
      serverFault: false,
      body: { Code: known.entry.code, Message: known.message, RequestId: requestId },
    };
  }
  const domain = known;
  if (domain) {
    const status = KIND_STATUS[domain.kind];
    const headers: Record<string, string> = {};
    if (domain.kind === 'throttled') headers['retry-after'] = String(domain.retryAfterSeconds ?? 5);
    if (domain.kind === 'unavailable') headers['retry-after'] = String(domain.retryAfterSeconds ?? 10);
    return {
      status,
      headers,
      serverFault: status >= 500,
      body: {
        Code: domain.code,
        Message: domain.message,
        RequestId: requestId,
        ...(domain.details.length > 0 ? { Details: domain.details.map((d) => ({ Field: d.field, Problem: d.problem })) } : {}),
      },
    };
  }
  // Only the health probes raise this (through Terminus): keep the detail of their checks.
  if (error instanceof ServiceUnavailableException) {
    return {
      status: KIND_STATUS[HTTP_ERRORS.NotReady.kind],
      headers: {},
      serverFault: false,
      body: { Code: HTTP_ERRORS.NotReady.code, Message: 'not ready: this process cannot serve in time', RequestId: requestId, Health: error.getResponse() },
    };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const entry = protocolEntryOf(error.getStatus());
    const message = entry === PROTOCOL_ERRORS.RouteNotFound ? 'no such route' : error.message;
    return { status: entry.status, headers: {}, serverFault: false, body: { Code: entry.code, Message: message, RequestId: requestId } };
  }
  return {
    status: 500,
    headers: {},
    serverFault: true,
    body: { Code: 'InternalError', Message: 'an unexpected error occurred', RequestId: requestId },
  };
}
