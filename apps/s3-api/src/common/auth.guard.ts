import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DomainError, Errors } from '#common';
import { AppConfig, type TokenConfig } from '../config/app-config.js';
import { IS_PUBLIC } from './public.decorator.js';

export const AUTH_HEADER = 'x-auth-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** Name of the token that authenticated the request (never the token itself). */
    tokenName?: string;
  }
}

/**
 * Deny by default: every route needs a valid X-Auth-Token unless marked @Public(). Tokens are
 * compared as SHA-256 digests in constant time, against every configured digest, so timing reveals
 * neither which token nor how much of it matched.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly digests: readonly { token: TokenConfig; digest: Buffer }[];

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    this.digests = config.tokens.map((token) => ({ token, digest: Buffer.from(token.sha256, 'hex') }));
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = this.authenticate(request.headers[AUTH_HEADER]);
    request.tokenName = token.name;
    const account = (request.params as Record<string, string> | undefined)?.account;
    if (account !== undefined) this.authorizeAccount(token, account);
    return true;
  }

  private authenticate(header: string | string[] | undefined): TokenConfig {
    if (typeof header !== 'string' || header.length === 0) {
      throw new DomainError('unauthorized', 'Unauthorized', 'the X-Auth-Token header is required');
    }
    const presented = createHash('sha256').update(header, 'utf8').digest();
    let match: TokenConfig | undefined;
    for (const { token, digest } of this.digests) {
      if (timingSafeEqual(presented, digest) && !match) match = token;
    }
    if (!match) throw new DomainError('unauthorized', 'Unauthorized', 'the X-Auth-Token is not valid');
    return match;
  }

  private authorizeAccount(token: TokenConfig, reference: string): void {
    const account = this.config.accounts.find((a) => a.name === reference || a.id === reference);
    if (!account) throw Errors.accountNotFound(reference);
    if (token.accounts && !token.accounts.includes(account.name) && !token.accounts.includes(account.id)) {
      throw new DomainError('forbidden', 'AccountNotAllowed', `this token may not use account '${account.name}'`);
    }
  }
}
