import type { DomainError, ErrorDetail } from './domain-error.js';
import { errorTable, raise } from './error-table.js';

/** The errors every feature raises. */
export const COMMON_ERRORS = errorTable({
  ValidationError: { kind: 'invalid', summary: 'The request is not valid; Details lists every offending field' },
  AccountNotFound: { kind: 'not_found', summary: 'The account is neither a configured account name nor its id' },
  ConcurrentChange: { kind: 'conflict', summary: 'Another request changed the same bucket, website or user at the same moment; repeat the request' },
});

export const Errors = {
  validation: (details: readonly ErrorDetail[], message = 'the request is not valid'): DomainError =>
    raise(COMMON_ERRORS.ValidationError, message, { details }),
  accountNotFound: (account: string): DomainError => raise(COMMON_ERRORS.AccountNotFound, `account '${account}' is not configured`),
  concurrentChange: (what: string): DomainError =>
    raise(COMMON_ERRORS.ConcurrentChange, `another request changed ${what} at the same moment; nothing was lost, repeat the request`),
} as const;
