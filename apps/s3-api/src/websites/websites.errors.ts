import { type AwsAccount } from '#aws';
import { DomainError, Errors } from '#common';

/** How long a client should wait after CloudFront refused another invalidation. */
export const INVALIDATION_RETRY_AFTER_SECONDS = 60;

/** The stable error codes of the website routes. */
export const WebsiteErrors = {
  domainNotConfigured: (name: string, account: AwsAccount, field: string): DomainError =>
    new DomainError('invalid', 'DomainNotConfigured', `'${name}' is not a label under a website domain of account '${account.name}'`, {
      details: [{ field, problem: `must be <label>.<domain> with <domain> one of: ${Object.keys(account.domains).join(', ') || '(none configured)'}` }],
    }),
  invalidName: (field: string, problems: readonly string[]): DomainError =>
    Errors.validation(
      problems.map((problem) => ({ field, problem })),
      'the website name is not valid',
    ),
  alreadyExists: (name: string, cause?: unknown): DomainError =>
    new DomainError('conflict', 'WebsiteAlreadyExists', `website '${name}' already exists (its bucket name or domain name is taken)`, { cause }),
  notEmpty: (name: string): DomainError =>
    new DomainError('conflict', 'WebsiteNotEmpty', `website '${name}' holds objects; delete them first (the placeholders this service wrote do not count)`),
  tooManyInvalidations: (name: string, cause: unknown): DomainError =>
    new DomainError('throttled', 'Throttled', `too many cache invalidations are in progress for '${name}'; try again later`, {
      retryAfterSeconds: INVALIDATION_RETRY_AFTER_SECONDS,
      cause,
    }),
} as const;
