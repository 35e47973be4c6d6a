import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Gauge, Histogram } from 'prom-client';
import { Errors } from '#common';
import { requestLogger } from '../logging.js';
import { auditResponse, markForAudit } from './audit.js';
import { AUTH_HEADER, type Authenticator } from './authenticator.js';
import { ProtocolError } from './error-response.js';
import { sendError } from './error.filter.js';
import { PROTOCOL_ERRORS } from './http.errors.js';
import { PUBLIC_ROUTE, routePolicy } from './route-policy.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Name of the token that authenticated the request (never the token itself). */
    tokenName?: string;
  }
}

export interface RequestPathOptions {
  readonly authenticator: Authenticator;
  readonly duration: Histogram<'method' | 'route' | 'status'>;
  readonly inFlight: Gauge;
  /** Routes under this path that Nest did not declare (the API docs) are public. */
  readonly docsPath: string;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The request path in Fastify's hooks, ahead of Nest: everything that can refuse a request without
 * its body (unknown route, wrong method, missing or wrong token, account not allowed) answers in
 * `onRequest`, before a byte of the body is read, so a request without a token costs nothing.
 */
export function installRequestPath(fastify: FastifyInstance, options: RequestPathOptions): void {
  const { authenticator, duration, inFlight, docsPath } = options;
  const answered = (): void => inFlight.dec();

  fastify.addHook('onRoute', (route) => {
    if (route.config?.s3apiPolicy === undefined && (route.url === docsPath || route.url.startsWith(`${docsPath}/`))) {
      route.config = { ...route.config, ...PUBLIC_ROUTE };
    }
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    // 'close' comes once per response, sent or cut off; onResponse misses a client that went away.
    inFlight.inc();
    reply.raw.once('close', answered);
    if (request.is404) {
      sendError(request, reply, unmatched(fastify, request, docsPath));
      return;
    }
    const policy = routePolicy(request);
    if (policy.public) {
      done();
      return;
    }
    try {
      const token = authenticator.authenticate(request.headers[AUTH_HEADER]);
      request.tokenName = token.name;
      const account = (request.params as Record<string, string | undefined>).account;
      if (account !== undefined) authenticator.authorizeAccount(token, account);
    } catch (error) {
      sendError(request, reply, error);
      return;
    }
    markForAudit(request, policy);
    done();
  });

  // A client that sends `{"Force": true}` to a key reset or a delete learns at once that the field
  // means nothing, before anything is changed. Then the handler runs with the request's logger as the
  // context of whatever logs through Nest: after the body, whose reading loses the context of the
  // request's start.
  fastify.addHook('preValidation', (request, reply, done) => {
    if (!routePolicy(request).takesBody && hasFields(request.body)) {
      sendError(request, reply, Errors.validation([{ field: 'body', problem: 'this route takes no body' }], 'this route takes no body'));
      return;
    }
    requestLogger.run(request.log, done);
  });

  // On every reply, whoever sends it: CORS preflights are answered before any request hook of ours.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    // Route templates keep the label set bounded; anything unmatched shares one label.
    // Stryker disable next-line StringLiteral: Fastify gives every request it routed its route's url, and is404 covers the rest
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    auditResponse(request, reply);
    done();
  });

  // JSON only (any other media type is a 415). An empty body is no body: a DELETE sent with
  // `Content-Type: application/json` and nothing else is fine; where a route takes a body, an empty
  // one stays an error of its own (InvalidJson).
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request: FastifyRequest, body: string, done) => {
    if (body.length === 0 && !routePolicy(request).takesBody) done(null, undefined);
    else parseJson(request, body, done);
  });
}

/** 405 with `Allow` when the path exists for other methods, 404 otherwise. */
function unmatched(fastify: FastifyInstance, request: FastifyRequest, docsPath: string): ProtocolError {
  const path = request.url.split('?', 1)[0]!;
  const allowed = METHODS.filter((method) => fastify.findRoute({ method, url: path }) !== null);
  if (allowed.length === 0) return new ProtocolError(PROTOCOL_ERRORS.RouteNotFound, `no such route; the API is described at ${docsPath}`);
  return new ProtocolError(PROTOCOL_ERRORS.MethodNotAllowed, `${request.method} is not allowed here; allowed: ${allowed.join(', ')}`, {
    allow: allowed.join(', '),
  });
}

function hasFields(body: unknown): boolean {
  if (body === undefined || body === null) return false;
  return typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length > 0;
}
