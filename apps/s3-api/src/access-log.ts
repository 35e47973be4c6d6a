import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { routePolicy } from './common/route-policy.js';

/** Query parameters that carry a credential when a client puts one in the URL by mistake. */
const SECRET_QUERY_NAMES = new Set([
  'x-auth-token',
  'auth-token',
  'token',
  'access_token',
  'api_key',
  'apikey',
  'authorization',
  'password',
  'secret',
  'secretaccesskey',
  'sessiontoken',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-credential',
]);

/** The URL with the value of every secret-named query parameter censored. */
export function censorQuery(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return SECRET_QUERY_NAMES.has(decoded(name).toLowerCase()) ? `${name}=[REDACTED]` : pair;
    });
  return `${url.slice(0, start)}?${query.join('&')}`;
}

function decoded(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

/**
 * One access-log line per request, when it completes, with everything the two default lines
 * ("incoming request", "request completed") carried: half the logging work on every request.
 */
export class AccessLog extends LogController {
  /** @param logProbes whether a successful probe (ping, health) gets its line */
  constructor(private readonly logProbes: boolean) {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (!this.logProbes && !error && reply.statusCode < 400 && routePolicy(request).probe) return;
    const line = {
      // Shaped for Fastify's `req` serializer, which reads the client address from `.ip`.
      req: { method: request.method, url: censorQuery(request.url), ip: request.ip },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
