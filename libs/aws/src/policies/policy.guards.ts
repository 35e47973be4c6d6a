import { Errors } from '#common';

// Lowercase only: IAM names are case-insensitive, so `Docs` and `docs` would share a group name
// (and its policy) while S3 keeps them apart. No `_`: group names spell `/` as `_`, so `a_b` and
// `a/b` would share one. No `*`, `?` or `$`: IAM reads them as wildcards and policy variables.
const SEGMENT = /^[a-z0-9][a-z0-9.-]*$/;

/** One concrete distribution: a wildcard in its place would reach every distribution of the account. */
export const DISTRIBUTION_ARN = /^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\/[A-Za-z0-9]+$/;

// Only the characters S3 allows in a bucket name, so that a name can never widen an ARN.
const ARN_SAFE_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Why `prefix` (a website user's path without its capping slashes, e.g. `docs` or `one/two`)
 * cannot scope a user, or undefined when it can.
 */
export function scopePrefixProblem(prefix: string): string | undefined {
  if (prefix === '') return 'the path must name at least one folder';
  const bad = prefix.split('/').find((segment) => !SEGMENT.test(segment));
  if (bad === undefined) return undefined;
  if (bad === '') return 'the path must not contain empty segments (`//`) or start or end with `/`';
  return `path segment '${bad}' must start with a lowercase letter or digit and contain only lowercase letters, digits, '.' and '-'`;
}

/** `/one/two/` (an IAM user path) -> `one/two`; `/` -> `` (the whole site). */
export function scopePrefixFromPath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

export function assertScopePrefix(prefix: string): void {
  const problem = scopePrefixProblem(prefix);
  if (problem !== undefined) throw Errors.validation([], `invalid scope '${prefix}': ${problem}`);
}

export function assertArnSafeBucket(bucket: string): void {
  if (!ARN_SAFE_BUCKET.test(bucket)) throw Errors.validation([], `'${bucket}' is not a valid bucket name`);
}
