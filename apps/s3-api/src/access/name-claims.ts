import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  afterRetries,
  AWS_ERRORS,
  type AwsAccount,
  claimsBucketName,
  existed,
  isGone,
  isNameTaken,
  isNotYetPropagated,
  isStale,
  PropagationWaits,
  S3Gateway,
  type Tag,
  unlessGone,
} from '#aws';
import { raise } from '#common';
import { DELETING_TAG, madeBy, REQUEST_TAG } from '../common/system-tags.js';

const claimsBucketOf = (account: AwsAccount): string => claimsBucketName(account.id);

export const CLAIM_PREFIX = 'claims/';
const keyOf = (name: string): string => `${CLAIM_PREFIX}${name}`;

/** A claim as S3 holds it: when it was written, its ETag, and its tags (the request that made it, a delete under way). */
export interface ClaimObject {
  readonly created: string;
  /** Names this very claim: each claim is written with bytes of its own, so the name's next claim has another. */
  readonly etag: string;
  readonly tags: readonly Tag[];
}

/**
 * The claims on bucket names in an account of the tags access model, which makes no IAM entity per
 * bucket to claim a name with: an object `claims/<name>` in the account's claims bucket, written with
 * S3's conditional write (`If-None-Match: *`), which makes a key only if it does not exist (AWS's
 * documented atomic create). Of two creates of one name, on any replicas, exactly one makes it; the
 * other hears 412, or 409 while both are in flight, which is retried and then answers 412. The object
 * carries the request's tag, so that a write whose answer was lost, which the SDK's retry hears as
 * 412, is known for this request's. S3 holds any number of objects: no IAM quota is spent.
 */
@Injectable()
export class NameClaims {
  private readonly logger = new Logger(NameClaims.name);

  constructor(
    private readonly s3: S3Gateway,
    private readonly waits: PropagationWaits,
  ) {}

  /** True when `request` holds the claim on `name` now (this call, or its attempt whose answer was lost, made it). */
  async claim(account: AwsAccount, name: string, request: string): Promise<boolean> {
    const bucket = claimsBucketOf(account);
    const body = `${name}\n${randomUUID()}\n`;
    try {
      await this.waits.retry(
        `claim ${name}`,
        (error) => isNotYetPropagated(error, 'conditionalWrite'),
        () =>
          // A body of its own (S3's ETag of a single-part object is its MD5): a conditional delete of the
          // claim read (releaseIfUnchanged) must never match the name's next claim.
          this.s3.putObject(account, bucket, keyOf(name), body, {
            contentType: 'text/plain',
            tags: [{ Key: REQUEST_TAG, Value: request }],
            ifAbsent: true,
          }),
      );
      return true;
    } catch (error) {
      if (isGone(error, 'bucket')) throw missingBucket(account);
      if (!isNameTaken(error, 'object')) throw error;
    }
    return madeBy(await this.tags(account, name), request);
  }

  /** The claim's tags, null when there is no claim on `name`. */
  tags(account: AwsAccount, name: string): Promise<Tag[] | null> {
    return unlessGone(this.s3.getObjectTags(account, claimsBucketOf(account), keyOf(name)), 'object', null);
  }

  /** The claim on `name`, null when there is none. */
  async read(account: AwsAccount, name: string): Promise<ClaimObject | null> {
    const [head, tags] = await Promise.all([this.s3.objectHead(account, claimsBucketOf(account), keyOf(name)), this.tags(account, name)]);
    return head !== null && tags !== null ? { created: head.lastModified, etag: head.etag, tags } : null;
  }

  /**
   * Marks the claim as held by a delete under way (see AccessService.removeAccess) and answers its ETag,
   * for releaseIfUnchanged; null when there is none. The ETag is read before the mark is written: a
   * claim that took the place of the one read in between is then never released for it.
   */
  async markDeleting(account: AwsAccount, name: string): Promise<string | null> {
    const head = await this.s3.objectHead(account, claimsBucketOf(account), keyOf(name));
    if (!head) return null;
    const marked = await existed(this.s3.putObjectTags(account, claimsBucketOf(account), keyOf(name), [{ Key: DELETING_TAG, Value: randomUUID() }]), 'object');
    return marked ? head.etag : null;
  }

  /**
   * The ETag of the claim on `name` when a delete under way marked it, null otherwise. Its tags are read
   * after its ETag, so they are this claim's or a later one's: a later one's ETag differs, and
   * releaseIfUnchanged leaves it.
   */
  async markedDeleting(account: AwsAccount, name: string): Promise<string | null> {
    const head = await this.s3.objectHead(account, claimsBucketOf(account), keyOf(name));
    if (!head) return null;
    const tags = await this.tags(account, name);
    return tags?.some((tag) => tag.Key === DELETING_TAG) ? head.etag : null;
  }

  /** Frees `name`, whatever claim holds it (the undo of the create that made it); S3 answers a delete of a key that is not there as a success. */
  async release(account: AwsAccount, name: string): Promise<void> {
    await this.s3.deleteObject(account, claimsBucketOf(account), keyOf(name));
  }

  /**
   * Frees `name` only while its claim is still the one of `etag`, the one read: S3's conditional delete
   * (`If-Match: <ETag>`) checks and deletes in one step, so a claim released and made again meanwhile,
   * by a create of the same name on any replica, is never taken for it. False when it was not the one
   * (412) or there was none any more (404): someone else moved first, and what they left stands. A
   * write of the key landing while the delete was in flight (409) is asked again, which then gets the
   * true answer. A 404 heard by the SDK's retry is taken for this delete's own first attempt, whose answer
   * was lost; another replica's release in between would read the same.
   */
  async releaseIfUnchanged(account: AwsAccount, name: string, etag: string): Promise<boolean> {
    try {
      await this.waits.retry(
        `release ${name}`,
        (error) => isNotYetPropagated(error, 'conditionalWrite'),
        () => this.s3.deleteObjectIfMatch(account, claimsBucketOf(account), keyOf(name), etag),
      );
      return true;
    } catch (error) {
      if (isGone(error, 'object') && afterRetries(error)) return true;
      if (!isStale(error) && !isGone(error, 'object')) throw error;
    }
    this.logger.log({ name, etag }, 'left the claim on the name: it changed or went since it was read');
    return false;
  }

  /** One page of the names claimed, with when each claim was written. */
  async page(account: AwsAccount, token: string | undefined, max: number): Promise<{ items: { name: string; created: string }[]; next?: string }> {
    const page = await this.s3.listObjects(account, claimsBucketOf(account), { prefix: CLAIM_PREFIX, maxKeys: max, ...(token ? { token } : {}) });
    return {
      items: page.items.map((item) => ({ name: item.key.slice(CLAIM_PREFIX.length), created: item.lastModified })),
      ...(page.next ? { next: page.next } : {}),
    };
  }
}

function missingBucket(account: AwsAccount): Error {
  return raise(
    AWS_ERRORS.AwsUnavailable,
    `account '${account.name}' uses the tags access model, but its claims bucket '${claimsBucketOf(account)}' does not exist: the deployment makes it (deploy/iam/README.md)`,
  );
}
