import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  type AliasRecord,
  type AliasRecordType,
  type AwsAccount,
  type BucketLogging,
  type ChangeInfo,
  AwsAccountProvider,
  CloudFrontGateway,
  type Distribution,
  distributionArn,
  type Invalidation,
  type ObjectVersion,
  isForbidden,
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
  sameDnsName,
  S3Gateway,
  type Tag,
  unlessGone,
  type WebsiteConfiguration,
  websiteMigrationPolicy,
  websiteOriginAccessPolicy,
  type WebsiteOrigin,
} from '#aws';
import { Errors, mapLimit, type Saga, settleAll } from '#common';
import { AccessService, type MadeAccess } from '../access/access.service.js';
import { type BucketContents, describeContents, isEmpty } from '../common/bucket-contents.js';
import { createClaimedBucket } from '../common/claimed-bucket.js';
import { cyberduckBookmark } from '../common/cyberduck-bookmark.js';
import { isPlaceholderTagSet, mayBePlaceholder, PLACEHOLDER_NAME, PLACEHOLDER_TAG, placeholderBody } from '../common/placeholder.js';
import { SagaRunner } from '../common/saga-runner.js';
import { carriesSystemTags, DISTRIBUTION_ID_TAG, splitTags, systemTags, withSystemTags } from '../common/system-tags.js';
import { OwnershipErrors } from '../ownership/ownership.errors.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import type { CreateWebsiteDto, WebsiteConfigurationDto } from './dto/create-website.dto.js';
import { websiteEdge } from './website-edge.js';
import { WebsiteOrigins } from './website-origins.js';
import { resolveWebsiteName, restEndpoint, WEBSITE_TAG, type WebsiteName } from './website-rules.js';
import { WebsiteErrors } from './websites.errors.js';

/** A website's bucket is private: CloudFront reads it through its origin access control, nobody else. */
const PRIVATE_BUCKET: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** CloudFront's limit of tags per distribution. */
const MAX_DISTRIBUTION_TAGS = 50;

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
export interface CreatedWebsite {
  readonly name: string;
  readonly admin: MadeAccess;
  readonly webAdmin: MadeAccess;
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

/** A website after its migration (`migrated` false: it read through an origin access control already). */
export interface MigratedWebsite {
  readonly name: string;
  readonly distribution: Distribution;
  readonly migrated: boolean;
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
  private readonly logger = new Logger(WebsitesService.name);

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
    private readonly origins: WebsiteOrigins,
  ) {}

  /** The account and the checked website name; no AWS call. */
  private target(accountRef: string, name: string, field = 'website'): { account: AwsAccount; site: WebsiteName } {
    const account = this.accounts.resolve(accountRef);
    return { account, site: resolveWebsiteName(account, name, field) };
  }

  /**
   * Claims the name (see AccessService.claimName), creates the site's function and its distribution,
   * which reads a private bucket through the account's origin access control, then the bucket with its
   * configuration, the admin and web-admin access and the DNS records concurrently; the bucket's system
   * tags (with the distribution's id) go last, so a website is the service's only once complete. A
   * routing rule CloudFront cannot express is refused (400) before any AWS call; any other failure
   * undoes everything this request made.
   */
  async create(accountRef: string, input: CreateWebsiteDto): Promise<CreatedWebsite> {
    const { account, site } = this.target(accountRef, input.BucketInput.Bucket, 'BucketInput.Bucket');
    const name = site.name;
    const clientTags: Tag[] = (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value }));
    const website = websiteConfiguration(input.WebsiteConfiguration);
    const edge = websiteEdge(website);
    const request = randomUUID();

    return this.sagas.run(
      'createWebsite',
      async (saga) => {
        // What could refuse the website is read alongside the claim, and refuses it before anything else is
        // made: IAM quotas for its groups and policies, and a CNAME at its name, beside which DNS admits no
        // alias record. The bucket is private, so the account's Block Public Access no longer refuses it.
        const [claim, existing, usage, access, cname] = await saga.all([
          () => this.access.claimName(saga, account, name, true, request),
          () => this.s3.headBucket(account, name),
          () => this.access.quotaUsage(account),
          () => this.access.planWebsiteAccess(account, name, request),
          () => this.route53.hasRecord(account, site.zone.hostedZoneId, name, 'CNAME'),
        ] as const);
        if (!claim || existing !== 'missing') throw WebsiteErrors.alreadyExists(name);
        if (cname) throw WebsiteErrors.dnsNameHasCname(name, site.domain);
        this.access.refuseOverQuota(account, usage, access.need, `website '${name}'`);
        // S3 may answer a new bucket's first calls as if it did not exist yet: those wait for it, within a bound.
        const configure = (what: string, call: () => Promise<unknown>) =>
          // Stryker disable next-line StringLiteral: it only names the wait in its log lines
          this.waits.retry(`${what} of new bucket ${name}`, (error) => isNotYetPropagated(error, 'newBucket'), call);
        // The distribution comes before the bucket: its alias belongs to one distribution of all
        // accounts, so a name served elsewhere is refused before this request takes the bucket name,
        // which is global too, even for a moment.
        const origin = await this.origins.privateOrigin(saga, account, name, restEndpoint(name, account.region), edge);
        const distribution = await saga.step(
          'create distribution',
          () => this.createDistribution(account, site, website.IndexDocument.Suffix, clientTags, origin, request),
          // CloudFront deletes only disabled, deployed distributions: the reconciler finishes the job, and
          // deletes the function with it (CloudFront keeps a function a distribution names, so the
          // function's own undo leaves it). The alias is released at once, so that a retry of this create is not refused.
          (d) => this.cloudFront.disableDistribution(account, d.Id, { releaseAliases: true }),
        );
        const records = ALIAS_TYPES.map((type) => ({ name, type, target: distribution.DomainName }));
        const [{ admin, webAdmin }, dnsChange] = await saga.all([
          () => access.make(saga, { claim, distributionArn: distribution.ARN }),
          () =>
            saga.step(
              'create DNS records',
              // UPSERT, not CREATE: the name is ours (claimed, and the distribution's alias), and a CREATE
              // that AWS applied but whose answer was lost would fail on the SDK's retry.
              () => this.route53.changeAliasRecords(account, site.zone.hostedZoneId, 'UPSERT', records, 'Created by s3-api'),
              () => this.route53.deleteAliasRecords(account, site.zone.hostedZoneId, records, 'Undone by s3-api'),
            ),
          async () => {
            await createClaimedBucket(saga, this.s3, this.waits, account, name, account.region, {
              taken: () => WebsiteErrors.alreadyExists(name),
              releasing: (error) => WebsiteErrors.nameReleasing(name, error),
            });
            // Bucket settings need no undo of their own: deleting the bucket removes them.
            await saga.all([
              () => saga.step('default encryption', () => configure('encryption', () => this.s3.putDefaultEncryption(account, name))),
              () =>
                account.accessLog
                  ? saga.step('access logging', () => configure('logging', () => this.s3.putBucketLogging(account, name, logTarget(account, name))))
                  : Promise.resolve(),
              // The bucket's record of the site's configuration, which the function was made from.
              () => saga.step('website configuration', () => configure('website configuration', () => this.s3.putBucketWebsite(account, name, website))),
              // S3 makes new buckets private already; said here too, so that nothing else decides it.
              () => saga.step('block public access', () => configure('public access block', () => this.s3.putPublicAccessBlock(account, name, PRIVATE_BUCKET))),
              () =>
                saga.step('origin access policy', () =>
                  configure('bucket policy', () => this.s3.putBucketPolicy(account, name, JSON.stringify(websiteOriginAccessPolicy(name, distribution.ARN)))),
                ),
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
          },
        ] as const);
        // Last: until the bucket carries the system tags and the distribution's id, no route takes it for
        // a website of the service's, and a create cut off half-way is one the reconciler knows unfinished.
        // Stryker disable next-line StringLiteral: a step without an undo is never named (a saga names only the undos that failed)
        await saga.step('tag bucket', () =>
          // Stryker disable next-line StringLiteral: it only names the wait in its log lines
          configure('tags', () =>
            this.s3.putBucketTags(account, name, withSystemTags(clientTags, systemTags(account, [{ Key: DISTRIBUTION_ID_TAG, Value: distribution.Id }]))),
          ),
        );
        return { name, admin, webAdmin, distribution, dnsChange };
      },
      { website: name },
    );
  }

  private async createDistribution(
    account: AwsAccount,
    site: WebsiteName,
    indexDocument: string,
    clientTags: readonly Tag[],
    origin: WebsiteOrigin,
    request: string,
  ): Promise<Distribution> {
    try {
      return await this.cloudFront.createWebsiteDistribution(account, {
        callerReference: request,
        alias: site.name,
        origin,
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
   * Moves a website made before origin access controls off its public bucket: the function and the
   * account's origin access control, a bucket policy that lets both readers in while the distribution
   * moves (unless the account refuses public policies, when the old site served nobody anyway), the
   * distribution repointed at the REST endpoint, then the bucket made private, and all of it read back.
   * A failure anywhere, the read-back included, puts every step back. A website already there is
   * answered as it is.
   */
  async migrate(accountRef: string, name: string): Promise<MigratedWebsite> {
    const { account } = this.target(accountRef, name);
    const { distributionId: id } = await this.ownership.website(account, name);
    const notFound = this.notFoundIfMissing(name);
    const [found, website, policy, block, accountBlock] = await settleAll([
      this.distribution(account, name, id),
      this.s3.getBucketWebsite(account, name).catch(notFound),
      this.s3.getBucketPolicy(account, name).catch(notFound),
      this.s3.getPublicAccessBlock(account, name).catch(notFound),
      this.s3Control.accountPublicAccessBlock(account),
    ] as const);
    if (!found) throw OwnershipErrors.websiteNotFound(name);
    const before = found.distribution;
    if (readsThroughOriginAccessControl(before)) return { name, distribution: before, migrated: false };
    const edge = websiteEdge(website ?? { IndexDocument: { Suffix: PLACEHOLDER_NAME } });
    // Stryker disable next-line OptionalChaining,StringLiteral: CloudFront keeps at least one origin on a distribution (Origins.Items: minimum 1 item, CloudFront API reference), so the fallback never applies
    const previousDomain = before.DistributionConfig.Origins.Items[0]?.DomainName ?? '';
    const previous: WebsiteOrigin = { kind: 'website-endpoint', domain: previousDomain };
    const bothReaders = !accountBlock?.BlockPublicPolicy;
    // A public policy put back while Block Public Access is being relaxed again is refused until that propagates.
    const putPolicy = (what: string, text: string) =>
      // Stryker disable next-line StringLiteral: it only names the wait in its log lines
      this.waits.retry(`${what} of ${name}`, isPublicAccessBlockPropagating, () => this.s3.putBucketPolicy(account, name, text));
    // Stryker disable next-line StringLiteral: it only names the wait in its log lines
    const putBack = () => (policy ? putPolicy('policy put back', policy) : Promise.resolve());

    return this.sagas.run(
      'migrateWebsite',
      async (saga) => {
        const origin = await this.origins.privateOrigin(saga, account, name, restEndpoint(name, account.region), edge);
        const both = JSON.stringify(websiteMigrationPolicy(name, before.ARN));
        // Stryker disable next-line StringLiteral: it only names the wait in its log lines
        const letBothIn = () => putPolicy('policy for both readers', both);
        if (bothReaders) await saga.step('let both readers in', letBothIn, putBack);
        const distribution = await saga.step(
          'repoint the distribution',
          () => this.cloudFront.setWebsiteOrigin(account, id, origin),
          () => this.cloudFront.setWebsiteOrigin(account, id, previous),
        );
        await saga.step(
          'origin access policy',
          () => this.s3.putBucketPolicy(account, name, JSON.stringify(websiteOriginAccessPolicy(name, before.ARN))),
          () => (bothReaders ? letBothIn() : putBack()),
        );
        await saga.step(
          'block public access',
          () => this.s3.putPublicAccessBlock(account, name, PRIVATE_BUCKET),
          () => (block ? this.s3.putPublicAccessBlock(account, name, block) : Promise.resolve()),
        );
        // Stryker disable next-line StringLiteral: a step without an undo is never named (a saga names only the undos that failed)
        await saga.step('verify', () => this.verifyPrivate(account, name, id, before.ARN, origin.originAccessControlId));
        return { name, distribution, migrated: true };
      },
      { website: name },
    );
  }

  /** Reads back what a migration wrote: all four Block Public Access settings, the policy, the origin. */
  private async verifyPrivate(account: AwsAccount, name: string, id: string, arn: string, originAccessControlId: string): Promise<void> {
    const [block, policy, found] = await settleAll([
      this.s3.getPublicAccessBlock(account, name),
      this.s3.getBucketPolicy(account, name),
      this.cloudFront.getDistribution(account, id),
    ] as const);
    const problems: string[] = [];
    if (!block || !Object.values(block).every(Boolean)) problems.push('its Block Public Access is not all on');
    const statements = policy ? ((JSON.parse(policy) as { Statement?: { Principal?: unknown }[] }).Statement ?? []) : [];
    if (statements.length === 0 || statements.some((statement) => JSON.stringify(statement.Principal ?? '*').includes('"*"')))
      problems.push('its bucket policy is missing or still names "*"');
    if (!policy?.includes(`"${arn}"`)) problems.push('its bucket policy does not name the distribution');
    // Stryker disable next-line OptionalChaining: CloudFront keeps at least one origin on a distribution (Origins.Items: minimum 1 item, CloudFront API reference)
    if (found?.distribution.DistributionConfig.Origins.Items[0]?.OriginAccessControlId !== originAccessControlId)
      problems.push('its distribution does not read through the origin access control');
    if (problems.length > 0) throw WebsiteErrors.migrationNotVerified(name, problems);
  }

  /** @throws WebsiteNotFound (404), BucketNotManaged (403) */
  async list(accountRef: string): Promise<string[]> {
    return this.ownership.websites(this.accounts.resolve(accountRef));
  }

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
    const distribution = website.then((w) => this.findDistribution(account, name, w.distributionId));
    const [{ tags }, logging, contents, record, found] = await settleAll([
      website,
      this.s3.getBucketLogging(account, name).catch(notFound),
      this.contents(account, name).catch(notFound),
      this.route53.getAliasRecord(account, site.zone.hostedZoneId, name, 'A'),
      distribution,
    ] as const);
    return { tags, logging, empty: isEmpty(contents.others), record, distribution: found };
  }

  private async findDistribution(account: AwsAccount, name: string, id: string | undefined): Promise<Distribution | null> {
    if (!id) return null;
    return (await this.distribution(account, name, id))?.distribution ?? null;
  }

  /** The website's distribution and its ETag; null when CloudFront no longer has it (see CloudFrontGateway.gone). */
  private async distribution(account: AwsAccount, name: string, id: string): Promise<{ distribution: Distribution; etag: string } | null> {
    try {
      return await this.cloudFront.getDistribution(account, id);
    } catch (error) {
      throw await this.refusal(account, name, id, error);
    }
  }

  /**
   * A refusal of a distribution that exists. It is someone else's now when it no longer carries the
   * service's tags (whose tags the service may list on any distribution: deploy/iam); otherwise the
   * service's own policy lacks the right, which stays AWS's refusal of the service (AwsAccessDenied).
   */
  private async refusal(account: AwsAccount, name: string, id: string, error: unknown): Promise<unknown> {
    if (!isForbidden(error, 'cloudfront')) return error;
    const tags = await unlessGone(this.cloudFront.listTags(account, distributionArn(account, id)), 'distribution', null);
    return tags && carriesSystemTags(account, tags) ? error : WebsiteErrors.distributionNotManaged(name, id, error);
  }

  /**
   * Replaces the client tags of the bucket and of the distribution alike; system tags stay. Answers
   * the client tags now on both. A failure on either puts the other back as it was.
   */
  async update(accountRef: string, name: string, tags: readonly Tag[]): Promise<Tag[]> {
    const { account } = this.target(accountRef, name);
    const { distributionId: id } = await this.ownership.website(account, name);
    const clientTags = tags.map((t) => ({ Key: t.Key, Value: t.Value }));
    await this.sagas.run(
      'updateWebsite',
      async (saga) => {
        // One retag of a site at a time (see AccessService.lockTags).
        const locked = await saga.step(
          'lock the tags',
          () => this.access.lockTags(account, name, randomUUID()),
          (held) => (held ? this.access.unlockTags(account, name) : Promise.resolve()),
        );
        if (!locked) throw Errors.concurrentChange(`the tags of '${name}'`);
        // Read under the lock: what an undo puts back includes what a retag that just finished wrote.
        const arn = distributionArn(account, id);
        const [current, distributionTags] = await settleAll([
          this.s3.getBucketTags(account, name),
          unlessGone(this.cloudFront.listTags(account, arn), 'distribution', null),
        ] as const);
        // A distribution CloudFront no longer has is retagged no more; one without the service's tags is
        // someone else's now, and refuses the retag before anything changes.
        if (distributionTags && !carriesSystemTags(account, distributionTags)) throw WebsiteErrors.distributionNotManaged(name, id);
        await saga.all([
          () =>
            saga.step(
              'replace the bucket tags',
              () => this.s3.putBucketTags(account, name, withSystemTags(clientTags, splitTags(current).system)),
              () => this.s3.putBucketTags(account, name, current),
            ),
          () => (distributionTags ? this.retagDistribution(saga, account, arn, distributionTags, clientTags) : Promise.resolve()),
        ] as const);
        // The lock goes last, and never fails the retag: one left behind is the reconciler's.
        await this.access
          .unlockTags(account, name)
          .catch((error: unknown) => this.logger.warn({ err: error, website: name }, 'could not release the tags lock'));
      },
      { website: name },
    );
    return clientTags;
  }

  /**
   * TagResource only adds or overwrites, so client keys no longer wanted are removed explicitly. Both
   * at once only when the distribution's tag limit holds whichever lands first; otherwise the old
   * keys go first. Each step puts back what it changed if a later one fails.
   */
  private async retagDistribution(saga: Saga, account: AwsAccount, arn: string, current: readonly Tag[], clientTags: readonly Tag[]): Promise<void> {
    const { client, system } = splitTags(current);
    const wanted = new Set(clientTags.map((t) => t.Key));
    const stale = client.filter((t) => !wanted.has(t.Key));
    const untag = () =>
      stale.length > 0
        ? saga.step(
            'remove the distribution tags no longer wanted',
            () =>
              this.cloudFront.untagResource(
                account,
                arn,
                stale.map((t) => t.Key),
              ),
            () => this.cloudFront.tagResource(account, arn, stale),
          )
        : Promise.resolve();
    const had = new Map(client.map((t) => [t.Key, t.Value]));
    const tag = () =>
      clientTags.length > 0
        ? saga.step(
            'tag the distribution',
            () => this.cloudFront.tagResource(account, arn, clientTags),
            async () => {
              const added = clientTags.filter((t) => !had.has(t.Key)).map((t) => t.Key);
              const overwritten = clientTags.filter((t) => had.has(t.Key)).map((t) => ({ Key: t.Key, Value: had.get(t.Key)! }));
              if (added.length > 0) await this.cloudFront.untagResource(account, arn, added);
              if (overwritten.length > 0) await this.cloudFront.tagResource(account, arn, overwritten);
            },
          )
        : Promise.resolve();
    const union = new Set([...client.map((t) => t.Key), ...wanted]);
    if (system.length + union.size <= MAX_DISTRIBUTION_TAGS) {
      await saga.all([untag, tag] as const);
    } else {
      await untag();
      await tag();
    }
  }

  async invalidate(accountRef: string, name: string, paths: readonly string[]): Promise<Invalidation> {
    const { account } = this.target(accountRef, name);
    const { distributionId: id } = await this.ownership.website(account, name);
    try {
      return await this.cloudFront.createInvalidation(account, id, paths, randomUUID());
    } catch (error) {
      if (isLimitReached(error, 'invalidations')) throw WebsiteErrors.tooManyInvalidations(name, error);
      if (await this.cloudFront.gone(account, id, error)) throw OwnershipErrors.websiteNotFound(name);
      throw await this.refusal(account, name, id, error);
    }
  }

  /**
   * Tears the website down: its users, groups and policies, its DNS records, its placeholders and its
   * bucket; its distribution is disabled, not deleted: CloudFront deletes only deployed, disabled
   * distributions, which the reconciler does once the bucket is gone. Everything but the claim on the
   * name goes before the bucket, which holds the distribution's id, so a repeated DELETE finds all of
   * it again; the claim goes last (AccessService.removeAccess). A repeat after the bucket is gone
   * removes what is left in IAM.
   */
  async remove(accountRef: string, name: string): Promise<RemovedWebsite> {
    const { account, site } = this.target(accountRef, name);
    // Read beside the checks, so that the teardown starts with them; nothing changes before they pass.
    const survey = this.access.surveyAccess(account, name);
    survey.catch(() => undefined);
    const website = this.ownership.bucketIfExists(account, name);
    const [target, contents, records, current] = await settleAll([
      website,
      unlessGone(this.contents(account, name), 'bucket', null),
      this.route53.getAliasRecords(account, site.zone.hostedZoneId, name),
      // A distribution that exists but is no longer the service's refuses the whole delete, before anything changes:
      // a bucket deleted under it would let anyone take the bucket's name and serve on the website's domain.
      website.then((found) => (found?.distributionId ? this.distribution(account, name, found.distributionId) : null)),
    ] as const);
    if (!target || !contents) {
      const removed = await this.access.removeAccess(account, name);
      if (!removed.released && removed.users.length + removed.groups.length + removed.policies.length === 0) throw OwnershipErrors.websiteNotFound(name);
      return { name, ...removed, record: null, distribution: null };
    }
    const id = target.distributionId;
    if (!id) throw OwnershipErrors.websiteNotFound(name);
    // What S3 would refuse DeleteBucket for is refused before anything else changes.
    if (!isEmpty(contents.others)) throw WebsiteErrors.notEmpty(name, describeContents(contents.others));
    // Only aliases of this website's distribution are ours to remove; any other record under the name was made by someone else.
    // Route 53 takes an alias to a CloudFront domain only in CloudFront's zone: the target's name alone tells the distribution's.
    const ours = current ? records.filter((r) => sameDnsName(r.AliasTarget.DNSName, current.distribution.DomainName)) : [];
    const others = settleAll([
      ours.length > 0
        ? this.route53.deleteAliasRecords(
            account,
            site.zone.hostedZoneId,
            ours.map((r) => ({ name: r.Name, type: r.Type, target: r.AliasTarget.DNSName })),
            'Deleted by s3-api',
          )
        : Promise.resolve(null),
      // By version: in a versioned bucket a plain delete would only add a delete marker.
      mapLimit(contents.placeholders, OBJECT_POOL, (version) => this.s3.deleteObject(account, name, version.key, version.versionId)),
      current ? this.disableDistribution(account, id) : Promise.resolve(null),
    ] as const);
    // Waited for below, or with the teardown's own failure: never unhandled.
    others.catch(() => undefined);
    let distribution: Distribution | null = null;
    const removed = await this.access.removeAccess(
      account,
      name,
      async () => {
        [, , distribution] = await others;
        try {
          await this.s3.deleteBucket(account, name);
        } catch (error) {
          // Someone uploaded while we were tearing down: the bucket (and the id) stay for a retry.
          if (isInUse(error, 'bucket')) throw WebsiteErrors.notEmpty(name, 'objects written while it was being deleted');
          if (!isGone(error, 'bucket')) throw error;
        }
      },
      survey,
    );
    return { name, ...removed, record: ours.find((r) => r.Type === 'A') ?? null, distribution };
  }

  private disableDistribution(account: AwsAccount, id: string): Promise<Distribution | null> {
    // Releasing the alias lets the name be used again at once; the reconciler finds the distribution by its tags.
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

/** Whether a website's distribution reads its private bucket through an origin access control. */
const readsThroughOriginAccessControl = (distribution: Distribution): boolean =>
  // Stryker disable next-line MethodExpression: a website's distribution has one origin (setWebsiteOrigin replaces them all with one), so some and every agree
  distribution.DistributionConfig.Origins.Items.some((origin) => origin.OriginAccessControlId !== '');

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
                    // Stryker disable ConditionalExpression: a member set to undefined reads as an absent one everywhere this goes (the checks test !== undefined or use ??, the SDK leaves undefined members out)
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
              // Stryker restore ConditionalExpression
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
