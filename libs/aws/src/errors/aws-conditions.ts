import { awsCodeOf } from '../clients/aws-call.js';
import type { AwsService } from '../clients/aws-options.js';
import { AwsError } from './aws.error.js';

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
  function: ['NoSuchFunctionExists'],
} as const;

const TAKEN = {
  /** Bucket names are global: taken by another account, or by this one. */
  bucket: ['BucketAlreadyExists', 'BucketAlreadyOwnedByYou'],
  /** Taken by this very account (outside us-east-1; us-east-1 answers 200 instead). */
  ownBucket: ['BucketAlreadyOwnedByYou'],
  iam: ['EntityAlreadyExists'],
  /** A CloudFront alias belongs to one distribution of all accounts. */
  alias: ['CNAMEAlreadyExists'],
  /** Names are unique in an account. */
  function: ['FunctionAlreadyExists'],
  originAccessControl: ['OriginAccessControlAlreadyExists'],
  /** A conditional write (`If-None-Match: *`) of a key that exists. */
  object: ['PreconditionFailed'],
} as const;

const IN_USE = {
  bucket: ['BucketNotEmpty'],
  /** A user with keys or memberships, a group with members, a policy still attached or with versions. */
  iam: ['DeleteConflict'],
  /** Still enabled, or not yet deployed. */
  distribution: ['DistributionNotDisabled'],
  /** A distribution, even a disabled one, still names it. */
  function: ['FunctionInUse'],
} as const;

const LIMIT = {
  /** IAM allows a user 2 access keys. */
  accessKeys: ['LimitExceeded'],
  /** CloudFront runs a few invalidations per distribution at a time. */
  invalidations: ['TooManyInvalidationsInProgress'],
} as const;

/**
 * A change this request made has not propagated yet (AWS is eventually consistent): the same call
 * succeeds shortly. Callers ask only about a call on what they made a moment ago.
 */
const NOT_YET = {
  /**
   * A call on a bucket right after its CreateBucket (S3 user guide, Consistency model):
   * terraform-provider-aws retries its configuration calls on exactly these codes.
   */
  newBucket: ['NoSuchBucket', 'OperationAborted'],
  /** Another operation on the bucket is still in progress: its name being released after a delete, or its creation. */
  bucketOperation: ['OperationAborted'],
  /** An IAM entity made a moment ago that a read does not show yet. */
  iam: ['NoSuchEntity'],
  /**
   * Another write of the key landed while a conditional write or delete was in flight: S3 asks for a
   * retry, which then gets the true answer (the SDK's PutObjectRequest.IfNoneMatch, DeleteObjectRequest.IfMatch).
   */
  conditionalWrite: ['ConditionalRequestConflict'],
} as const;

/** The ETag a conditional CloudFront update or delete, or S3 conditional delete (`If-Match`), sent is no longer the current one. */
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
/** What the request made a moment ago has not propagated yet; the call succeeds shortly. */
export const isNotYetPropagated = (error: unknown, what: keyof typeof NOT_YET): boolean => is(NOT_YET[what], error);
/**
 * PutBucketPolicy refused a public policy for Block Public Access right after the request relaxed it:
 * the change propagates within seconds (AWS support's advice in env0/templates#258: wait). S3 says so
 * only in the message of its AccessDenied.
 */
export const isPublicAccessBlockPropagating = (error: unknown): boolean =>
  awsCodeOf(error) === 'AccessDenied' && error instanceof Error && error.message.includes('BlockPublicPolicy');

/**
 * The SDK sent the call more than once before this answer: an earlier attempt may have taken effect
 * and lost its answer, so a create refused for a taken name may have been refused its own doing.
 */
export const afterRetries = (error: unknown): boolean => {
  const cause = error instanceof Error ? (error.cause as { $metadata?: { attempts?: number } } | undefined) : undefined;
  return (cause?.$metadata?.attempts ?? 1) > 1;
};

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

/**
 * The result of a lookup by name of an IAM entity the service may have made, or `absent` when IAM
 * shows none: NoSuchEntity, or AccessDenied. The service's IAM rights are scoped to its path
 * (deploy/iam), and IAM answers AccessDenied, not NoSuchEntity, for a name outside the caller's rights,
 * which includes every name that does not exist (it has no path to match). Either way, nothing of
 * the service's goes by that name. Only for names the service makes: elsewhere a refusal is a refusal.
 */
export async function unlessOutOfReach<T, A>(call: Promise<T>, absent: A): Promise<T | A> {
  try {
    return await call;
  } catch (error) {
    if (isGone(error, 'iam') || isOutOfReach(error)) return absent;
    throw error;
  }
}

/** IAM refused to show a name: outside the service's rights, so nothing of the service's goes by it (see unlessOutOfReach). */
export const isOutOfReach = (error: unknown): boolean => error instanceof AwsError && error.service === 'iam' && error.awsCode === 'AccessDenied';

/**
 * `service` refused the call to the caller's rights (AccessDenied, or a 403 without a code). A refusal
 * of the account's role by STS is not one: that is the server's configuration, answered as unavailable.
 */
export const isForbidden = (error: unknown, service: AwsService): boolean =>
  error instanceof AwsError && error.service === service && error.kind === 'forbidden';
