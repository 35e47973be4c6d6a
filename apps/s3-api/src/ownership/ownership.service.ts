import { Injectable } from '@nestjs/common';
import { type AwsAccount, AwsAccountProvider, claimsBucketName, isGone, S3Gateway, type Tag, TaggingGateway, unlessGone } from '#aws';
import { settleAll } from '#common';
import { MAX_BUCKET_CLIENT_TAGS } from '../common/dto/tag.dto.js';
import { DISTRIBUTION_ID_TAG, distributionIdOf, isSystemTag, MANAGED_BY_TAG, MANAGED_BY_VALUE, ORG_TAG } from '../common/system-tags.js';
import { OwnershipErrors } from './ownership.errors.js';

/** A bucket the service made in this account: the only kind of bucket a route acts on. */
export interface ManagedBucket {
  readonly name: string;
  /** All of its tags, system tags included. */
  readonly tags: readonly Tag[];
  /** Set when the bucket is a website's. */
  readonly distributionId: string | undefined;
}

export interface ManagedWebsite extends ManagedBucket {
  readonly distributionId: string;
}

const tagValue = (tags: readonly Tag[], key: string): string | undefined => tags.find((t) => t.Key === key)?.Value;

/**
 * Why a bucket with these tags is not the service's in this account (undefined when it is): it must
 * say it is managed by the service, and for this account's org (a deployment for another org may share
 * the account, and what it made is not ours to touch).
 */
function unmanagedReason(account: AwsAccount, tags: readonly Tag[]): string | undefined {
  if (tagValue(tags, MANAGED_BY_TAG) !== MANAGED_BY_VALUE) {
    return `it does not carry the tag ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE} (a bucket made by older tooling can be adopted: POST /{account}/buckets/{bucket}/adopt)`;
  }
  const org = tagValue(tags, ORG_TAG);
  if (org !== account.org) return org === undefined ? `it does not carry the tag ${ORG_TAG}` : `it belongs to org '${org}', not '${account.org}'`;
  return undefined;
}

/**
 * The one place that decides what a bucket, website or user route may touch: a bucket the service
 * made (its system tags say so, for this account's org), a website when such a bucket also carries its
 * distribution's id, and never a configured access-log bucket or an account's claims bucket, whatever its tags. Anything else is
 * refused before the route makes any AWS write. The decision costs one read (the bucket's tags), which
 * a route can run alongside its other reads.
 */
@Injectable()
export class OwnershipService {
  private readonly logBuckets: ReadonlySet<string>;
  private readonly claimsBuckets: ReadonlySet<string>;

  constructor(
    accounts: AwsAccountProvider,
    private readonly s3: S3Gateway,
    private readonly tagging: TaggingGateway,
  ) {
    // Every account's: S3 names are global, and one account's log bucket is no other account's to manage either.
    this.logBuckets = new Set(accounts.list().flatMap((a) => (a.accessLog ? [a.accessLog.bucket] : [])));
    this.claimsBuckets = new Set(accounts.list().map((a) => claimsBucketName(a.id)));
  }

  /** Why a bucket of the deployment's own is never one the service manages, or undefined. */
  private ownBucketReason(name: string): string | undefined {
    if (this.logBuckets.has(name)) return 'it is an access-log bucket, which the service never manages';
    if (this.claimsBuckets.has(name)) return "it holds the account's claims on bucket names, which the service never manages";
    return undefined;
  }

  /** For the bucket routes and the bucket users routes: 404 BucketNotFound, 403 BucketNotManaged. */
  async bucket(account: AwsAccount, name: string): Promise<ManagedBucket> {
    const bucket = await this.bucketIfExists(account, name);
    if (!bucket) throw OwnershipErrors.bucketNotFound(name);
    return bucket;
  }

  /** For the website routes: 404 WebsiteNotFound (also for a managed bucket that is not a website), 403 BucketNotManaged. */
  async website(account: AwsAccount, name: string): Promise<ManagedWebsite> {
    const bucket = await this.bucketIfExists(account, name);
    if (!bucket?.distributionId) throw OwnershipErrors.websiteNotFound(name);
    return { ...bucket, distributionId: bucket.distributionId };
  }

  /**
   * The names of the account's websites: its buckets (in its region, where website buckets are made)
   * that carry the service's tags for its org and a distribution id, found by those tags, so the calls
   * grow with the websites found and not with the account's buckets. The tag index lags a little
   * behind: a website made or deleted a moment ago may be missing or still listed.
   */
  async websites(account: AwsAccount): Promise<string[]> {
    const found = await this.tagging.bucketsTagged(account, account.region, [
      { key: MANAGED_BY_TAG, value: MANAGED_BY_VALUE },
      { key: ORG_TAG, value: account.org },
      { key: DISTRIBUTION_ID_TAG },
    ]);
    return found.filter((name) => this.ownBucketReason(name) === undefined);
  }

  /**
   * For adopt: the tags and whether it serves a website, of a bucket the service may take over. Never
   * adopted: an access-log bucket, a bucket already the service's (409 BucketAlreadyManaged), one
   * carrying any other `s3-api:` tag (another deployment's, e.g. for another org: 403
   * BucketNotAdoptable), one without room for the system tags.
   */
  async adoptable(account: AwsAccount, name: string): Promise<{ tags: Tag[]; website: boolean }> {
    const own = this.ownBucketReason(name);
    if (own) throw OwnershipErrors.notAdoptable(name, own);
    let tags: Tag[];
    let website: boolean;
    try {
      [tags, website] = await settleAll([this.s3.getBucketTags(account, name), this.s3.hasWebsiteConfiguration(account, name)] as const);
    } catch (error) {
      throw isGone(error, 'bucket') ? OwnershipErrors.bucketNotFound(name) : error;
    }
    if (unmanagedReason(account, tags) === undefined) throw OwnershipErrors.alreadyManaged(name);
    const foreign = tags.filter(isSystemTag).map((t) => `${t.Key}=${t.Value}`);
    if (foreign.length > 0) throw OwnershipErrors.notAdoptable(name, `it carries tags of another deployment of this service (${foreign.join(', ')})`);
    if (tags.length > MAX_BUCKET_CLIENT_TAGS)
      throw OwnershipErrors.notAdoptable(name, `it has ${tags.length} tags; S3 allows 50 and the service needs 2 of them`);
    return { tags, website };
  }

  /** As `bucket`, but null when no such bucket exists (a delete may still have leftovers to remove). */
  async bucketIfExists(account: AwsAccount, name: string): Promise<ManagedBucket | null> {
    const own = this.ownBucketReason(name);
    if (own) throw OwnershipErrors.notManaged(name, own);
    const tags = await unlessGone(this.s3.getBucketTags(account, name), 'bucket', null);
    if (!tags) return null;
    const why = unmanagedReason(account, tags);
    if (why) throw OwnershipErrors.notManaged(name, why);
    return { name, tags, distributionId: distributionIdOf(tags) };
  }
}
