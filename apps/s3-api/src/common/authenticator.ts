import { hash, timingSafeEqual } from 'node:crypto';
import { Errors, raise } from '#common';
import type { AppConfig, TokenConfig } from '../config/app-config.js';
import { HTTP_ERRORS } from './http.errors.js';

export const AUTH_HEADER = 'x-auth-token';

/**
 * Deny by default: every route needs a valid X-Auth-Token unless marked @Public(). Tokens are
 * compared as SHA-256 digests in constant time, against every configured digest, so timing reveals
 * neither which token nor how much of it matched.
 */
export class Authenticator {
  private readonly digests: readonly { token: TokenConfig; digest: Buffer }[];

  constructor(private readonly config: AppConfig) {
    this.digests = config.tokens.map((token) => ({ token, digest: Buffer.from(token.sha256, 'hex') }));
  }

  authenticate(header: string | string[] | undefined): TokenConfig {
    if (typeof header !== 'string' || header.length === 0) {
      throw raise(HTTP_ERRORS.Unauthorized, 'the X-Auth-Token header is required');
    }
    const match = this.tokenOf(header);
    if (!match) throw raise(HTTP_ERRORS.Unauthorized, 'the X-Auth-Token is not valid');
    return match;
  }

  /** Whether a value is one of the configured tokens (a client may send one where it does not belong). */
  isToken(value: string): boolean {
    return this.tokenOf(value) !== undefined;
  }

  /** @throws DomainError AccountNotFound (404) or AccountNotAllowed (403) */
  authorizeAccount(token: TokenConfig, reference: string): void {
    const account = this.config.accounts.find((a) => a.name === reference || a.id === reference);
    if (!account) throw Errors.accountNotFound(reference);
    if (!mayUse(token, account)) {
      throw raise(HTTP_ERRORS.AccountNotAllowed, `this token may not use account '${account.name}'`);
    }
  }

  private tokenOf(value: string): TokenConfig | undefined {
    // The one-shot digest: no Hash object per request.
    const presented = hash('sha256', value, 'buffer');
    let match: TokenConfig | undefined;
    for (const { token, digest } of this.digests) {
      if (timingSafeEqual(presented, digest) && !match) match = token;
    }
    return match;
  }
}

/** A token without an account list may use every account. */
export const mayUse = (token: TokenConfig, account: { readonly name: string; readonly id: string }): boolean =>
  !token.accounts || token.accounts.includes(account.name) || token.accounts.includes(account.id);

/** The accounts the named token may use, in configuration order (none for an unknown name). */
export function usableAccounts(config: AppConfig, tokenName: string | undefined): AppConfig['accounts'] {
  const token = config.tokens.find((t) => t.name === tokenName);
  return token ? config.accounts.filter((account) => mayUse(token, account)) : [];
}
