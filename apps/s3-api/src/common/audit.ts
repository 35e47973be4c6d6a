import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePolicy } from './route-policy.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AuditRecord {
  readonly action: string;
  readonly account?: string;
  readonly resource?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    audit?: AuditRecord;
  }
}

/**
 * Marks an authenticated mutating request for the audit trail, once its token is known;
 * auditResponse() writes the event once the outcome is known.
 */
export function markForAudit(request: FastifyRequest, policy: RoutePolicy): void {
  if (!MUTATING.has(request.method)) return;
  const params = (request.params ?? {}) as Record<string, string>;
  const target = params.bucket ?? params.website;
  request.audit = {
    action: policy.action,
    ...(params.account ? { account: params.account } : {}),
    ...(target ? { resource: params.user ? `${target}/users/${params.user}` : target } : {}),
  };
}

/** One structured audit event per mutating request, once its outcome is known. */
export function auditResponse(request: FastifyRequest, reply: FastifyReply): void {
  if (!request.audit) return;
  const resource = request.audit.resource ?? (request.body as { BucketInput?: { Bucket?: unknown } } | undefined)?.BucketInput?.Bucket;
  request.log.info(
    {
      audit: {
        ...request.audit,
        ...(typeof resource === 'string' ? { resource } : {}),
        // The token's configured name; never the token (the logger censors any `token` field).
        tokenName: request.tokenName,
        outcome: reply.statusCode < 400 ? 'success' : 'failure',
        status: reply.statusCode,
        requestId: request.id,
      },
    },
    'audit',
  );
}
