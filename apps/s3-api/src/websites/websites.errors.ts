import { AWS_ERRORS, type AwsAccount } from '#aws';
import { COMMON_ERRORS, Errors, errorTable, raise } from '#common';
import { OWNERSHIP_ERRORS } from '../ownership/ownership.errors.js';

/** How long a client should wait after CloudFront refused another invalidation. */
const INVALIDATION_RETRY_AFTER_SECONDS = 60;

export const WEBSITE_ERRORS = errorTable({
  DomainNotConfigured: { kind: 'invalid', summary: 'The name is not a label under a website domain configured for the account' },
  WebsiteAlreadyExists: { kind: 'conflict', summary: 'The website exists already, or its bucket or domain name is taken' },
  BucketNameReleasing: {
    kind: 'conflict',
    summary: 'S3 has not released the name of a bucket deleted a moment ago (it can take minutes, rarely hours); try again later or choose another name',
  },
  DnsNameHasCname: {
    kind: 'conflict',
    summary: "A CNAME record holds the website's name in its hosted zone; DNS allows no other record beside it, so the alias records cannot be made",
  },
  WebsiteNotEmpty: {
    kind: 'conflict',
    summary:
      'The website holds object versions, delete markers or incomplete multipart uploads besides the placeholders this service wrote (counted in the message); delete them first',
  },
  RoutingRuleNotSupported: {
    kind: 'invalid',
    summary: 'A routing rule CloudFront cannot express in front of a private bucket (the message names it and says why); nothing was made or changed',
  },
  DistributionNotManaged: {
    kind: 'forbidden',
    summary:
      "The website's distribution exists but no longer carries this service's tags (someone changed them), so the service may not act on it and leaves the website as it is",
  },
  MigrationNotVerified: {
    kind: 'conflict',
    summary: 'The website did not read back as private after its migration (something changed it meanwhile); every step was put back',
  },
});

/** What any route that acts on an existing website can answer about its target (a bad name included). */
export const WEBSITE_TARGET_ERRORS = [
  COMMON_ERRORS.ValidationError,
  WEBSITE_ERRORS.DomainNotConfigured,
  OWNERSHIP_ERRORS.BucketNotManaged,
  OWNERSHIP_ERRORS.WebsiteNotFound,
] as const;

/** The stable error codes of the website routes. */
export const WebsiteErrors = {
  nameReleasing: (name: string, cause: unknown) =>
    raise(
      WEBSITE_ERRORS.BucketNameReleasing,
      `S3 is still releasing the name '${name}' of a website bucket deleted a moment ago; try again in a few minutes, or choose another name`,
      { cause },
    ),
  dnsNameHasCname: (name: string, zone: string) =>
    raise(
      WEBSITE_ERRORS.DnsNameHasCname,
      `'${name}' has a CNAME record in the hosted zone of ${zone}; a CNAME admits no other record at its name, so the website's A and AAAA aliases cannot be made: remove it first`,
    ),
  domainNotConfigured: (name: string, account: AwsAccount, field: string) =>
    raise(WEBSITE_ERRORS.DomainNotConfigured, `'${name}' is not a label under a website domain of account '${account.name}'`, {
      details: [{ field, problem: `must be <label>.<domain> with <domain> one of: ${Object.keys(account.domains).join(', ') || '(none configured)'}` }],
    }),
  invalidName: (field: string, problems: readonly string[]) =>
    Errors.validation(
      problems.map((problem) => ({ field, problem })),
      'the website name is not valid',
    ),
  alreadyExists: (name: string, cause?: unknown) =>
    raise(WEBSITE_ERRORS.WebsiteAlreadyExists, `website '${name}' already exists (its bucket name or domain name is taken)`, { cause }),
  routingRuleNotSupported: (field: string, problem: string) =>
    raise(WEBSITE_ERRORS.RoutingRuleNotSupported, `${field}: ${problem}`, { details: [{ field, problem }] }),
  distributionNotManaged: (name: string, id: string, cause?: unknown) =>
    raise(
      WEBSITE_ERRORS.DistributionNotManaged,
      `the distribution ${id} of website '${name}' exists but no longer carries this service's tags, so the service leaves it and the website alone (nothing was changed)`,
      { cause },
    ),
  migrationNotVerified: (name: string, problems: readonly string[]) =>
    raise(WEBSITE_ERRORS.MigrationNotVerified, `website '${name}' did not read back as private (${problems.join('; ')}); its migration was put back`),
  notEmpty: (name: string, holds: string) =>
    raise(
      WEBSITE_ERRORS.WebsiteNotEmpty,
      `website '${name}' holds ${holds}; delete them first (the placeholders this service wrote do not count; nothing was changed)`,
    ),
  tooManyInvalidations: (name: string, cause: unknown) =>
    raise(AWS_ERRORS.Throttled, `too many cache invalidations are in progress for '${name}'; try again later`, {
      retryAfterSeconds: INVALIDATION_RETRY_AFTER_SECONDS,
      cause,
    }),
} as const;
