import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AwsAccountProvider,
  type BucketLogging,
  checkBucketPolicy,
  existed,
  type IamGroup,
  type IamPolicy,
  isGone,
  isInUse,
  isNotYetPropagated,
  PropagationWaits,
  type PublicAccessBlock,
  S3Gateway,
  ServiceIdentity,
  serviceLockoutProblems,
  type Tag,
  unlessGone,
} from '#aws';
import { type ErrorDetail, Errors, settleAll } from '#common';
import { AccessService } from '../access/access.service.js';
import { AdoptionService } from '../access/adoption.service.js';
import { countContents, describeContents, isEmpty } from '../common/bucket-contents.js';
import { bucketNameProblems } from '../common/bucket-name.js';
import { createClaimedBucket } from '../common/claimed-bucket.js';
import { cyberduckBookmark } from '../common/cyberduck-bookmark.js';
import { splitTags, systemTags, withSystemTags } from '../common/system-tags.js';
import { OwnershipErrors } from '../ownership/ownership.errors.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { BucketErrors } from './buckets.errors.js';
import type { CreateBucketDto } from './dto/create-bucket.dto.js';
import type { UpdateBucketDto } from './dto/update-bucket.dto.js';
import { lifecycleRules } from './lifecycle-presets.js';
import { SagaRunner } from '../common/saga-runner.js';

/** The counts a refused delete names: one page of each listing. */
const CONTENTS_PAGE = 1000;

const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } as const;

function validationError(details: readonly ErrorDetail[]): Error {
  return Errors.validation(details, details.map((d) => `${d.field}: ${d.problem}`).join('; '));
}

const nameDetails = (field: string, bucket: string): ErrorDetail[] => bucketNameProblems(bucket).map((problem) => ({ field, problem }));

/** Bucket names in paths follow the same rules as new ones: a bad name is a 400 before any AWS call. */
function assertBucketName(bucket: string): void {
  const details = nameDetails('bucket', bucket);
  if (details.length > 0) throw validationError(details);
}

/** `<prefix>/<bucket>/`, whether or not the configured prefix ends in a slash. */
const logPrefix = (prefix: string, bucket: string): string => {
  const base = prefix.replace(/\/+$/, '');
  return base ? `${base}/${bucket}/` : `${bucket}/`;
};

/**
 * Waits for every read of one bucket; a missing bucket wins over any other failure (whichever read
 * noticed it first), so a GET of a missing bucket is a 404 even when another read was throttled.
 */
async function readAll<T extends readonly unknown[]>(bucket: string, reads: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(reads);
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (failures.some((failure) => isGone(failure, 'bucket'))) throw OwnershipErrors.bucketNotFound(bucket);
  if (failures.length > 0) throw failures[0];
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

export interface CreatedBucket {
  readonly bucket: string;
  readonly policy: IamPolicy;
  /** None in the tags model. */
  readonly group: IamGroup | null;
}

export interface BucketDetails {
  /** All of them, system tags included. */
  readonly tags: readonly Tag[];
  readonly logging: BucketLogging | null;
  readonly empty: boolean;
  readonly region: string;
  readonly encryption: string | null;
  readonly publicAccessBlock: PublicAccessBlock | null;
}

/** What an update set: the bucket's tags as they are now (system tags included), the policy. */
export interface UpdatedBucket {
  readonly bucket: string;
  readonly tags?: readonly Tag[];
  readonly policy?: string;
}

/** The bucket and what was removed with it. */
export interface RemovedBucket {
  readonly bucket: string;
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly policies: readonly string[];
}

/** The bucket and what the adopt took over in IAM. */
export type AdoptedBucket = RemovedBucket;

@Injectable()
export class BucketsService {
  constructor(
    private readonly accounts: AwsAccountProvider,
    private readonly s3: S3Gateway,
    private readonly access: AccessService,
    private readonly ownership: OwnershipService,
    private readonly identity: ServiceIdentity,
    private readonly sagas: SagaRunner,
    private readonly adoption: AdoptionService,
    private readonly waits: PropagationWaits,
  ) {}

  async list(accountRef: string): Promise<string[]> {
    return this.s3.listBuckets(this.accounts.resolve(accountRef));
  }

  /**
   * Claims the name (see AccessService.claimName), then creates and configures the bucket and makes
   * its admin group concurrently; the system tags go last. Any failure undoes everything this request
   * made (the undo runs to the end even if the client has gone) and answers with the error of the
   * step that failed.
   */
  async create(accountRef: string, input: CreateBucketDto): Promise<CreatedBucket> {
    const account = this.accounts.resolve(accountRef);
    const bucket = input.BucketInput.Bucket;
    const region = input.BucketInput.CreateBucketConfiguration?.LocationConstraint ?? account.region;
    const details = nameDetails('BucketInput.Bucket', bucket);
    if (!account.allowedRegions.includes(region)) {
      details.push({
        field: 'BucketInput.CreateBucketConfiguration.LocationConstraint',
        problem: `must be one of the regions allowed for account '${account.name}': ${account.allowedRegions.join(', ')}`,
      });
    }
    if (details.length > 0) throw validationError(details);
    const tags = withSystemTags(input.Tags ?? [], systemTags(account));
    const preset = input.Lifecycle;
    const log = account.accessLog;

    // S3 may answer a new bucket's first calls as if it did not exist yet: those wait for it, within a bound.
    const configure = (what: string, call: () => Promise<void>) =>
      this.waits.retry(`${what} of new bucket ${bucket}`, (error) => isNotYetPropagated(error, 'newBucket'), call);

    return this.sagas.run('createBucket', async (saga) => {
      // The IAM quotas, and what the bucket's admin access needs, are read alongside the claim: a bucket
      // whose group or policy would not fit is refused, its claim undone, before anything else is made.
      const [claim, existing, usage, access] = await saga.all([
        () => this.access.claimName(saga, account, bucket, false, randomUUID()),
        () => this.s3.headBucket(account, bucket),
        () => this.access.quotaUsage(account),
        () => this.access.planBucketAccess(account, bucket),
      ] as const);
      if (!claim || existing !== 'missing') throw BucketErrors.alreadyExists(bucket);
      this.access.refuseOverQuota(account, usage, access.need, `bucket '${bucket}'`);
      const [admin] = await saga.all([
        () => access.make(saga, claim),
        async () => {
          await createClaimedBucket(saga, this.s3, this.waits, account, bucket, region, {
            taken: () => BucketErrors.alreadyExists(bucket),
            releasing: (error) => BucketErrors.nameReleasing(bucket, error),
          });
          // The bucket's own undo (DeleteBucket) takes its configuration with it: these need none.
          await saga.all([
            () => configure('encryption', () => this.s3.putDefaultEncryption(account, bucket)),
            () => configure('public access block', () => this.s3.putPublicAccessBlock(account, bucket, ALL_BLOCKED)),
            () =>
              log
                ? configure('logging', () => this.s3.putBucketLogging(account, bucket, { bucket: log.bucket, prefix: logPrefix(log.prefix, bucket) }))
                : Promise.resolve(),
            () => (preset ? configure('lifecycle', () => this.s3.putLifecycle(account, bucket, lifecycleRules(preset))) : Promise.resolve()),
          ] as const);
        },
      ] as const);
      // Last: until the system tags are on, no route takes the bucket for the service's, and a create cut
      // off half-way leaves an untagged bucket under a claim, which the reconciler knows to be unfinished.
      await configure('tags', () => this.s3.putBucketTags(account, bucket, tags));
      return { bucket, policy: admin.policy, group: admin.group };
    });
  }

  /** Resolves when the bucket is one the service manages in this account; 404 when missing, 403 otherwise. */
  async exists(accountRef: string, bucket: string): Promise<void> {
    const account = this.accounts.resolve(accountRef);
    assertBucketName(bucket);
    await this.ownership.bucket(account, bucket);
  }

  /**
   * Every read starts at once: one AWS round trip in all. A missing bucket shows up in any of them;
   * the ownership read comes first, so nothing of a bucket the service does not manage is shown.
   */
  async show(accountRef: string, bucket: string): Promise<BucketDetails> {
    const account = this.accounts.resolve(accountRef);
    assertBucketName(bucket);
    const [{ tags }, logging, contents, region, encryption, publicAccess] = await readAll(bucket, [
      this.ownership.bucket(account, bucket),
      this.s3.getBucketLogging(account, bucket),
      // Empty as DELETE sees it: no version, no delete marker, no incomplete upload.
      countContents(this.s3, account, bucket, 1),
      this.s3.getBucketRegion(account, bucket),
      this.s3.getDefaultEncryption(account, bucket),
      this.s3.getPublicAccessBlock(account, bucket),
    ]);
    return { tags, logging, empty: isEmpty(contents), region, encryption, publicAccessBlock: publicAccess };
  }

  /**
   * Replaces the client tags (keeping the system tags on the bucket) and/or the bucket policy. Tags
   * go first because they can be put back: if the policy is then refused, the old tags are restored.
   */
  async update(accountRef: string, bucket: string, input: UpdateBucketDto): Promise<UpdatedBucket> {
    const account = this.accounts.resolve(accountRef);
    const details = nameDetails('bucket', bucket);
    if (input.Tags === undefined && input.BucketPolicy === undefined) details.push({ field: 'body', problem: 'must set Tags, BucketPolicy or both' });
    const checked = input.BucketPolicy === undefined ? undefined : checkBucketPolicy(input.BucketPolicy, bucket);
    details.push(...(checked?.problems ?? []).map((problem) => ({ field: 'BucketPolicy', problem })));
    if (details.length > 0) throw validationError(details);
    const clientTags = input.Tags;
    const document = checked?.document;
    // Which bucket it is decides first: nothing is said about a policy for a bucket the service does not manage.
    const [target, lockout] = await settleAll([
      this.ownership.bucket(account, bucket),
      document ? serviceLockoutProblems(document, bucket, account.id, () => this.identity.of(account)) : Promise.resolve([]),
    ] as const);
    // A website's bucket serves its site under a policy of its own: it changes only through the website routes.
    if (target.distributionId) throw BucketErrors.isWebsite(bucket);
    if (lockout.length > 0) throw validationError(lockout.map((problem) => ({ field: 'BucketPolicy', problem })));
    const policy = document ? JSON.stringify(document) : undefined;

    let result: UpdatedBucket = { bucket };
    try {
      await this.sagas.run('updateBucket', async (saga) => {
        if (clientTags) {
          const current = target.tags;
          const { system } = splitTags(current);
          const next = withSystemTags(clientTags, system);
          await saga.step(
            'replace the bucket tags',
            () => this.s3.putBucketTags(account, bucket, next),
            () => this.s3.putBucketTags(account, bucket, current),
          );
          result = { ...result, tags: next };
        }
        if (policy !== undefined) {
          await this.s3.putBucketPolicy(account, bucket, policy);
          result = { ...result, policy };
        }
      });
    } catch (error) {
      if (isGone(error, 'bucket')) throw OwnershipErrors.bucketNotFound(bucket);
      throw error;
    }
    return result;
  }

  /**
   * Refuses a bucket holding anything; then removes everything the service made in IAM for it but the
   * claim on the name, the bucket, and the claim last (AccessService.removeAccess). Every step is
   * idempotent, so repeating a delete that failed half-way finishes the job, also once the bucket is
   * gone; with nothing left at all it is a 404.
   */
  async remove(accountRef: string, bucket: string): Promise<RemovedBucket> {
    const account = this.accounts.resolve(accountRef);
    assertBucketName(bucket);
    const [contents, target] = await settleAll([
      unlessGone(countContents(this.s3, account, bucket, CONTENTS_PAGE), 'bucket', null),
      this.ownership.bucketIfExists(account, bucket),
    ] as const);
    // A website's bucket goes only with its website: deleting it alone would leave the distribution
    // and the DNS records serving whatever bucket of that name anyone creates next.
    if (target?.distributionId) throw BucketErrors.isWebsite(bucket);
    // What S3 would refuse DeleteBucket for is refused before anything else changes.
    if (contents && !isEmpty(contents)) throw BucketErrors.notEmpty(bucket, describeContents(contents));
    const deleteBucket = async (): Promise<void> => {
      try {
        await existed(this.s3.deleteBucket(account, bucket), 'bucket');
      } catch (error) {
        // Someone wrote to it while its access was being removed: the bucket stays, and a repeat finishes the job.
        if (isInUse(error, 'bucket')) throw BucketErrors.notEmpty(bucket, 'objects written while it was being deleted');
        throw error;
      }
    };
    // Only a bucket the ownership read found is deleted: one that appeared since is not known to be ours.
    const removed = await this.access.removeAccess(account, bucket, target ? deleteBucket : undefined);
    if (!target && !removed.released && removed.users.length + removed.groups.length + removed.policies.length === 0)
      throw OwnershipErrors.bucketNotFound(bucket);
    return { bucket, ...removed };
  }

  /**
   * Brings a bucket made by older tooling under the service: its IAM (groups and policies named for it
   * at path `/`, and their users that belong to nothing else) moves under `/s3-api/<bucket>/`, then the
   * bucket gets the system tags. Everything that could refuse it is read before any write. The tags go
   * last: until then the bucket stays unmanaged, and repeating an adopt that failed half-way finishes it.
   */
  async adopt(accountRef: string, bucket: string): Promise<AdoptedBucket> {
    const account = this.accounts.resolve(accountRef);
    assertBucketName(bucket);
    const [{ tags, website }, plan] = await settleAll([this.ownership.adoptable(account, bucket), this.adoption.plan(account, bucket)] as const);
    // A website's bucket comes with a distribution and DNS records the service would not know of.
    if (website || plan.website) throw BucketErrors.isWebsite(bucket);
    const adopted = await this.adoption.adopt(account, plan);
    await this.s3.putBucketTags(account, bucket, withSystemTags(tags, systemTags(account)));
    return { bucket, ...adopted };
  }

  /** The bookmark holds no secret, but is only handed out for a bucket the service manages in this account. */
  async bookmark(accountRef: string, bucket: string, path?: string): Promise<string> {
    const account = this.accounts.resolve(accountRef);
    assertBucketName(bucket);
    await this.ownership.bucket(account, bucket);
    return cyberduckBookmark(bucket, path);
  }
}
