import { awsCodeOf } from '../clients/aws-call.js';

/**
 * What a failed AWS call means for the caller, named once. Services ask these questions instead of
 * comparing AWS error codes, so which codes say "gone" or "taken" is decided here, beside the
 * translation of every other code, and by nobody else.
 */
const GONE = {
  /** S3 answers NotFound (no body) to HEAD requests, NoSuchBucket to the others. */
  bucket: ['NoSuchBucket', 'NotFound'],
  object: ['NoSuchKey', 'NotFound'],
  iam: ['NoSuchEntity'],
  /** CloudFront's tagging calls name the distribution a resource. */
  distribution: ['NoSuchDistribution', 'NoSuchResource'],
} as const;

const TAKEN = {
  /** Bucket names are global: taken by another account, or by this one. */
  bucket: ['BucketAlreadyExists', 'BucketAlreadyOwnedByYou'],
  iam: ['EntityAlreadyExists'],
  /** A CloudFront alias belongs to one distribution of all accounts. */
  alias: ['CNAMEAlreadyExists'],
} as const;

const IN_USE = {
  bucket: ['BucketNotEmpty'],
  /** A user with keys or memberships, a group with members, a policy still attached or with versions. */
  iam: ['DeleteConflict'],
  /** Still enabled, or not yet deployed. */
  distribution: ['DistributionNotDisabled'],
} as const;

const LIMIT = {
  /** IAM allows a user 2 access keys. */
  accessKeys: ['LimitExceeded'],
  /** CloudFront runs a few invalidations per distribution at a time. */
  invalidations: ['TooManyInvalidationsInProgress'],
} as const;

/** The ETag a conditional CloudFront update or delete sent is no longer the current one. */
const STALE = ['PreconditionFailed'] as const;

const is = (codes: readonly string[], error: unknown): boolean => codes.includes(awsCodeOf(error) ?? '');

/** The thing the call acts on does not exist (any more). */
export const isGone = (error: unknown, what: keyof typeof GONE): boolean => is(GONE[what], error);
/** The name the call wanted to create is already used. */
export const isNameTaken = (error: unknown, what: keyof typeof TAKEN): boolean => is(TAKEN[what], error);
/** The thing cannot be deleted while something still uses it. */
export const isInUse = (error: unknown, what: keyof typeof IN_USE): boolean => is(IN_USE[what], error);
/** An AWS limit stands in the way; waiting or deleting something may lift it. */
export const isLimitReached = (error: unknown, limit: keyof typeof LIMIT): boolean => is(LIMIT[limit], error);
/** Another writer changed the thing since it was read. */
export const isStale = (error: unknown): boolean => is(STALE, error);

/** The call's result, or `absent` when what it acts on is gone: a listing of something deleted is empty. */
export async function unlessGone<T, A>(call: Promise<T>, what: keyof typeof GONE, absent: A): Promise<T | A> {
  try {
    return await call;
  } catch (error) {
    if (isGone(error, what)) return absent;
    throw error;
  }
}

/**
 * Whether the call found what it acts on. A delete or removal whose target is already gone has done
 * its job (undo steps and repeats of a half-finished delete must be idempotent): false, not an error.
 */
export const existed = (call: Promise<unknown>, what: keyof typeof GONE): Promise<boolean> =>
  unlessGone(
    call.then(() => true),
    what,
    false,
  );
