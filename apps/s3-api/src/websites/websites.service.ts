import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type AliasRecord,
  type AliasRecordType,
  type AwsAccount,
  type BucketLogging,
  type ChangeInfo,
  AwsAccountProvider,
  CLOUDFRONT_HOSTED_ZONE_ID,
  CloudFrontGateway,
  type Distribution,
  type IamGroup,
  type IamPolicy,
  type Invalidation,
  type ObjectVersion,
  isGone,
  isInUse,
  isLimitReached,
  isNameTaken,
  isNotYetPropagated,
  isPublicAccessBlockPropagating,
  PropagationWaits,
  type PublicAccessBlock,
  Route53Gateway,
  S3ControlGateway,
  S3Gateway,
  type Tag,
  unlessGone,
  type WebsiteConfiguration,
  websitePublicReadPolicy,
} from '#aws';
import { mapLimit, type Saga, settleAll } from '#common';
import { AccessService } from '../access/access.service.js';
import { type BucketContents, describeContents, isEmpty } from '../common/bucket-contents.js';
import { cyberduckBookmark } from '../common/cyberduck-bookmark.js';
import { isPlaceholderTagSet, mayBePlaceholder, PLACEHOLDER_NAME, PLACEHOLDER_TAG, placeholderBody } from '../common/placeholder.js';
import { SagaRunner } from '../common/saga-runner.js';
import { DISTRIBUTION_ID_TAG, splitTags, systemTags, withSystemTags } from '../common/system-tags.js';
import { OwnershipErrors } from '../ownership/ownership.errors.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import type { CreateWebsiteDto, WebsiteConfigurationDto } from './dto/create-website.dto.js';
import { distributionArn, resolveWebsiteName, WEBSITE_TAG, type WebsiteName, websiteEndpoint } from './website-rules.js';
import { WebsiteErrors } from './websites.errors.js';

/**
 * A website's bucket serves the public through its bucket policy, so BlockPublicPolicy and
 * RestrictPublicBuckets must be off; ACLs stay blocked (the bucket enforces owner-only objects).
 */
const WEBSITE_PUBLIC_ACCESS_BLOCK: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

/**
 * The account's own Block Public Access applies to every bucket whatever the bucket's says: these two
 * refuse the public-read policy (BlockPublicPolicy) or make it serve nobody (RestrictPublicBuckets).
 */
const PUBLIC_WEBSITE_BLOCKERS = ['BlockPublicPolicy', 'RestrictPublicBuckets'] as const satisfies readonly (keyof PublicAccessBlock)[];

/** Concurrent per-object calls of one request (S3 takes far more; this keeps one request polite). */
const OBJECT_POOL = 8;
/** One page of each listing of the bucket's contents. */
const VERSION_PAGE = 1000;

const ALIAS_TYPES: readonly AliasRecordType[] = ['A', 'AAAA'];

interface Contents {
  /** The placeholder versions this service wrote (all the bucket holds when `others` is empty). */
  readonly placeholders: ObjectVersion[];
  /** Everything else: what keeps the website from being deleted. */
  readonly others: BucketContents;
}

/** Static websites: an S3 website bucket behind a CloudFront distribution with Route 53 alias records. */
/** An admin policy and group. */
interface Access {
  readonly policy: IamPolicy;
  readonly group: IamGroup;
}

export interface CreatedWebsite {
  readonly name: string;
  readonly admin: Access;
  readonly webAdmin: Access;
  readonly distribution: Distribution;
  readonly dnsChange: ChangeInfo;
}

export interface WebsiteDetails {
  /** All of the bucket's, system tags included. */
  readonly tags: readonly Tag[];
  readonly logging: BucketLogging | null;
  readonly empty: boolean;
  readonly record: AliasRecord | null;
  readonly distribution: Distribution | null;
}

/** The website and what was removed with it (the distribution as disabled, when there was one). */
export interface RemovedWebsite {
  readonly name: string;
  readonly users: readonly string[];
  readonly policies: readonly string[];
  readonly groups: readonly string[];
  readonly record: AliasRecord | null;
  readonly distribution: Distribution | null;
}

@Injectable()
export class WebsitesService {
  constructor(
    private readonly accounts: AwsAccountProvider,
    private readonly s3: S3Gateway,
    private readonly s3Control: S3ControlGateway,
    private readonly cloudFront: CloudFrontGateway,
    private readonly route53: Route53Gateway,
    private readonly access: AccessService,
    private readonly ownership: OwnershipService,
    private readonly sagas: SagaRunner,
    private readonly waits: PropagationWaits,
  ) {}

  /** The account and the checked website name; no AWS call. */
  private target(accountRef: string, name: string, field = 'website'): { account: AwsAccount; site: WebsiteName } {
    const account = this.accounts.resolve(accountRef);
    return { account, site: resolveWebsiteName(account, name, field) };
  }

  async create(accountRef: string, input: CreateWebsiteDto): Promise<CreatedWebsite> {
    const { account, site } = this.target(accountRef, input.BucketInput.Bucket, 'BucketInput.Bucket');
    const name = site.name;
    const clientTags: Tag[] = (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value }));
    const website = websiteConfiguration(input.WebsiteConfiguration);
    // What could refuse the website is read alongside, before anything is made: IAM quotas for its
    // groups and policies, a CNAME at its name, beside which DNS admits no alias record, and the
    // account's Block Public Access, which would refuse the bucket's public-read policy.
    const [existence, usage, cname, accountBlock] = await settleAll([
      this.s3.headBucket(account, name),
      this.access.quotaUsage(account),
      this.route53.hasRecord(account, site.zone.hostedZoneId, name, 'CNAME'),
      this.s3Control.accountPublicAccessBlock(account),
    ] as const);
    if (existence !== 'missing') throw WebsiteErrors.alreadyExists(name);
    if (cname) throw WebsiteErrors.dnsNameHasCname(name, site.domain);
    const refusing = PUBLIC_WEBSITE_BLOCKERS.filter((setting) => accountBlock?.[setting]);
    if (refusing.length > 0) throw WebsiteErrors.blockedByAccount(name, account, refusing);
    this.access.refuseOverQuota(account, usage, { groups: 2, policies: 2 }, `website '${name}'`);

    return this.sagas.run(
      'createWebsite',
      async (saga) => {
        // The distribution comes first: its alias can belong to one distribution only, so it is the
        // atomic claim on the name. A concurrent create of the same name stops here, before it makes
        // a bucket; in us-east-1 CreateBucket answers 200 for a bucket we already own, and the loser's
        // undo would otherwise delete the winner's bucket.
        const distribution = await saga.step(
          'create distribution',
          () => this.createDistribution(account, site, website.IndexDocument.Suffix, clientTags),
          // CloudFront deletes only disabled, deployed distributions: the janitor finishes the job.
          // The alias is released at once, so that a retry of this create is not refused.
          (d) => this.cloudFront.disableDistribution(account, d.Id, { releaseAliases: true }),
        );
        await saga.step(
          'create bucket',
          () =>
            this.s3.createBucket(account, name, account.region).catch((error: unknown) => {
              if (isNameTaken(error, 'bucket')) throw WebsiteErrors.alreadyExists(name, error);
              if (isNotYetPropagated(error, 'bucketOperation')) throw WebsiteErrors.nameReleasing(name, error);
              throw error;
            }),
          // A bucket that has not propagated yet refuses its delete as an operation in progress.
          () =>
            this.waits.retry(
              `delete new bucket ${name}`,
              (error) => isNotYetPropagated(error, 'bucketOperation'),
              () => this.s3.deleteBucket(account, name),
            ),
        );
        // S3 may answer a new bucket's first calls as if it did not exist yet: those wait for it, within a bound.
        const configure = (what: string, call: () => Promise<void>) =>
          this.waits.retry(`${what} of new bucket ${name}`, (error) => isNotYetPropagated(error, 'newBucket'), call);
        const records = ALIAS_TYPES.map((type) => ({ name, type, target: distribution.DomainName }));
        const [admin, webAdmin, dnsChange] = await saga.all([
          () => this.access.createAdminAccess(saga, account, name, true),
          () => this.access.createWebAdminAccess(saga, account, name, distribution.ARN),
          () =>
            saga.step(
              'create DNS records',
              // UPSERT, not CREATE: the name is ours (the distribution's alias claims it), and a CREATE that
              // AWS applied but whose answer was lost would fail on the SDK's retry and leave the records
              // with no undo registered, blocking every later create of the name.
              () => this.route53.changeAliasRecords(account, site.zone.hostedZoneId, 'UPSERT', records, 'Created by s3-api'),
              () => this.route53.changeAliasRecords(account, site.zone.hostedZoneId, 'DELETE', records, 'Undone by s3-api'),
            ),
          // Bucket settings need no undo of their own: deleting the bucket removes them.
          () =>
            saga.step('tag bucket', () =>
              configure('tags', () =>
                this.s3.putBucketTags(account, name, withSystemTags(clientTags, systemTags(account, [{ Key: DISTRIBUTION_ID_TAG, Value: distribution.Id }]))),
              ),
            ),
          () => saga.step('default encryption', () => configure('encryption', () => this.s3.putDefaultEncryption(account, name))),
          () =>
            account.accessLog
              ? saga.step('access logging', () => configure('logging', () => this.s3.putBucketLogging(account, name, logTarget(account, name))))
              : Promise.resolve(),
          () => saga.step('website configuration', () => configure('website configuration', () => this.s3.putBucketWebsite(account, name, website))),
          () => this.makePublic(saga, account, name, configure),
          () =>
            saga.step(
              'placeholder index',
              () =>
                configure('placeholder', () =>
                  this.s3.putObject(account, name, PLACEHOLDER_NAME, placeholderBody(name), {
                    contentType: 'text/html; charset=utf-8',
                    tags: [PLACEHOLDER_TAG],
                  }),
                ),
              () => this.s3.deleteObject(account, name, PLACEHOLDER_NAME),
            ),
        ] as const);
        return { name, admin, webAdmin, distribution, dnsChange };
      },
      { website: name },
    );
  }

  private async createDistribution(account: AwsAccount, site: WebsiteName, indexDocument: string, clientTags: readonly Tag[]): Promise<Distribution> {
    try {
      return await this.cloudFront.createWebsiteDistribution(account, {
        callerReference: randomUUID(),
        alias: site.name,
        originDomain: websiteEndpoint(site.name, account.region),
        certificateArn: site.zone.certificateArn,
        indexDocument,
        comment: site.name,
        tags: [...clientTags, ...systemTags(account, [{ Key: WEBSITE_TAG, Value: site.name }])],
      });
    } catch (error) {
      if (isNameTaken(error, 'alias')) throw WebsiteErrors.alreadyExists(site.name, error);
      throw error;
    }
  }

  /**
   * The public-read policy is refused while BlockPublicPolicy is on, so Block Public Access is relaxed
   * first; S3 goes on refusing it for a few seconds while that change propagates, which is waited out.
   */
  private async makePublic(
    saga: Saga,
    account: AwsAccount,
    bucket: string,
    configure: (what: string, call: () => Promise<void>) => Promise<void>,
  ): Promise<void> {
    await saga.step('relax block public access', () =>
      configure('public access block', () => this.s3.putPublicAccessBlock(account, bucket, WEBSITE_PUBLIC_ACCESS_BLOCK)),
    );
    await saga.step('public-read policy', () =>
      this.waits.retry(
        `public-read policy of new bucket ${bucket}`,
        (error) => isNotYetPropagated(error, 'newBucket') || isPublicAccessBlockPropagating(error),
        () => this.s3.putBucketPolicy(account, bucket, JSON.stringify(websitePublicReadPolicy(bucket))),
      ),
    );
  }

  /** @throws WebsiteNotFound (404), BucketNotManaged (403) */
  async exists(accountRef: string, name: string): Promise<void> {
    const { account } = this.target(accountRef, name);
    await this.ownership.website(account, name);
  }

  async show(accountRef: string, name: string): Promise<WebsiteDetails> {
    const { account, site } = this.target(accountRef, name);
    const notFound = this.notFoundIfMissing(name);
    // The distribution id is on the bucket, so the critical path is two round trips: the tags, then
    // the distribution; everything else starts alongside the tags.
    const website = this.ownership.website(account, name);
    const distribution = website.then((w) => this.findDistribution(account, w.distributionId));
    const [{ tags }, logging, contents, record, found] = await settleAll([
      website,
      this.s3.getBucketLogging(account, name).catch(notFound),
      this.contents(account, name).catch(notFound),
      this.route53.getAliasRecord(account, site.zone.hostedZoneId, name, 'A'),
      distribution,
    ] as const);
    return { tags, logging, empty: isEmpty(contents.others), record, distribution: found };
  }

  private async findDistribution(account: AwsAccount, id: string | undefined): Promise<Distribution | null> {
    if (!id) return null;
    return (await this.cloudFront.getDistribution(account, id))?.distribution ?? null;
  }

  /** Replaces the client tags of the bucket and of the distribution alike; system tags stay. */
  /** Answers the client tags now on both. */
  async update(accountRef: string, name: string, tags: readonly Tag[]): Promise<Tag[]> {
    const { account } = this.target(accountRef, name);
    const { tags: current, distributionId: id } = await this.ownership.website(account, name);
    const clientTags = tags.map((t) => ({ Key: t.Key, Value: t.Value }));
    await settleAll([
      this.s3.putBucketTags(account, name, withSystemTags(clientTags, splitTags(current).system)),
      this.retagDistribution(account, distributionArn(account, id), clientTags),
    ] as const);
    return clientTags;
  }

  /** TagResource only adds or overwrites, so client keys no longer wanted are removed explicitly. */
  private async retagDistribution(account: AwsAccount, arn: string, clientTags: readonly Tag[]): Promise<void> {
    const current = await unlessGone(this.cloudFront.listTags(account, arn), 'distribution', null);
    if (!current) return;
    const wanted = new Set(clientTags.map((t) => t.Key));
    const stale = splitTags(current)
      .client.map((t) => t.Key)
      .filter((key) => !wanted.has(key));
    await settleAll([
      clientTags.length > 0 ? this.cloudFront.tagResource(account, arn, clientTags) : Promise.resolve(),
      stale.length > 0 ? this.cloudFront.untagResource(account, arn, stale) : Promise.resolve(),
    ] as const);
  }

  async invalidate(accountRef: string, name: string, paths: readonly string[]): Promise<Invalidation> {
    const { account } = this.target(accountRef, name);
    const { distributionId: id } = await this.ownership.website(account, name);
    try {
      return await this.cloudFront.createInvalidation(account, id, paths, randomUUID());
    } catch (error) {
      if (isLimitReached(error, 'invalidations')) throw WebsiteErrors.tooManyInvalidations(name, error);
      if (isGone(error, 'distribution')) throw OwnershipErrors.websiteNotFound(name);
      throw error;
    }
  }

  /**
   * Tears the website down. The bucket goes last: it holds the distribution id (a system tag), so
   * as long as anything of the website is left, a repeated DELETE finds all of it again, and every
   * step before it is idempotent. The distribution is disabled, not deleted: CloudFront deletes only
   * deployed, disabled distributions, which the janitor does once the bucket is gone.
   */
  async remove(accountRef: string, name: string): Promise<RemovedWebsite> {
    const { account, site } = this.target(accountRef, name);
    const notFound = this.notFoundIfMissing(name);
    const [{ distributionId: id }, contents, ...records] = await settleAll([
      this.ownership.website(account, name),
      this.contents(account, name).catch(notFound),
      ...ALIAS_TYPES.map((type) => this.route53.getAliasRecord(account, site.zone.hostedZoneId, name, type)),
    ] as const);
    // What S3 would refuse DeleteBucket for is refused before anything else changes.
    if (!isEmpty(contents.others)) throw WebsiteErrors.notEmpty(name, describeContents(contents.others));
    // Only CloudFront aliases are ours to remove; any other record under the name was made by someone else.
    const ours = records.filter((r): r is AliasRecord => r?.AliasTarget.HostedZoneId === CLOUDFRONT_HOSTED_ZONE_ID);
    const [removed, , , distribution] = await settleAll([
      this.access.teardown(account, name, true),
      ours.length > 0
        ? this.route53.changeAliasRecords(
            account,
            site.zone.hostedZoneId,
            'DELETE',
            ours.map((r) => ({ name: r.Name, type: r.Type, target: r.AliasTarget.DNSName })),
            'Deleted by s3-api',
          )
        : Promise.resolve(null),
      // By version: in a versioned bucket a plain delete would only add a delete marker.
      mapLimit(contents.placeholders, OBJECT_POOL, (version) => this.s3.deleteObject(account, name, version.key, version.versionId)),
      this.disableDistribution(account, id),
    ] as const);
    try {
      await this.s3.deleteBucket(account, name);
    } catch (error) {
      // Someone uploaded while we were tearing down: the bucket (and the id) stay for a retry.
      if (isInUse(error, 'bucket')) throw WebsiteErrors.notEmpty(name, 'objects written while it was being deleted');
      if (!isGone(error, 'bucket')) throw error;
    }
    return { name, ...removed, record: ours.find((r) => r.Type === 'A') ?? null, distribution };
  }

  private disableDistribution(account: AwsAccount, id: string): Promise<Distribution | null> {
    // Releasing the alias lets the name be used again at once; the janitor finds the distribution by its tags.
    return unlessGone(this.cloudFront.disableDistribution(account, id, { releaseAliases: true }), 'distribution', null);
  }

  async bookmark(accountRef: string, name: string, path?: string): Promise<string> {
    const { account } = this.target(accountRef, name);
    await this.ownership.website(account, name);
    return cyberduckBookmark(name, path);
  }

  /**
   * What the bucket holds besides our placeholders: every version, delete marker and incomplete upload
   * counts, as it does for DeleteBucket. The scan stops at the first page that holds anything else;
   * only placeholder-shaped keys cost a GetObjectTagging each.
   */
  private async contents(account: AwsAccount, bucket: string): Promise<Contents> {
    const [scan, uploads] = await settleAll([this.scanVersions(account, bucket), this.s3.listMultipartUploads(account, bucket, VERSION_PAGE)] as const);
    return { placeholders: scan.placeholders, others: { ...scan.others, uploads: uploads.uploads, more: scan.others.more || uploads.truncated } };
  }

  private async scanVersions(account: AwsAccount, bucket: string): Promise<{ placeholders: ObjectVersion[]; others: Omit<BucketContents, 'uploads'> }> {
    const placeholders: ObjectVersion[] = [];
    let from: { keyMarker: string; versionIdMarker: string } | undefined;
    do {
      const page = await this.s3.listObjectVersions(account, bucket, { maxKeys: VERSION_PAGE, ...(from ? { from } : {}) });
      const shaped = page.versions.filter((version) => mayBePlaceholder(version.key));
      const tagged = await mapLimit(shaped, OBJECT_POOL, (version) => this.isPlaceholder(account, bucket, version));
      const ours = shaped.filter((_, n) => tagged[n] === true);
      const others = page.versions.length - ours.length - tagged.filter((t) => t === null).length;
      if (others > 0 || page.deleteMarkers.length > 0) {
        return { placeholders, others: { versions: others, deleteMarkers: page.deleteMarkers.length, more: page.next !== undefined } };
      }
      placeholders.push(...ours);
      from = page.next;
    } while (from);
    return { placeholders, others: { versions: 0, deleteMarkers: 0, more: false } };
  }

  /** null: the object disappeared meanwhile (it counts for nothing). */
  private isPlaceholder(account: AwsAccount, bucket: string, version: ObjectVersion): Promise<boolean | null> {
    return unlessGone(this.s3.getObjectTags(account, bucket, version.key, version.versionId).then(isPlaceholderTagSet), 'object', null);
  }

  private notFoundIfMissing(name: string): (error: unknown) => never {
    return (error) => {
      throw isGone(error, 'bucket') ? OwnershipErrors.websiteNotFound(name) : error;
    };
  }
}

function websiteConfiguration(input: WebsiteConfigurationDto | undefined): WebsiteConfiguration {
  return {
    IndexDocument: { Suffix: input?.IndexDocument?.Suffix || PLACEHOLDER_NAME },
    ...(input?.ErrorDocument ? { ErrorDocument: { Key: input.ErrorDocument.Key } } : {}),
    ...(input?.RoutingRules
      ? {
          RoutingRules: input.RoutingRules.map((rule) => ({
            ...(rule.Condition
              ? {
                  Condition: {
                    ...(rule.Condition.HttpErrorCodeReturnedEquals !== undefined
                      ? { HttpErrorCodeReturnedEquals: rule.Condition.HttpErrorCodeReturnedEquals }
                      : {}),
                    ...(rule.Condition.KeyPrefixEquals !== undefined ? { KeyPrefixEquals: rule.Condition.KeyPrefixEquals } : {}),
                  },
                }
              : {}),
            Redirect: {
              ...(rule.Redirect.HostName !== undefined ? { HostName: rule.Redirect.HostName } : {}),
              ...(rule.Redirect.HttpRedirectCode !== undefined ? { HttpRedirectCode: rule.Redirect.HttpRedirectCode } : {}),
              ...(rule.Redirect.Protocol !== undefined ? { Protocol: rule.Redirect.Protocol } : {}),
              ...(rule.Redirect.ReplaceKeyPrefixWith !== undefined ? { ReplaceKeyPrefixWith: rule.Redirect.ReplaceKeyPrefixWith } : {}),
              ...(rule.Redirect.ReplaceKeyWith !== undefined ? { ReplaceKeyWith: rule.Redirect.ReplaceKeyWith } : {}),
            },
          })),
        }
      : {}),
  };
}

/** Server access logs of the website go under `<prefix>/<site>/` in the account's log bucket. */
function logTarget(account: AwsAccount, bucket: string): { bucket: string; prefix: string } {
  const log = account.accessLog!;
  return { bucket: log.bucket, prefix: log.prefix ? `${log.prefix}/${bucket}/` : `${bucket}/` };
}
