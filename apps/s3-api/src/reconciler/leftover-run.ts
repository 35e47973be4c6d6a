import {
  type AccessKeyMetadata,
  type AwsAccount,
  type AwsDomain,
  callBudgetLeft,
  CallBudgetSpent,
  type CloudFrontGateway,
  type DistributionSummary,
  type FunctionListing,
  type IamPolicy,
  existed,
  type IamGateway,
  isForbidden,
  isInUse,
  isStale,
  type Route53Gateway,
  sameDnsName,
  type S3Gateway,
  type Tag,
  unlessGone,
  USER_SCOPE_TAGS,
} from '#aws';
import { mapLimit } from '#common';
import type { AccessService } from '../access/access.service.js';
import type { NameClaims } from '../access/name-claims.js';
import { accessNames, KEY_LOCK_SUFFIX, ownPolicyArn, TAGS_LOCK_SUFFIX } from '../access/access-names.js';
import { isPlaceholderTagSet, mayBePlaceholder } from '../common/placeholder.js';
import { ABANDONED_TAG, distributionIdOf, MANAGED_BY_TAG, MANAGED_BY_VALUE, OLD_KEYS_TAG, ORG_TAG, REQUEST_TAG } from '../common/system-tags.js';
import { FUNCTION_PREFIX, serviceFunctions, type WebsiteOrigins } from '../websites/website-origins.js';
import { WEBSITE_TAG } from '../websites/website-rules.js';
import type { Leftover, Phase } from './reconciler.js';

export interface LeftoverDeps {
  readonly cloudFront: CloudFrontGateway;
  readonly s3: S3Gateway;
  readonly iam: IamGateway;
  readonly route53: Route53Gateway;
  readonly access: AccessService;
  readonly claims: NameClaims;
  readonly origins: WebsiteOrigins;
}

export interface LeftoverHooks {
  found(kind: Leftover): void;
  removed(kind: Leftover): void;
  failed(error: unknown, what: string, item?: string): void;
}

/** What a name turned out to be, decided once per run: a live bucket, one too young to judge, or left behind (now removed, or kept). */
type NameState = 'live' | 'young' | 'removed' | 'kept';

interface Item {
  readonly id: string;
  handle(): Promise<void>;
}

export const IAM_ROOT = '/s3-api/';
const POOL = 4;

/** `<b>` of an IAM path `/s3-api/<b>/` (null for anything else). */
function bucketOfPath(path: string): string | null {
  // Stryker disable next-line Regex: every path it is given was listed under IAM_ROOT, so it starts with it anchored or not
  return /^\/s3-api\/([^/]+)\/$/.exec(path)?.[1] ?? null;
}

/** The policies made on first use (read-write, read-only and a website prefix's), not the name's claim nor the web-admin policy. */
const isLazyPolicy = (bucket: string, name: string): boolean =>
  name.startsWith(`${bucket}-`) && /-Bkt(Adm|RW|RO)Plc$/.test(name) && name !== `${bucket}-BktAdmPlc`;

const tagValue = (tags: readonly Tag[], key: string): string | undefined => tags.find((t) => t.Key === key)?.Value;

/** The second of an IAM date: the finest IAM gives. */
// Stryker disable next-line ArithmeticOperator: IAM dates are whole seconds (the sandbox's too), which ×1000 orders and equates as ÷1000 does
const wholeSecond = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/**
 * One run of the reconciler over one account: the handling of each item its listings find, with what
 * it decided about each name kept for the rest of the run. Nothing made after `cutoff` is touched.
 */
export class LeftoverRun {
  found = 0;
  removed = 0;
  errors = 0;
  private readonly names = new Map<string, Promise<NameState>>();

  constructor(
    readonly account: AwsAccount,
    private readonly cutoff: number,
    private readonly deps: LeftoverDeps,
    private readonly hooks: LeftoverHooks,
  ) {}

  failed(error: unknown, what: string, item?: string): void {
    this.errors += 1;
    this.hooks.failed(error, what, item);
  }

  private old(iso: string): boolean {
    return Date.parse(iso) < this.cutoff;
  }

  private count(kind: Leftover, what: 'found' | 'removed'): void {
    if (what === 'found') this.found += 1;
    else this.removed += 1;
    this.hooks[what](kind);
  }

  /** Runs the handling of one item; a failure is counted and logged, and the run goes on (the budget aside). */
  private async guarded(item: string, handle: () => Promise<void>): Promise<void> {
    try {
      await handle();
    } catch (error) {
      if (error instanceof CallBudgetSpent) throw error;
      this.failed(error, 'reconciler could not handle a leftover', item);
    }
  }

  async page(phase: Phase, marker?: string): Promise<{ items: Item[]; marker?: string }> {
    const { cloudFront, iam } = this.deps;
    const item = (id: string, handle: () => Promise<void>): Item => ({ id, handle: () => this.guarded(id, handle) });
    switch (phase) {
      case 'distributions': {
        const page = await cloudFront.listDistributions(this.account, marker, 100);
        return { items: page.items.map((d) => item(d.Id, () => this.distribution(d))), ...(page.nextMarker ? { marker: page.nextMarker } : {}) };
      }
      case 'functions': {
        const page = await cloudFront.listFunctions(this.account, marker, 100);
        return { items: page.items.map((f) => item(f.ARN, () => this.function(f))), ...(page.nextMarker ? { marker: page.nextMarker } : {}) };
      }
      case 'policies': {
        const page = await iam.policiesPage(this.account, IAM_ROOT, marker);
        return {
          items: page.items.map((p) => item(p.Arn, () => this.policy(p))),
          ...(page.marker ? { marker: page.marker } : {}),
        };
      }
      case 'users': {
        const page = await iam.usersPage(this.account, IAM_ROOT, marker);
        return {
          items: page.items.map((u) => item(u.Arn, () => this.user(u.UserName, u.Path, u.CreateDate))),
          ...(page.marker ? { marker: page.marker } : {}),
        };
      }
      case 'groups': {
        const page = await iam.groupsPage(this.account, IAM_ROOT, marker);
        return { items: page.items.map((g) => item(g.Arn, () => this.group(g.GroupName, g.Path))), ...(page.marker ? { marker: page.marker } : {}) };
      }
      case 'claims': {
        // Only the tags model claims names with objects: an account of the groups model has no claims bucket.
        if (this.account.accessModel !== 'tags') return { items: [] };
        const page = await this.deps.claims.page(this.account, marker, 100);
        return {
          items: page.items.map((c) => item(`claim:${c.name}`, () => (this.old(c.created) ? this.name(c.name).then(() => undefined) : Promise.resolve()))),
          ...(page.next ? { marker: page.next } : {}),
        };
      }
    }
  }

  /** The configured zone of a website name (its comment and alias), if it is one. */
  private zoneOf(name: string): AwsDomain | undefined {
    const dot = name.indexOf('.');
    const domain = name.slice(dot + 1);
    return dot > 0 && Object.hasOwn(this.account.domains, domain) ? this.account.domains[domain] : undefined;
  }

  /**
   * A distribution of a website that is gone or never came to be: deleted once disabled and deployed
   * (with the website's own functions), disabled (its alias released) while enabled and older than the grace period; DNS records aliasing
   * it go first. One that its website's bucket names is live and stays.
   */
  private async distribution(summary: DistributionSummary): Promise<void> {
    const { cloudFront, s3 } = this.deps;
    const disabled = !summary.Enabled && summary.Status === 'Deployed';
    // The service names each distribution after its website (the comment; the alias goes when it is disabled).
    const orphanCandidate = summary.Enabled && this.zoneOf(summary.Comment) !== undefined && this.old(summary.LastModifiedTime);
    if (!disabled && !orphanCandidate) return;
    const live = async (website: string): Promise<boolean> => {
      const existence = await this.existence(website);
      if (existence === 'unknown') return true;
      return existence === 'exists' && distributionIdOf(await s3.getBucketTags(this.account, website)) === summary.Id;
    };
    // A live website is told by its bucket alone: two calls, and the distribution's tags only for the rest.
    if (orphanCandidate && (await live(summary.Comment))) return;
    const tags = await unlessGone(cloudFront.listTags(this.account, summary.ARN), 'distribution', null);
    if (!tags) return;
    const website = tagValue(tags, WEBSITE_TAG);
    if (tagValue(tags, MANAGED_BY_TAG) !== MANAGED_BY_VALUE || tagValue(tags, ORG_TAG) !== this.account.org || !website) return;
    if (disabled && (await live(website))) return;
    const kind: Leftover = disabled ? 'distribution' : 'enabled-distribution';
    this.count(kind, 'found');
    await this.removeRecords(website, summary.DomainName);
    try {
      if (!disabled) {
        await unlessGone(cloudFront.disableDistribution(this.account, summary.Id, { releaseAliases: true }), 'distribution', null);
        this.count(kind, 'removed');
        return;
      }
      const current = await cloudFront.getDistribution(this.account, summary.Id);
      if (!current || current.distribution.DistributionConfig.Enabled || current.distribution.Status !== 'Deployed') return;
      // Its functions were the website's own and go with it (CloudFront keeps a function while a
      // distribution names it): the distribution is deleted only with budget left for them too, since
      // once it is gone nothing would lead to them any more.
      const functions = serviceFunctions(current.distribution);
      if (callBudgetLeft() < 1 + 2 * functions.length) throw new CallBudgetSpent();
      await cloudFront.deleteDistribution(this.account, summary.Id, current.etag);
      for (const name of functions) await this.deps.origins.removeFunction(this.account, name);
      this.count(kind, 'removed');
    } catch (error) {
      // Another replica (or a person) got there first.
      if (isStale(error) || isInUse(error, 'distribution') || (await cloudFront.gone(this.account, summary.Id, error))) return;
      throw error;
    }
  }

  /** The ARNs of the functions some distribution of the account runs: listed once per run, when a function of the service's is old enough to judge. */
  private named?: Promise<Set<string>>;
  private namedFunctions(): Promise<Set<string>> {
    this.named ??= (async () => {
      const named = new Set<string>();
      let marker: string | undefined;
      do {
        const page = await this.deps.cloudFront.listDistributions(this.account, marker, 100);
        for (const summary of page.items) for (const arn of summary.Functions) named.add(arn);
        marker = page.nextMarker;
      } while (marker);
      return named;
    })();
    return this.named;
  }

  /**
   * A website's function that no distribution names: a create whose undo could not delete it left it.
   * One a distribution names goes with that distribution; a young one may be a create's under way.
   * CloudFront refuses to delete a function a distribution names, so one named meanwhile is kept; the
   * service's policy lets it touch only functions tagged as its own (another deployment's answer
   * AccessDenied, and are left alone).
   */
  private async function(listed: FunctionListing): Promise<void> {
    if (!listed.Name.startsWith(FUNCTION_PREFIX) || !this.old(listed.LastModifiedTime)) return;
    const named = await this.namedFunctions();
    if (named.has(listed.ARN)) return;
    try {
      if (!(await this.deps.origins.removeFunction(this.account, listed.Name))) return;
    } catch (error) {
      if (isForbidden(error, 'cloudfront')) return;
      throw error;
    }
    this.count('function', 'found');
    this.count('function', 'removed');
  }

  /** The A and AAAA aliases of `name` that point at `domain` (a distribution being removed): nobody else's. */
  private async removeRecords(name: string, domain: string): Promise<void> {
    const zone = this.zoneOf(name);
    if (!zone) return;
    const { route53 } = this.deps;
    // Route 53 takes an alias to a CloudFront domain only in CloudFront's zone: the target's name alone tells the distribution's.
    const ours = (await route53.getAliasRecords(this.account, zone.hostedZoneId, name)).filter((r) => sameDnsName(r.AliasTarget.DNSName, domain));
    if (ours.length === 0) return;
    this.count('record', 'found');
    await route53.deleteAliasRecords(
      this.account,
      zone.hostedZoneId,
      ours.map((r) => ({ name: r.Name, type: r.Type, target: r.AliasTarget.DNSName })),
      'Left behind; removed by s3-api',
    );
    this.count('record', 'removed');
  }

  /** A policy under `/s3-api/<b>/`: the lock of a key reset, or one of the name's (which decides about the whole name). */
  private async policy(policy: IamPolicy): Promise<void> {
    const bucket = bucketOfPath(policy.Path);
    if (!bucket) return;
    if (policy.PolicyName.endsWith(`-${KEY_LOCK_SUFFIX}`)) {
      if (this.old(policy.CreateDate)) await this.keyLock(bucket, policy.PolicyName.slice(0, -KEY_LOCK_SUFFIX.length - 1), policy.Arn);
      return;
    }
    if (policy.PolicyName === `${bucket}-${TAGS_LOCK_SUFFIX}`) {
      if (!this.old(policy.CreateDate)) return;
      this.count('tags-lock', 'found');
      await this.deps.access.unlockTags(this.account, bucket);
      this.count('tags-lock', 'removed');
      return;
    }
    if ((await this.name(bucket)) !== 'live') return;
    // An access policy made on first use whose group is gone (the undo of the create that made it failed).
    if (policy.AttachmentCount === 0 && this.old(policy.CreateDate) && isLazyPolicy(bucket, policy.PolicyName)) {
      this.count('policy', 'found');
      if (await this.deps.access.removeUnusedPolicy(this.account, policy.Arn)) this.count('policy', 'removed');
    }
  }

  /**
   * A key reset's lock older than the grace period: the reset was cut off. The keys the user had
   * before it are the ones the lock names (a reset that leaves its lock after a failed undo names
   * them), or else the ones IAM dates no later than the lock's second: IAM gives both dates to the
   * second, so a key of that second may be the reset's or the user's, and stays (a key somebody holds
   * must never go; an undelivered one left is the lesser harm). While one of the user's keys is still
   * there the reset did not finish (it deletes them last), and the other keys, made by the reset and
   * received by nobody, go. Only of a user of the bucket: a reset takes the lock before it knows the
   * user is the bucket's, and one refused that could not remove it leaves it. Then the lock goes.
   */
  private async keyLock(bucket: string, user: string, lockArn: string): Promise<void> {
    const { iam, access } = this.deps;
    const lock = await iam.getPolicy(this.account, lockArn);
    if (!lock) return;
    this.count('key-lock', 'found');
    const [membership, keys] = await Promise.all([
      access.membership(this.account, bucket, user),
      unlessGone(iam.listAccessKeys(this.account, user), 'iam', []),
    ]);
    const named = tagValue(lock.Tags, OLD_KEYS_TAG)?.split(' ');
    const lockSecond = wholeSecond(lock.CreateDate);
    const isOld = (key: AccessKeyMetadata) => (named ? named.includes(key.AccessKeyId) : wholeSecond(key.CreateDate) <= lockSecond);
    if (membership?.belongs && keys.some(isOld)) {
      await mapLimit(
        keys.filter((k) => !isOld(k)),
        POOL,
        (k) => existed(iam.deleteAccessKey(this.account, user, k.AccessKeyId), 'iam'),
      );
    }
    await access.unlockKeys(this.account, bucket, user);
    this.count('key-lock', 'removed');
  }

  /** A user under `/s3-api/<b>/`: the name decides first; a user of a live bucket that a create abandoned, or in no group, goes. */
  private async user(name: string, path: string, created: string): Promise<void> {
    const bucket = bucketOfPath(path);
    if (!bucket || !this.old(created) || (await this.name(bucket)) !== 'live') return;
    const { iam, access } = this.deps;
    const [user, groups] = await Promise.all([iam.getUser(this.account, name), unlessGone(iam.listGroupsForUser(this.account, name), 'iam', null)]);
    if (!user || !groups) return;
    const abandoned = user.Tags?.some((t) => t.Key === ABANDONED_TAG) ?? false;
    if (!abandoned && groups.length > 0) return;
    // A user of the tags model is in no group: it is whole once its create attached the shared policies.
    if (!abandoned && tagValue(user.Tags ?? [], USER_SCOPE_TAGS.bucket) === bucket && (await iam.listAttachedUserPolicies(this.account, name)).length > 0)
      return;
    this.count('user', 'found');
    await access.removeUser(this.account, user, groups, bucket);
    this.count('user', 'removed');
  }

  /** An access group of a live bucket found without its own policy gets it back. */
  private async group(name: string, path: string): Promise<void> {
    const bucket = bucketOfPath(path);
    if (!bucket || (await this.name(bucket)) !== 'live') return;
    const { iam } = this.deps;
    const policy = ownPolicyArn(this.account, bucket, name);
    if (!policy) return;
    const attached = await unlessGone(iam.listAttachedGroupPolicies(this.account, name), 'iam', null);
    if (!attached || attached.some((p) => p.PolicyArn === policy)) return;
    this.count('group-policy', 'found');
    await iam.attachGroupPolicy(this.account, name, policy);
    this.count('group-policy', 'removed');
  }

  /** What `<bucket>`'s name is, decided once per run. */
  private name(bucket: string): Promise<NameState> {
    let state = this.names.get(bucket);
    if (!state) {
      state = this.decide(bucket);
      this.names.set(bucket, state);
    }
    return state;
  }

  /**
   * A name with a bucket the service manages is live. A name whose claim is younger than the grace
   * period is a create (or delete) at work. Otherwise, with no bucket (or another account's), what is
   * left under the name's IAM path goes, the claim last; with a bucket the service never finished (no
   * system tags, made after the claim of a create), the bucket goes too, if it holds nothing but the
   * service's placeholders.
   */
  private async decide(bucket: string): Promise<NameState> {
    const { s3, iam, access } = this.deps;
    const claimArn = accessNames(this.account, bucket, 'BktAdmGrp').policyArn;
    // The tags model claims a name with an object; a bucket made before the account moved to it, with its admin policy.
    const [existence, policyClaim, objectClaim] = await Promise.all([
      this.existence(bucket),
      iam.getPolicy(this.account, claimArn),
      this.account.accessModel === 'tags' ? this.deps.claims.read(this.account, bucket) : null,
    ]);
    const claim: { CreateDate: string; Tags: readonly Tag[] } | null =
      policyClaim ?? (objectClaim && { CreateDate: objectClaim.created, Tags: objectClaim.tags });
    if (existence === 'unknown') return 'kept';
    if (claim && !this.old(claim.CreateDate)) return 'young';
    if (existence === 'exists') {
      const tags = await s3.getBucketTags(this.account, bucket);
      if (tagValue(tags, MANAGED_BY_TAG) === MANAGED_BY_VALUE && tagValue(tags, ORG_TAG) === this.account.org) return 'live';
      if (!claim || !tagValue(claim.Tags, REQUEST_TAG)) return 'kept';
      const created = await s3.bucketCreationDate(this.account, bucket);
      if (!created || Date.parse(created) < Date.parse(claim.CreateDate)) return 'kept';
      this.count('name', 'found');
      if (!(await this.emptyBucket(bucket))) return 'kept';
      await existed(s3.deleteBucket(this.account, bucket), 'bucket');
    } else {
      this.count('name', 'found');
    }
    await access.removeLeftovers(this.account, bucket, this.cutoff);
    this.count('name', 'removed');
    return 'removed';
  }

  /**
   * Whether the account has the bucket. S3 answers a HEAD of another account's bucket with 403, and so
   * a HEAD of this account's own when the service is denied it: the account's own listing tells them
   * apart ('unknown': ours, but out of reach; nothing is decided about it).
   */
  private async existence(bucket: string): Promise<'exists' | 'missing' | 'unknown'> {
    const { s3 } = this.deps;
    const head = await s3.headBucket(this.account, bucket);
    if (head !== 'forbidden') return head;
    return (await s3.bucketCreationDate(this.account, bucket)) === null ? 'missing' : 'unknown';
  }

  /** Deletes the service's placeholders, version by version; false when the bucket holds anything else (its data stays). */
  private async emptyBucket(bucket: string): Promise<boolean> {
    const { s3 } = this.deps;
    const [page, uploads] = await Promise.all([
      s3.listObjectVersions(this.account, bucket, { maxKeys: 100 }),
      s3.listMultipartUploads(this.account, bucket, 1),
    ]);
    if (page.next || page.deleteMarkers.length > 0 || uploads.uploads > 0 || page.versions.some((v) => !mayBePlaceholder(v.key))) return false;
    const tagged = await mapLimit(page.versions, POOL, async (v) => isPlaceholderTagSet(await s3.getObjectTags(this.account, bucket, v.key, v.versionId)));
    if (tagged.includes(false)) return false;
    await mapLimit(page.versions, POOL, (v) => s3.deleteObject(this.account, bucket, v.key, v.versionId));
    return true;
  }
}
