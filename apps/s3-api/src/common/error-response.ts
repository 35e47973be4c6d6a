import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import { DomainError, isDomainError } from '#common';
import { KIND_STATUS } from './http-status.js';

export interface ErrorResponse {
  readonly status: number;
  readonly body: { Code: string; Message: string; RequestId: string; Details?: { Field: string; Problem: string }[]; Health?: unknown };
  readonly headers: Record<string, string>;
  /** The error is ours to fix (logged with its stack), not the client's. */
  readonly serverFault: boolean;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BadRequest',
  404: 'RouteNotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'Throttled',
};

interface FastifyLikeError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
}

/** Fastify's own errors (body parsing, content type, size) become the same JSON error body. */
function fromFastify(error: FastifyLikeError): DomainError | undefined {
  if (typeof error.code !== 'string' || !error.code.startsWith('FST_')) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('payload_too_large', 'PayloadTooLarge', 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('invalid', 'InvalidJson', 'the request body must be JSON (Content-Type: application/json)');
    case 'FST_ERR_HANDLER_TIMEOUT':
      return new DomainError('timeout', 'RequestTimeout', 'the request took longer than its budget; work already started still completes or is undone');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('invalid', 'InvalidJson', 'the request body is empty; send a JSON object');
    default:
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return new DomainError('invalid', 'InvalidJson', 'the request body is not valid JSON');
      }
      return undefined;
  }
}

/** The single mapping from anything thrown to the contract's error response. */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  // Nest hands Fastify's own errors (body parsing, size) over wrapped in an HttpException.
  const origin = error instanceof HttpException && error.cause !== undefined ? error.cause : error;
  const fastify = typeof origin === 'object' && origin !== null ? fromFastify(origin as FastifyLikeError) : undefined;
  const domain = isDomainError(error) ? error : fastify;
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
  // Only the readiness probe raises this (through Terminus): keep its per-account detail.
  if (error instanceof ServiceUnavailableException) {
    return {
      status: 503,
      headers: {},
      serverFault: false,
      body: { Code: 'NotReady', Message: 'not ready: an account cannot be reached', RequestId: requestId, Health: error.getResponse() },
    };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const message = status === 404 ? 'no such route' : error.message;
    return { status, headers: {}, serverFault: false, body: { Code: HTTP_CODES[status] ?? 'BadRequest', Message: message, RequestId: requestId } };
  }
  return {
    status: 500,
    headers: {},
    serverFault: true,
    body: { Code: 'InternalError', Message: 'an unexpected error occurred', RequestId: requestId },
  };
}
