import { type AwsAccount, type AwsDomain } from '#aws';
import { type ErrorDetail } from '#common';
import { bucketNameProblems } from '../common/bucket-name.js';
import { SYSTEM_TAG_PREFIX } from '../common/system-tags.js';
import { WebsiteErrors } from './websites.errors.js';

/** On the distribution: the website (= bucket) it serves, which is what the reconciler checks. */
export const WEBSITE_TAG = `${SYSTEM_TAG_PREFIX}website`;

/**
 * S3 buckets hold 50 tags; a website bucket carries 3 system tags (org, managed-by, distribution id)
 * and its distribution 3 too (org, managed-by, website), which leaves 47 for the client.
 */
export const MAX_WEBSITE_CLIENT_TAGS = 47;

export interface WebsiteName {
  readonly name: string;
  readonly label: string;
  readonly domain: string;
  readonly zone: AwsDomain;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A website is exactly one DNS label under a domain configured for the account
 * (`<label>.<domain>`), and its name is also its bucket's name.
 * @throws DomainError DomainNotConfigured or ValidationError (400), before any AWS call
 */
export function resolveWebsiteName(account: AwsAccount, name: string, field: string): WebsiteName {
  const dot = name.indexOf('.');
  const label = dot < 0 ? name : name.slice(0, dot);
  const domain = dot < 0 ? '' : name.slice(dot + 1);
  // Own keys only: a name such as 'x.constructor' must not find something on Object.prototype.
  const zone = Object.hasOwn(account.domains, domain) ? account.domains[domain] : undefined;
  if (!zone) {
    const parent = Object.keys(account.domains).find((d) => name.endsWith(`.${d}`));
    if (parent) throw WebsiteErrors.invalidName(field, [`must be exactly one label under ${parent}, e.g. 'mysite.${parent}'`]);
    throw WebsiteErrors.domainNotConfigured(name, account, field);
  }
  const problems: ErrorDetail[] = [];
  if (!LABEL.test(label))
    problems.push({ field, problem: `label '${label}' must be 1-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen` });
  for (const problem of bucketNameProblems(name)) problems.push({ field, problem: `as a bucket name, ${problem}` });
  if (problems.length > 0)
    throw WebsiteErrors.invalidName(
      field,
      problems.map((p) => p.problem),
    );
  return { name, label, domain, zone };
}

/** Regions whose S3 website endpoints still use the old `s3-website-<region>` form. */
const DASH_WEBSITE_REGIONS = new Set(['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1']);

/** The bucket's S3 website endpoint host, the distribution's origin. */
export const websiteEndpoint = (bucket: string, region: string): string =>
  DASH_WEBSITE_REGIONS.has(region) ? `${bucket}.s3-website-${region}.amazonaws.com` : `${bucket}.s3-website.${region}.amazonaws.com`;

/** The bucket's S3 REST endpoint host (regional), the origin an origin access control signs for. */
export const restEndpoint = (bucket: string, region: string): string => `${bucket}.s3.${region}.amazonaws.com`;
