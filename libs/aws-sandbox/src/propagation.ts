import type { PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import { s3Error } from './errors.js';
import type { SandboxRuntime } from './handler.js';
import { type AccountState, type BucketState, cloneIam, type IamState, type SandboxState } from './state.js';

/**
 * How long AWS takes to make a change visible everywhere: AWS is eventually consistent, and code that
 * acts on a change at once meets the in-between. All on the sandbox clock; 0 is "at once".
 */
export interface Propagation {
  /**
   * IAM reads (Get*, List*) see the account as it was this long ago, while writes see it as it is:
   * "changes ... must be replicated across IAM, which can take some time" (IAM user guide,
   * Troubleshooting: changes that I make are not always immediately visible). A user, group, policy,
   * key, membership or attachment made a moment ago is not found or not listed yet; one deleted is.
   */
  readonly iamMs: number;
  /**
   * A new bucket's other calls fail this long: NoSuchBucket, OperationAborted for DeleteBucket (S3
   * user guide, Consistency model; terraform-provider-aws retries its configuration calls after
   * CreateBucket on exactly these codes).
   */
  readonly bucketCreateMs: number;
  /**
   * A deleted bucket's name cannot be created again this long, by any account: OperationAborted 409
   * ("A conflicting conditional operation is currently in progress", AWS knowledge center: S3 bucket
   * creation after deletion; AWS says it can take hours).
   */
  readonly bucketDeleteMs: number;
  /**
   * After Block Public Access is relaxed, PutBucketPolicy still applies the old, stricter setting this
   * long: a public policy right after is refused (AWS support's advice in env0/templates#258 was to wait).
   */
  readonly publicAccessBlockMs: number;
}

/** Immediate consistency: what the sandbox does unless asked to be realistic. */
export const NO_PROPAGATION: Propagation = { iamMs: 0, bucketCreateMs: 0, bucketDeleteMs: 0, publicAccessBlockMs: 0 };

/**
 * Delays as AWS shows them, kept short enough to try the API by hand: AWS documents none of them, and
 * a name's release after DeleteBucket can take hours there.
 */
export const AWS_PROPAGATION: Propagation = { iamMs: 2_000, bucketCreateMs: 1_500, bucketDeleteMs: 30_000, publicAccessBlockMs: 3_000 };

/** IAM reads, served from the replica; every other IAM call writes. */
export const isIamRead = (operation: string): boolean => /^(Get|List)/.test(operation);

/**
 * The account's IAM as a read sees it: the state before the first write that is younger than the
 * lag. Writes leave the state they found behind them (`iamPast`), until the lag has passed.
 */
export function iamReplica(account: AccountState, now: number, lagMs: number): IamState {
  forgetPropagated(account, now, lagMs);
  return account.iamPast[0]?.iam ?? account.iam;
}

/** Drops what no read can see any more: the states before writes older than the lag. */
export function forgetPropagated(account: AccountState, now: number, lagMs: number): void {
  const past = account.iamPast;
  while (past.length > 0 && past[0]!.until <= now - lagMs) past.shift();
}

/** Before an IAM write: the state it finds, kept for reads until the lag has passed (discarded if the write fails). */
export function beforeIamWrite(account: AccountState, now: number, lagMs: number): () => void {
  if (lagMs <= 0) return () => undefined;
  forgetPropagated(account, now, lagMs);
  const entry = { until: now, iam: cloneIam(account.iam) };
  account.iamPast.push(entry);
  return () => {
    const at = account.iamPast.indexOf(entry);
    if (at >= 0) account.iamPast.splice(at, 1);
  };
}

/** What a call on a bucket still settling after its CreateBucket meets: NoSuchBucket, or OperationAborted for a delete. */
export function newBucketRefusal(runtime: SandboxRuntime, bucket: BucketState | undefined, operation: string): Error | undefined {
  if (!bucket || runtime.clock.now() >= bucket.usableAt) return undefined;
  if (operation === 'DeleteBucket')
    return s3Error('OperationAborted', 409, 'A conflicting conditional operation is currently in progress against this resource. Please try again.');
  if (operation === 'HeadBucket') return s3Error('NotFound', 404, 'UnknownError');
  return s3Error('NoSuchBucket', 404, 'The specified bucket does not exist');
}

/** The Block Public Access that PutBucketPolicy applies: while a change propagates, the stricter of before and after. */
export function effectivePublicAccessBlock(runtime: SandboxRuntime, bucket: BucketState): PublicAccessBlockConfiguration | undefined {
  const current = bucket.publicAccessBlock;
  const previous = bucket.publicAccessBlockChange;
  if (!previous || runtime.clock.now() >= previous.settledAt) return current;
  const strict = (flag: keyof PublicAccessBlockConfiguration) => current?.[flag] === true || previous.before?.[flag] === true;
  return {
    BlockPublicAcls: strict('BlockPublicAcls'),
    IgnorePublicAcls: strict('IgnorePublicAcls'),
    BlockPublicPolicy: strict('BlockPublicPolicy'),
    RestrictPublicBuckets: strict('RestrictPublicBuckets'),
  };
}

/** When the last change made so far is visible everywhere (clock time); `now` or earlier when everything is. */
export function settledAt(state: SandboxState, propagation: Propagation): number {
  let latest = 0;
  for (const account of state.accounts.values()) {
    const last = account.iamPast.at(-1);
    if (last) latest = Math.max(latest, last.until + propagation.iamMs);
    for (const bucket of account.buckets.values()) latest = Math.max(latest, bucket.usableAt, bucket.publicAccessBlockChange?.settledAt ?? 0);
  }
  for (const until of state.releasingNames.values()) latest = Math.max(latest, until);
  return latest;
}
