import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Where @nestjs/swagger keeps @ApiOperation's options. */
const API_OPERATION = 'swagger/apiOperation';

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
 * Marks every authenticated mutating request for the audit trail; auditResponse() writes the event
 * once the outcome is known. A guard rather than an interceptor: it runs after authentication, and an
 * interceptor would put an rxjs pipeline on every request of the service.
 */
@Injectable()
export class AuditMarker implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (MUTATING.has(request.method)) {
      const params = (request.params ?? {}) as Record<string, string>;
      const operation = this.reflector.get<{ operationId?: string } | undefined>(API_OPERATION, context.getHandler());
      const target = params.bucket ?? params.website;
      request.audit = {
        action: operation?.operationId ?? context.getHandler().name,
        ...(params.account ? { account: params.account } : {}),
        ...(target ? { resource: params.user ? `${target}/users/${params.user}` : target } : {}),
      };
    }
    return true;
  }
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
