import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AccessKeyMetadata,
  type AccessLevel,
  AWS_OPTIONS,
  type AwsAccount,
  type AwsModuleOptions,
  bucketAccessPolicy,
  bucketAdminPolicy,
  DEFAULT_BUCKET_ADMIN_ACTIONS,
  existed,
  type IamGroup,
  IamGateway,
  type IamPolicy,
  type IamQuotaUsage,
  type IamUser,
  isGone,
  isInUse,
  isNameTaken,
  isOutOfReach,
  PropagationWaits,
  type SharedPolicyKind,
  type Tag,
  unlessGone,
  USER_SCOPE_TAGS,
  unlessOutOfReach,
  type UserCredential,
  webAdminPolicy,
  websiteAdminPolicy,
} from '#aws';
import { Errors, mapLimit, type Saga, settleAll } from '#common';
import { DELETING_TAG, madeBy, OLD_KEYS_TAG, REQUEST_TAG } from '../common/system-tags.js';
import { AppConfig } from '../config/app-config.js';
import { AccessErrors } from './access.errors.js';
import { claimPolicy, createOrFindPolicy } from './create-or-find-policy.js';
import { type AccessGroupKind, type AccessNames, accessNames, bucketIamPath, GROUP_KINDS, keyLockNames, LEVEL_OF, tagsLockNames } from './access-names.js';
import { NameClaims } from './name-claims.js';
import { SharedPolicies } from './shared-policies.js';

export { type AccessGroupKind, bucketIamPath, type GroupKind } from './access-names.js';

const CREDENTIAL_KINDS: readonly UserCredential['kind'][] = ['mfa-device', 'ssh-public-key', 'signing-certificate', 'service-specific-credential'];

/** At most this many IAM calls of one request in flight (IAM throttles bursts early). */
const POOL = 8;

/** The keys a user had before a key reset, on the reset's lock: its value lists their ids. */
const oldKeysTag = (keys: readonly string[]): Tag => ({ Key: OLD_KEYS_TAG, Value: keys.join(' ') });

/** What a user route needs to know about one IAM user and the bucket. */
export interface BucketMembership {
  readonly user: IamUser;
  /** Every group of the user. */
  readonly groups: readonly IamGroup[];
  /** Those of them that belong to the bucket (exact IAM path). */
  readonly bucketGroups: readonly IamGroup[];
  /**
   * A member of one of the bucket's groups, or a user this service made for the bucket (its IAM path)
   * that is in no group at all: what a delete that failed after removing the memberships leaves,
   * so that repeating the delete can finish it.
   */
  readonly belongs: boolean;
}

/** What a create adds to the account's IAM. */
export interface IamNeed {
  readonly users?: number;
  readonly groups?: number;
  readonly policies?: number;
}

/**
 * A create's claim on its name: in the groups model the bucket's admin policy, which the bucket keeps;
 * in the tags model an object in the account's claims bucket (NameClaims), and no policy.
 */
export interface NameClaim {
  readonly policy: IamPolicy | null;
}

/** What a create made for the admins of a bucket or website: a policy, and its group (none in the tags model). */
export interface MadeAccess {
  readonly policy: IamPolicy;
  readonly group: IamGroup | null;
}

/**
 * The admin access a create makes under its claim, read before anything is made: what it adds to the
 * account's IAM (for the quota pre-flight), and how to make it (`input`: a website's distribution ARN).
 */
export interface AccessPlan<Made, Input = void> {
  readonly need: IamNeed;
  readonly make: (saga: Saga, input: Input) => Promise<Made>;
}

/** A website's admin access, and the access of its web admins (cache invalidation). */
export interface WebsiteAccess {
  readonly admin: MadeAccess;
  readonly webAdmin: MadeAccess;
}

/** The access levels, strongest first: each one's policy grants what the ones after it grant. */
const LEVELS: readonly AccessLevel[] = ['admin', 'read-write', 'read-only'];

/** The shared policy of a level: a whole-bucket one (a website's admin keeps out of its public access), or a folder's. */
function sharedKindOf(level: AccessLevel, website: boolean, prefix: string | undefined): SharedPolicyKind {
  if (prefix) return ({ admin: 'PathAdmPlc', 'read-write': 'PathRWPlc', 'read-only': 'PathROPlc' } as const)[level];
  return ({ admin: website ? 'SiteAdmPlc' : 'BktAdmPlc', 'read-write': 'BktRWPlc', 'read-only': 'BktROPlc' } as const)[level];
}

/** IAM's names of its account quotas, as its LimitExceeded messages and the Service Quotas console show them. */
const QUOTA_NAMES = { users: 'UsersPerAccount', groups: 'GroupsPerAccount', policies: 'PoliciesPerAccount' } as const;
const ENTITY_NAMES = { users: 'users', groups: 'groups', policies: 'customer managed policies' } as const;

/** IAM does not show a managed bucket's admin group (yet): the teardown looks again after a wait. */
class AdminGroupNotShown extends Error {}

/**
 * A teardown round met a group or user IAM would not delete (DeleteConflict): a member, key or policy
 * added a moment ago, which its listings did not show yet or a concurrent request just made. The
 * round finished everything else and gave such a group its policies back; the next round, after a
 * wait, takes what appeared.
 */
class StillInUse extends Error {}

/** What a teardown removed in IAM, and whether it released the tags model's claim on the name (an S3 object). */
export interface RemovedAccess {
  readonly users: string[];
  readonly groups: string[];
  readonly policies: string[];
  readonly released: boolean;
}

/**
 * What a teardown removed so far: a repeat after a wait adds to it. Users and groups by their id (to
 * their name), so that one a concurrent request made again under the same name is not taken for it.
 */
interface Removed {
  readonly users: Map<string, string>;
  readonly groups: Map<string, string>;
  readonly policies: Set<string>;
}

const nothingRemoved = (): Removed => ({ users: new Map(), groups: new Map(), policies: new Set() });

/** What a bucket's IAM path holds, as read at the start of a teardown round (reads only). */
export interface AccessSurvey {
  readonly listed: IamGroup[];
  /** The unscoped groups asked for by name, in GROUP_KINDS order (null: not there). */
  readonly knownGroups: ({ group: IamGroup; users: IamUser[] } | null)[];
  /** The policies attached to each of those found, by group name. */
  readonly attached: ReadonlyMap<string, readonly string[]>;
  /** Of the policies asked for by ARN, those IAM does not show. */
  readonly absent: ReadonlySet<string>;
  readonly pathUsers: IamUser[];
  readonly pathPolicies: IamPolicy[];
}

export interface RemovedUser {
  /** False when the user also belongs to something else and only lost its memberships in the bucket's groups. */
  readonly deleted: boolean;
  readonly deletedKeyIds: string[];
  readonly groups: string[];
}

function adminDocument(account: AwsAccount, bucket: string, website: boolean): object {
  const actions = account.bucketAdminActions ?? DEFAULT_BUCKET_ADMIN_ACTIONS;
  return website ? websiteAdminPolicy(bucket, actions) : bucketAdminPolicy(bucket, actions);
}

/**
 * Everything the service makes in IAM for a bucket or website: groups and managed policies under
 * `/s3-api/<bucket>/`, and the users that are members of them. The contract between the buckets,
 * websites and users features.
 */
@Injectable()
export class AccessService {
  private readonly logger = new Logger(AccessService.name);

  private readonly now: () => number;

  private readonly shared: SharedPolicies;

  constructor(
    private readonly iam: IamGateway,
    private readonly waits: PropagationWaits,
    private readonly config: AppConfig,
    private readonly claims: NameClaims,
    @Inject(AWS_OPTIONS) aws: Pick<AwsModuleOptions, 'now'>,
  ) {
    this.now = aws.now ?? Date.now;
    this.shared = new SharedPolicies(iam, waits);
  }

  /**
   * A new bucket's admin access under `claim`: its group (the claim is its policy), or in the tags model
   * the account's shared admin policy, made if missing (and then never undone: see SharedPolicies).
   */
  async planBucketAccess(account: AwsAccount, bucket: string): Promise<AccessPlan<MadeAccess, NameClaim>> {
    if (account.accessModel === 'groups') {
      return {
        need: { groups: 1 },
        make: async (saga, claim) => ({ policy: claim.policy!, group: await this.createAdminGroup(saga, account, bucket, claim.policy!) }),
      };
    }
    const [known = null] = await this.shared.find(account, ['BktAdmPlc']);
    return { need: { policies: known ? 0 : 1 }, make: async () => ({ policy: await this.shared.ensure(account, 'BktAdmPlc', known), group: null }) };
  }

  /** A new website's admin and web-admin access, as planBucketAccess; `make` takes the claim and the distribution's ARN. */
  async planWebsiteAccess(
    account: AwsAccount,
    site: string,
    request: string,
  ): Promise<AccessPlan<WebsiteAccess, { claim: NameClaim; distributionArn: string }>> {
    if (account.accessModel === 'groups') {
      return {
        need: { groups: 2, policies: 1 },
        make: async (saga, { claim, distributionArn }) => {
          const [group, webAdmin] = await saga.all([
            () => this.createAdminGroup(saga, account, site, claim.policy!),
            () => this.createWebAdminAccess(saga, account, site, distributionArn, request),
          ] as const);
          return { admin: { policy: claim.policy!, group }, webAdmin };
        },
      };
    }
    const [admin = null, webAdmin = null] = await this.shared.find(account, ['SiteAdmPlc', 'WebAdmPlc']);
    return {
      need: { policies: [admin, webAdmin].filter((policy) => policy === null).length },
      make: async (saga) => {
        const [adminPolicy, webAdminPolicy] = await saga.all([
          () => this.shared.ensure(account, 'SiteAdmPlc', admin),
          () => this.shared.ensure(account, 'WebAdmPlc', webAdmin),
        ] as const);
        return { admin: { policy: adminPolicy, group: null }, webAdmin: { policy: webAdminPolicy, group: null } };
      },
    };
  }

  /**
   * What a user of the tags model holds in `site`: the tags that scope it and the shared policies that
   * read them, found before anything is made (`need`: the policies still to make, for the quota
   * pre-flight). A user has one access level, the strongest of the groups asked for, as each level's
   * policy grants all of the levels below it. `distributionId`: the site's distribution, undefined for
   * a plain bucket; it is read meanwhile, so the policies of both possible answers are looked for at
   * once unless `website` already tells (a website route). `webAdmin`: the user invalidates the cache.
   */
  async planUserAccess(
    account: AwsAccount,
    site: string,
    request: { kinds: readonly AccessGroupKind[]; prefix?: string | undefined; webAdmin: boolean; website?: boolean },
    distributionId: Promise<string | undefined>,
  ): Promise<{ tags: Tag[]; need: IamNeed; attach: (saga: Saga, user: string) => Promise<unknown> }> {
    const { prefix } = request;
    const level = LEVELS.find((l) => request.kinds.some((kind) => LEVEL_OF[kind] === l));
    const kindsFor = (website: boolean): SharedPolicyKind[] => [
      ...(level ? [sharedKindOf(level, website, prefix)] : []),
      ...(request.webAdmin && website ? (['WebAdmPlc'] as const) : []),
    ];
    const candidates = [...new Set(request.website === undefined ? [...kindsFor(false), ...kindsFor(true)] : kindsFor(request.website))];
    const [distribution, found] = await Promise.all([distributionId, this.shared.find(account, candidates)]);
    const kinds = kindsFor(distribution !== undefined);
    const known = kinds.map((kind) => found[candidates.indexOf(kind)] ?? null);
    const tags: Tag[] = [
      { Key: USER_SCOPE_TAGS.bucket, Value: site },
      ...(level ? [{ Key: USER_SCOPE_TAGS.access, Value: level }] : []),
      ...(prefix ? [{ Key: USER_SCOPE_TAGS.prefix, Value: prefix }] : []),
      ...(request.webAdmin && distribution !== undefined ? [{ Key: USER_SCOPE_TAGS.distribution, Value: distribution }] : []),
    ];
    return {
      tags,
      need: { policies: known.filter((policy) => policy === null).length },
      attach: (saga, user) =>
        saga.all(
          kinds.map((kind, i) => async () => {
            const policy = await this.shared.ensure(account, kind, known[i] ?? null);
            // Attaching twice is a no-op in IAM, so a lost answer is harmless.
            await saga.step(
              `attach ${policy.PolicyName} to ${user}`,
              () => this.iam.attachUserPolicy(account, user, policy.Arn),
              () => existed(this.iam.detachUserPolicy(account, user, policy.Arn), 'iam'),
            );
          }),
        ),
    };
  }

  /** The account's IAM usage against its quotas (GetAccountSummary), for refuseOverQuota. */
  quotaUsage(account: AwsAccount): Promise<IamQuotaUsage> {
    return this.iam.quotaUsage(account);
  }

  /**
   * Refuses, before anything is made, a create whose IAM entities would take the account over a quota
   * (409 QuotaExceeded naming it and the usage): a create that failed half-way on the quota would
   * make and undo everything before it, and a client retrying would go on doing so.
   */
  refuseOverQuota(account: AwsAccount, usage: IamQuotaUsage, need: IamNeed, what: string): void {
    for (const kind of ['users', 'groups', 'policies'] as const) {
      const more = need[kind] ?? 0;
      if (more > 0 && usage[kind].used + more > usage[kind].quota)
        throw AccessErrors.quotaExceeded(account.name, ENTITY_NAMES[kind], QUOTA_NAMES[kind], usage[kind], more, what);
    }
  }

  /**
   * Claims `<bucket>` for one create: its admin policy `<b>-BktAdmPlc` under the bucket's IAM path,
   * tagged with the request. IAM names are unique in an account and CreatePolicy refuses a taken one
   * atomically, so of two creates of one name (two replicas, a bucket and a website) exactly one holds
   * the claim and the other stops before it makes anything. The claim lives as long as the bucket: a
   * delete removes it last. A lost answer is recognised by the tag: the SDK's retry finds the policy
   * its first attempt made. Null when another request holds the name. In the tags model, which makes
   * no IAM entity per bucket, the claim is an object in the account's claims bucket (claimByObject).
   */
  async claimName(saga: Saga, account: AwsAccount, bucket: string, website: boolean, request: string): Promise<NameClaim | null> {
    if (account.accessModel === 'tags') return this.claimByObject(saga, account, bucket, request);
    const names = accessNames(account, bucket, 'BktAdmGrp');
    const outcome = await saga.step(
      `claim ${bucket}: create policy ${names.policy}`,
      () => this.createTaggedPolicy(account, bucket, names, adminDocument(account, bucket, website), request),
      // Undone last; kept when another undo failed, as the mark of a create the reconciler must finish undoing.
      (done) => (done.made && saga.undoFailures.length === 0 ? existed(this.iam.deletePolicy(account, done.policy.Arn), 'iam') : Promise.resolve()),
    );
    return outcome.made ? { policy: outcome.policy } : null;
  }

  /**
   * The tags model's claim on `<bucket>` (NameClaims): an object in the account's claims bucket, made
   * atomically by S3, tagged with the request, released exactly when the groups model's is. A name an
   * IAM claim still holds (a bucket made before the account moved to the tags model, being deleted) is
   * taken too: that delete releases it last.
   */
  private async claimByObject(saga: Saga, account: AwsAccount, bucket: string, request: string): Promise<NameClaim | null> {
    const [made, older] = await saga.all([
      () =>
        saga.step(
          `claim ${bucket}: write its claim object`,
          () => this.claims.claim(account, bucket, request),
          // Undone last; kept when another undo failed, as the mark of a create the reconciler must finish undoing.
          (done) => (done && saga.undoFailures.length === 0 ? this.claims.release(account, bucket) : Promise.resolve()),
        ),
      () => this.iam.getPolicy(account, accessNames(account, bucket, 'BktAdmGrp').policyArn),
    ] as const);
    return made && !older ? { policy: null } : null;
  }

  /** The admin group of a bucket this request claimed, with the claim (its admin policy) attached. */
  async createAdminGroup(saga: Saga, account: AwsAccount, bucket: string, claim: IamPolicy): Promise<IamGroup> {
    const names = accessNames(account, bucket, 'BktAdmGrp');
    const group = await this.createClaimedGroup(saga, account, bucket, names);
    await this.attach(saga, account, names, claim.Arn);
    return group;
  }

  /** Web-admin policy (invalidations on that one distribution) + group + attachment, for a website this request claimed. */
  async createWebAdminAccess(
    saga: Saga,
    account: AwsAccount,
    site: string,
    distributionArn: string,
    request: string,
  ): Promise<{ policy: IamPolicy; group: IamGroup }> {
    const names = accessNames(account, site, 'WebAdmGrp');
    const [policy, group] = await saga.all([
      async () => {
        const outcome = await saga.step(
          `create policy ${names.policy}`,
          () => this.createTaggedPolicy(account, site, names, webAdminPolicy(distributionArn, account.cloudFrontActions), request),
          (done) => (done.made ? existed(this.iam.deletePolicy(account, done.policy.Arn), 'iam') : Promise.resolve()),
        );
        // Under this request's claim on the name, nobody else makes the site's policies.
        if (!outcome.made) throw AccessErrors.nameTaken('policy', names.policy, site);
        return outcome.policy;
      },
      () => this.createClaimedGroup(saga, account, site, names),
    ] as const);
    await this.attach(saga, account, names, policy.Arn);
    return { policy, group };
  }

  /**
   * CreatePolicy tagged with the request. When the name is taken, the policy found is this request's
   * only if it carries its tag (a first attempt whose answer was lost made it). A `lock` is claimed
   * (see claimPolicy): its holder gives it up again.
   */
  private async createTaggedPolicy(
    account: AwsAccount,
    bucket: string,
    names: AccessNames,
    document: object,
    request: string,
    lock?: { readonly more?: readonly Tag[]; readonly stop?: AbortSignal },
  ): Promise<{ made: true; policy: IamPolicy } | { made: false; found: IamPolicy | null }> {
    const tags = [{ Key: REQUEST_TAG, Value: request }, ...(lock?.more ?? [])];
    const input = { name: names.policy, document, description: names.description, path: bucketIamPath(bucket), tags };
    const outcome = lock
      ? await claimPolicy(this.iam, this.waits, account, input, names.policyArn, lock.stop)
      : await createOrFindPolicy(this.iam, this.waits, account, input, names.policyArn);
    if ('made' in outcome) return { made: true, policy: outcome.made };
    const { found } = outcome;
    return found && madeBy(found.Tags, request) ? { made: true, policy: found } : { made: false, found };
  }

  /**
   * A group of a name this request claimed. IAM groups carry no tags, so a group of that name found
   * when CreateGroup says it exists is this request's when it sits at the bucket's path and nobody
   * has joined it: only the holder of a name's claim makes its admin and web-admin groups, so that
   * is a first attempt whose answer was lost.
   */
  private createClaimedGroup(saga: Saga, account: AwsAccount, bucket: string, names: AccessNames): Promise<IamGroup> {
    const path = bucketIamPath(bucket);
    return saga.step(
      `create group ${names.group}`,
      async () => {
        try {
          return await this.iam.createGroup(account, names.group, path);
        } catch (error) {
          if (!isNameTaken(error, 'iam')) throw error;
          const found = await this.waits.until(
            // Stryker disable next-line StringLiteral: it only names the wait in its log lines
            `group ${names.group} to show in IAM`,
            () => this.iam.getGroup(account, names.group),
            (g) => g !== null,
          );
          if (found?.group.Path === path && found.users.length === 0) return found.group;
          throw AccessErrors.nameTaken('group', names.group, bucket);
        }
      },
      () => existed(this.iam.deleteGroup(account, names.group), 'iam'),
    );
  }

  /** Attaching twice is a no-op in IAM, so a lost answer is harmless. */
  private async attach(saga: Saga, account: AwsAccount, names: AccessNames, arn: string): Promise<void> {
    await saga.step(
      `attach ${names.policy} to ${names.group}`,
      () => this.iam.attachGroupPolicy(account, names.group, arn),
      () => existed(this.iam.detachGroupPolicy(account, names.group, arn), 'iam'),
    );
  }

  /**
   * The bucket's (or a website prefix's) access group of `kind`, created with its policy on first use.
   * Concurrent first uses are safe: EntityAlreadyExists means another request made it, so it is
   * reused, and the undo registered on `saga` removes only what this call created, and only while no
   * other request's user has joined the group. A group found without its policy (what an interrupted
   * delete leaves) gets it back: a group is never left without the rights it stands for. `known`:
   * what findAccessGroup answered before the request began writing.
   */
  async ensureAccessGroup(
    saga: Saga,
    account: AwsAccount,
    target: { bucket: string; website: boolean; prefix?: string | undefined },
    kind: AccessGroupKind,
    request: string,
    known?: IamGroup | null,
  ): Promise<IamGroup> {
    const { bucket, website, prefix } = target;
    const names = accessNames(account, bucket, kind, prefix);
    const path = bucketIamPath(bucket);
    const document = kind === 'BktAdmGrp' && !prefix ? adminDocument(account, bucket, website) : bucketAccessPolicy(bucket, LEVEL_OF[kind], prefix);
    const existing = known === undefined ? await this.findAccessGroup(account, bucket, kind, prefix) : known;
    if (existing) {
      await this.repairPolicy(account, bucket, names, document, request);
      return existing;
    }
    // Sequential on purpose: the undo order (group before policy) must be the reverse of this one.
    await this.createOrReuse(
      saga,
      `create policy ${names.policy}`,
      async () => {
        const outcome = await this.createTaggedPolicy(account, bucket, names, document, request);
        if (outcome.made) return { created: true, value: outcome.policy };
        if (!outcome.found) throw AccessErrors.nameTaken('policy', names.policy, bucket);
        return { created: false, value: outcome.found };
      },
      () => this.undoCreatedPolicy(account, names.policyArn),
    );
    const group = await this.createOrReuse(
      saga,
      `create group ${names.group}`,
      async () => {
        try {
          return { created: true, value: await this.iam.createGroup(account, names.group, path) };
        } catch (error) {
          if (!isNameTaken(error, 'iam')) throw error;
          // Taken: made by a concurrent request a moment ago (IAM may not show it yet), or by someone
          // else; a name outside the bucket's path, IAM refuses to show, and it is not the bucket's.
          const found = await this.waits
            .until(
              // Stryker disable next-line StringLiteral: it only names the wait in its log lines
              `group ${names.group} to show in IAM`,
              () => this.iam.getGroup(account, names.group),
              (g) => g !== null,
            )
            .catch((error: unknown) => Promise.reject(isOutOfReach(error) ? AccessErrors.nameTaken('group', names.group, bucket) : error));
          if (!found) throw AccessErrors.nameTaken('group', names.group, bucket);
          return { created: false, value: this.ownedGroup(found.group, bucket) };
        }
      },
      () => this.undoCreatedGroup(account, names),
    );
    // Attaching twice is a no-op in IAM; the group's undo detaches it when the group goes.
    // Stryker disable next-line StringLiteral: a step without an undo is never named, as only a failed undo reports its step
    await saga.step(`attach ${names.policy} to ${names.group}`, () => this.iam.attachGroupPolicy(account, names.group, names.policyArn));
    return group;
  }

  /** The bucket's (or a website prefix's) access group of `kind`, null when it does not exist yet; 409 AccessNameTaken when the name is used outside the bucket's path. */
  async findAccessGroup(account: AwsAccount, bucket: string, kind: AccessGroupKind, prefix?: string): Promise<IamGroup | null> {
    const found = await unlessOutOfReach(this.iam.getGroup(account, accessNames(account, bucket, kind, prefix).group), null);
    return found ? this.ownedGroup(found.group, bucket) : null;
  }

  /** Adds the user to one of the bucket's groups; undone by taking it out again. */
  join(saga: Saga, account: AwsAccount, user: string, group: string): Promise<void> {
    return saga.step(
      `add ${user} to ${group}`,
      () => this.iam.addUserToGroup(account, user, group),
      () => existed(this.iam.removeUserFromGroup(account, user, group), 'iam'),
    );
  }

  /** Attaches the group's own policy again (a no-op when it is attached), recreating the policy when it is gone. */
  private async repairPolicy(account: AwsAccount, bucket: string, names: AccessNames, document: object, request: string): Promise<void> {
    try {
      await this.iam.attachGroupPolicy(account, names.group, names.policyArn);
    } catch (error) {
      if (!isGone(error, 'iam')) throw error;
      const outcome = await this.createTaggedPolicy(account, bucket, names, document, request);
      if (!outcome.made && !outcome.found) throw AccessErrors.nameTaken('policy', names.policy, bucket);
      await this.iam.attachGroupPolicy(account, names.group, names.policyArn);
    }
  }

  /**
   * `<site>-WebAdmGrp`, or null when the website has none (made by older tooling); with `required`, that is a
   * 409 instead. It cannot be made here: its policy needs the distribution.
   */
  async findWebAdminGroup(account: AwsAccount, site: string, required: boolean): Promise<IamGroup | null> {
    const found = await unlessOutOfReach(this.iam.getGroup(account, accessNames(account, site, 'WebAdmGrp').group), null);
    if (found && found.group.Path === bucketIamPath(site)) return found.group;
    if (required) throw AccessErrors.webAdminGroupMissing(site);
    return null;
  }

  /**
   * One key reset of `user` at a time, across replicas: a lock that is an IAM policy
   * `<user>-KeyResetLock` under the bucket's path (IAM names are unique in an account, and
   * CreatePolicy refuses a taken one atomically), tagged with the request. It grants nothing and is
   * attached to nothing. False when another reset holds it (at the end of the wait budget, when it
   * holds it through another bucket: the name is the same), or once `stop` is aborted unless the lock
   * is proven this request's. A reset cut off before it unlocks leaves the lock: the reconciler
   * resolves the user's keys by it (by the keys it names, `oldKeys`, or else by its creation date) and
   * removes it after its grace period.
   */
  async lockKeys(
    account: AwsAccount,
    bucket: string,
    user: string,
    request: string,
    { oldKeys, stop }: { readonly oldKeys?: readonly string[]; readonly stop?: AbortSignal } = {},
  ): Promise<boolean> {
    const names = keyLockNames(account, bucket, user);
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'KeyResetLock', Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: `arn:aws:iam::${account.id}:user${bucketIamPath(bucket)}${user}` },
      ],
    };
    const outcome = await this.createTaggedPolicy(account, bucket, names, document, request, { more: oldKeys ? [oldKeysTag(oldKeys)] : [], stop });
    return outcome.made;
  }

  /** Names on the lock the keys the user had before its reset, when the reset leaves the lock to the reconciler. */
  async markOldKeys(account: AwsAccount, bucket: string, user: string, oldKeys: readonly string[]): Promise<void> {
    await this.iam.tagPolicy(account, keyLockNames(account, bucket, user).policyArn, [oldKeysTag(oldKeys)]);
  }

  async unlockKeys(account: AwsAccount, bucket: string, user: string): Promise<void> {
    await existed(this.iam.deletePolicy(account, keyLockNames(account, bucket, user).policyArn), 'iam');
  }

  /**
   * One retag of website `site` at a time, across replicas, as lockKeys: a policy `<site>-TagsLock`
   * under the site's path. CloudFront adds and removes tags in separate calls, so two retags at once
   * would exceed its tag limit or leave the bucket with one's tags and the distribution with the
   * other's. False when another retag holds it. One cut off before it unlocks is removed by the
   * reconciler after its grace period.
   */
  async lockTags(account: AwsAccount, site: string, request: string): Promise<boolean> {
    const names = tagsLockNames(account, site);
    const document = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'TagsLock', Effect: 'Deny', Action: 's3:PutBucketTagging', Resource: `arn:aws:s3:::${site}` }],
    };
    return (await this.createTaggedPolicy(account, site, names, document, request)).made;
  }

  async unlockTags(account: AwsAccount, site: string): Promise<void> {
    await existed(this.iam.deletePolicy(account, tagsLockNames(account, site).policyArn), 'iam');
  }

  private ownedGroup(group: IamGroup, bucket: string): IamGroup {
    if (group.Path !== bucketIamPath(bucket)) throw AccessErrors.nameTaken('group', group.GroupName, bucket);
    return group;
  }

  private async createOrReuse<T>(saga: Saga, name: string, create: () => Promise<{ created: boolean; value: T }>, undo: () => Promise<unknown>): Promise<T> {
    const outcome = await saga.step(name, create, (done) => (done.created ? undo() : Promise.resolve()));
    return outcome.value;
  }

  /**
   * Another request may have joined the group meanwhile: then it is theirs and stays, policy included.
   * This request made the group, so IAM not showing it yet is propagation, waited for; a member IAM
   * does not list yet shows as the delete's DeleteConflict.
   */
  private async undoCreatedGroup(account: AwsAccount, names: AccessNames): Promise<void> {
    const current = await this.waits.until(
      // Stryker disable next-line StringLiteral: it only names the wait in its log lines
      `group ${names.group} to show in IAM`,
      () => this.iam.getGroup(account, names.group),
      (g) => g !== null,
    );
    if (current && current.users.length > 0) return;
    await existed(this.iam.detachGroupPolicy(account, names.group, names.policyArn), 'iam');
    try {
      await existed(this.iam.deleteGroup(account, names.group), 'iam');
    } catch (error) {
      // Someone joined between the check and the delete, or the delete failed: either way the group
      // stays, so it gets its policy back (an empty access group is what a bucket may always have).
      await this.iam.attachGroupPolicy(account, names.group, names.policyArn);
      if (!isInUse(error, 'iam')) throw error;
    }
  }

  /** Still attached means a concurrent request's group uses it. */
  private async undoCreatedPolicy(account: AwsAccount, arn: string): Promise<void> {
    try {
      await existed(this.iam.deletePolicy(account, arn), 'iam');
    } catch (error) {
      if (!isInUse(error, 'iam')) throw error;
    }
  }

  /**
   * Users of the bucket: members of any of its groups, and the users under its IAM path (those of the
   * tags model, which belong to no group), de-duplicated, [] when none. Cost independent of account size.
   */
  async listUsers(account: AwsAccount, bucket: string): Promise<IamUser[]> {
    const path = bucketIamPath(bucket);
    const [groups, pathUsers] = await Promise.all([this.iam.listGroups(account, path), this.iam.listUsers(account, path)]);
    const members = await mapLimit(
      groups.filter((g) => g.Path === path),
      POOL,
      async (g) => (await this.iam.getGroup(account, g.GroupName))?.users ?? [],
    );
    const seen = new Set<string>();
    return [...members.flat(), ...pathUsers.filter((u) => u.Path === path)].filter((u) => !seen.has(u.UserId) && seen.add(u.UserId));
  }

  /** The user and its groups, split by whether they are the bucket's (exact IAM path); null when the user does not exist. */
  async membership(account: AwsAccount, bucket: string, userName: string): Promise<BucketMembership | null> {
    const path = bucketIamPath(bucket);
    const [user, groups] = await Promise.all([
      unlessOutOfReach(this.iam.getUser(account, userName), null),
      unlessOutOfReach(this.iam.listGroupsForUser(account, userName), []),
    ]);
    if (!user) return null;
    const bucketGroups = groups.filter((g) => g.Path === path);
    // A user of the tags model is in no group; its tag names the bucket its policies let it reach.
    const taggedFor = user.Tags?.find((t) => t.Key === USER_SCOPE_TAGS.bucket)?.Value;
    const ownUser = groups.length === 0 && user.Path === path && (taggedFor === undefined || taggedFor === bucket);
    return { user, groups, bucketGroups, belongs: bucketGroups.length > 0 || ownUser };
  }

  /**
   * Takes the user out of `bucketGroups`. When those are all its groups and the user sits under the
   * bucket's IAM path, also deletes its keys, its attached (detached, not deleted: they may be shared)
   * and inline policies, and the user itself.
   */
  async removeUser(account: AwsAccount, user: IamUser, groups: readonly IamGroup[], bucket: string): Promise<RemovedUser> {
    const path = bucketIamPath(bucket);
    const removal = this.startRemoval(account, user.UserName, user.Path === path, Promise.resolve(groups), (g) => g.Path === path);
    // Stryker disable next-line BooleanLiteral,ArrayDeclaration: the groups are given, so the removal never answers null and this is never read
    return (await removal.done) ?? { deleted: false, deletedKeyIds: [], groups: [] };
  }

  /**
   * Removes a user from the bucket in two observable stages: `left` settles once the user is out of
   * the bucket's groups (so the groups may go), `done` once the user is deleted too, or only left the
   * bucket because it belongs to other buckets as well or is not one the service made for the bucket
   * (`ours`: it sits under the bucket's IAM path). When its groups are not known yet, its keys and
   * policies are listed at the same time as its groups, to save a round trip.
   */
  private startRemoval(
    account: AwsAccount,
    user: string,
    ours: boolean,
    groupsKnown: Promise<readonly IamGroup[] | null>,
    isBucketGroup: (group: IamGroup) => boolean,
    speculative = false,
  ): { left: Promise<unknown>; done: Promise<RemovedUser | null> } {
    const listAttachments = () =>
      Promise.all([
        unlessGone(this.iam.listAccessKeys(account, user), 'iam', []),
        unlessGone(this.iam.listAttachedUserPolicies(account, user), 'iam', []),
        unlessGone(this.iam.listUserPolicies(account, user), 'iam', []),
      ]);
    const early = speculative && ours ? listAttachments() : undefined;
    // Not awaited when the user turns out to be gone or shared: its failure must not go unhandled.
    early?.catch(() => undefined);
    const left = groupsKnown.then(async (groups) => {
      if (groups === null) return null;
      const leaving = groups.filter(isBucketGroup).map((g) => g.GroupName);
      const removeMemberships = () => mapLimit(leaving, POOL, (g) => existed(this.iam.removeUserFromGroup(account, user, g), 'iam'));
      if (!ours || leaving.length < groups.length) {
        // Stryker disable next-line ArrayDeclaration: the early listings' answers go unused and their failures are caught; waiting for them changes nothing
        const listings = early ? [early] : [];
        await settleAll([removeMemberships(), ...listings]);
        return { deletedKeyIds: [], groups: leaving, pending: false };
      }
      const [keys, attached, inline] = await (early ?? listAttachments());
      const [deletedKeyIds] = await settleAll([
        this.deleteKeys(account, user, keys),
        removeMemberships(),
        mapLimit(attached, POOL, (p) => existed(this.iam.detachUserPolicy(account, user, p.PolicyArn), 'iam')),
        mapLimit(inline, POOL, (name) => existed(this.iam.deleteUserPolicy(account, user, name), 'iam')),
      ]);
      return { deletedKeyIds, groups: leaving, pending: true };
    });
    const done = left.then(async (result) => {
      if (result === null) return null;
      if (!result.pending) return { deleted: false, deletedKeyIds: result.deletedKeyIds, groups: result.groups };
      const { deleted, deletedKeyIds } = await this.deleteUser(account, user, isBucketGroup);
      return { deleted, deletedKeyIds: [...result.deletedKeyIds, ...deletedKeyIds], groups: result.groups };
    });
    // A teardown that fails while users are still leaving stops waiting for `done`: its failure is
    // already reported through `left` and must not also go unhandled.
    done.catch(() => undefined);
    return { left, done };
  }

  /**
   * Deletes a user of the service's whose keys, memberships and policies are gone; false when it turns
   * out to belong to a group that is not the bucket's, and stays. IAM refuses while anything still
   * hangs on the user (DeleteConflict): what IAM did not list a moment ago, or a key or membership a
   * concurrent request (a create of the same name, a key reset) just made, or credentials someone added
   * outside the service (a console password, an MFA device, SSH keys, signing certificates,
   * service-specific credentials). Only then is it all looked for again and removed, and the delete
   * tried again after a wait; a plain delete costs no extra call. Answers the keys it deleted on the way.
   */
  private async deleteUser(
    account: AwsAccount,
    user: string,
    isBucketGroup: (group: IamGroup) => boolean,
  ): Promise<{ deleted: boolean; deletedKeyIds: string[] }> {
    const deletedKeyIds: string[] = [];
    const deleted = await this.waits.retry(
      // Stryker disable next-line StringLiteral: it only names the wait in its log lines
      `delete user ${user}`,
      (error) => isInUse(error, 'iam'),
      async () => {
        try {
          await existed(this.iam.deleteUser(account, user), 'iam');
          return true;
        } catch (error) {
          if (!isInUse(error, 'iam')) throw error;
          const keys = await this.removeWhatHangsOn(account, user, isBucketGroup);
          if (!keys) return false;
          deletedKeyIds.push(...keys);
          throw error;
        }
      },
    );
    return { deleted, deletedKeyIds };
  }

  /**
   * Removes all that hangs on the user and answers the keys it deleted; null (having left only the
   * bucket's groups) when it belongs to another group too.
   */
  private async removeWhatHangsOn(account: AwsAccount, user: string, isBucketGroup: (group: IamGroup) => boolean): Promise<string[] | null> {
    const [groups, keys, attached, inline] = await Promise.all([
      unlessGone(this.iam.listGroupsForUser(account, user), 'iam', []),
      unlessGone(this.iam.listAccessKeys(account, user), 'iam', []),
      unlessGone(this.iam.listAttachedUserPolicies(account, user), 'iam', []),
      unlessGone(this.iam.listUserPolicies(account, user), 'iam', []),
    ]);
    const leaving = groups.filter(isBucketGroup);
    const removeMemberships = () => mapLimit(leaving, POOL, (g) => existed(this.iam.removeUserFromGroup(account, user, g.GroupName), 'iam'));
    if (leaving.length < groups.length) {
      await removeMemberships();
      return null;
    }
    const [deletedKeyIds] = await settleAll([
      this.deleteKeys(account, user, keys),
      removeMemberships(),
      mapLimit(attached, POOL, (p) => existed(this.iam.detachUserPolicy(account, user, p.PolicyArn), 'iam')),
      mapLimit(inline, POOL, (name) => existed(this.iam.deleteUserPolicy(account, user, name), 'iam')),
      this.removeOtherCredentials(account, user),
    ]);
    return deletedKeyIds;
  }

  /**
   * Deletes the listed keys and answers those this call deleted. IAM's listing lags: it may still name
   * a key a reset deleted a moment ago, whose delete then finds nothing; such a key is not this one's to report.
   */
  private async deleteKeys(account: AwsAccount, user: string, keys: readonly AccessKeyMetadata[]): Promise<string[]> {
    const found = await mapLimit(keys, POOL, (k) => existed(this.iam.deleteAccessKey(account, user, k.AccessKeyId), 'iam'));
    return keys.filter((_, i) => found[i]).map((k) => k.AccessKeyId);
  }

  private async removeOtherCredentials(account: AwsAccount, user: string): Promise<void> {
    await settleAll([
      existed(this.iam.deleteLoginProfile(account, user), 'iam'),
      mapLimit(CREDENTIAL_KINDS, POOL, async (kind) => {
        const credentials = await unlessGone(this.iam.listCredentials(account, user, kind), 'iam', []);
        await mapLimit(credentials, POOL, (credential) => existed(this.iam.removeCredential(account, user, credential), 'iam'));
      }),
    ]);
  }

  /**
   * Removes everything this service made in IAM for the bucket, which is what sits under its IAM path:
   * users there whose every group is the bucket's (others only lose their memberships in the bucket's
   * groups), those users' keys/inline+attached policies, all of the bucket's groups (admin, RW, RO,
   * web-admin, scoped) and their policies with all non-default versions. The claim on the name (the
   * admin policy) is detached but stays with `claim: 'keep'`: a delete releases the name only once the
   * bucket is gone. Idempotent: a repeat after a partial failure finishes the job; an already-clean
   * bucket makes only the listing calls.
   *
   * Only what IAM orders is waited for: a user goes after its keys and memberships, a group after its
   * members and attachments, a policy after its detachment, its old versions and its group. Everything
   * else runs at once, so the whole teardown takes about five round trips whatever the bucket holds.
   *
   * A request may join a group, or give a user a key, while this runs: IAM then refuses to delete the
   * group or the user (DeleteConflict). The group gets its policies back at once (a group is never
   * left without its rights) and the teardown starts over (up to three rounds; then 409 ConcurrentChange,
   * with everything that stays complete, and repeating the delete finishes it).
   */
  /**
   * Removes the bucket's IAM around the deletion of the bucket itself: everything but the claim on the
   * name, then the bucket (`deleteBucket`, when there is one), then whatever a concurrent request made
   * meanwhile and the claim, last. So the name is never free while the bucket exists: a create that
   * claims it next finds the bucket gone, and what it makes can never be taken for this bucket's. The
   * claim is marked as being deleted first, so that a repeat finds a delete cut off after the bucket
   * went (and never mistakes a create under way for one).
   */
  async removeAccess(account: AwsAccount, bucket: string, deleteBucket?: () => Promise<unknown>, survey?: Promise<AccessSurvey>): Promise<RemovedAccess> {
    const claimArn = accessNames(account, bucket, 'BktAdmGrp').policyArn;
    // In the tags model the claim is an object; a bucket made before the account moved to it still has its IAM claim.
    const byObject = account.accessModel === 'tags';
    if (!deleteBucket) {
      // The bucket is gone. A delete that marked the claim is finished; otherwise (a bucket deleted
      // outside the service) only what is older than the reconciler's grace period goes: a create of
      // the name may be at work, and what it makes is young.
      const [claim, marked] = await Promise.all([this.iam.getPolicy(account, claimArn), byObject ? this.claims.markedDeleting(account, bucket) : null]);
      if (marked !== null || claim?.Tags.some((t) => t.Key === DELETING_TAG)) return this.teardown(account, bucket, 'release', { marked });
      return this.removeLeftovers(account, bucket, this.now() - this.config.reconciler.graceSeconds * 1000);
    }
    // What the first round removed is not looked for again: IAM may still list it for a while.
    const removed = nothingRemoved();
    // A bucket of the groups model has its admin group: until IAM shows it, its access is not all visible yet.
    const [, , marked] = await settleAll([
      this.teardown(account, bucket, 'keep', { managed: !byObject, ...(survey ? { survey } : {}) }, removed),
      existed(this.iam.tagPolicy(account, claimArn, [{ Key: DELETING_TAG, Value: randomUUID() }]), 'iam'),
      byObject ? this.claims.markDeleting(account, bucket) : Promise.resolve(null),
    ] as const);
    await deleteBucket();
    return this.teardown(account, bucket, 'release', { marked }, removed);
  }

  /**
   * The reads a teardown starts with, which a delete runs beside its own checks. The unscoped groups are
   * also asked for by name, which saves the round trip of listing first. Users and policies are also
   * found by their exact path: a delete interrupted after a user lost its memberships, or after a
   * policy was detached, must still find them when repeated.
   */
  surveyAccess(account: AwsAccount, bucket: string): Promise<AccessSurvey> {
    return this.survey(account, bucket, nothingRemoved(), []);
  }

  /** The attachments of a group an earlier round removed are not asked for: IAM may still show the group for a while. */
  private async survey(account: AwsAccount, bucket: string, removed: Removed, probe: readonly string[]): Promise<AccessSurvey> {
    const path = bucketIamPath(bucket);
    const attached = new Map<string, string[]>();
    const absent = new Set<string>();
    const [listed, knownGroups, pathUsers, pathPolicies] = await Promise.all([
      this.iam.listGroups(account, path),
      mapLimit(GROUP_KINDS, POOL, async (kind) => {
        const name = accessNames(account, bucket, kind).group;
        const found = await unlessOutOfReach(this.iam.getGroup(account, name), null);
        if (found && !removed.groups.has(found.group.GroupId)) attached.set(name, await this.attachedPolicies(account, name));
        return found;
      }),
      this.iam.listUsers(account, path),
      this.iam.listPolicies(account, path),
      mapLimit(probe, POOL, async (arn) => {
        if (!(await this.iam.getPolicy(account, arn))) absent.add(arn);
      }),
    ]);
    return { listed, knownGroups, attached, absent, pathUsers, pathPolicies };
  }

  private async attachedPolicies(account: AwsAccount, group: string): Promise<string[]> {
    return (await unlessGone(this.iam.listAttachedGroupPolicies(account, group), 'iam', [])).map((p) => p.PolicyArn);
  }

  /**
   * For the reconciler: removes what is left under the IAM path of a name whose bucket is gone (or was
   * never finished), claim included, but nothing made after `olderThan` (epoch ms): a create that claims
   * the name meanwhile keeps all it makes.
   */
  async removeLeftovers(account: AwsAccount, bucket: string, olderThan: number): Promise<RemovedAccess> {
    return this.teardown(account, bucket, 'release', { olderThan });
  }

  /**
   * `managed`: the bucket is the service's, so its admin group exists unless a delete removed it before
   * failing: while IAM does not show it, what was made with it may not show either, and the teardown
   * looks again after a wait. `olderThan` (epoch ms): see removeLeftovers. `marked`: the ETag of the
   * tags model's claim a delete marked, the one claim it may release (none when null).
   */
  private async teardown(
    account: AwsAccount,
    bucket: string,
    claim: 'keep' | 'release',
    options: { managed?: boolean; olderThan?: number; survey?: Promise<AccessSurvey>; marked?: string | null },
    removed: Removed = nothingRemoved(),
  ): Promise<RemovedAccess> {
    // A survey read ahead serves the first round only: a round after a wait reads again.
    let survey = options.survey;
    // Before the claim goes, the other known policies are asked for: their deletes would otherwise come
    // first, one round trip before the claim's.
    const probe = () =>
      claim === 'release' && options.olderThan === undefined
        ? GROUP_KINDS.slice(1)
            .map((kind) => accessNames(account, bucket, kind))
            .filter((n) => !removed.policies.has(n.policy))
            .map((n) => n.policyArn)
        : [];
    const round = (expectAdminGroup: boolean) => () => {
      const read = survey ?? this.survey(account, bucket, removed, probe());
      survey = undefined;
      return this.teardownOnce(account, bucket, removed, claim, expectAdminGroup, options.olderThan, read);
    };
    const notYet = (error: unknown) => isInUse(error, 'iam') || error instanceof StillInUse || error instanceof AdminGroupNotShown;
    try {
      try {
        // Stryker disable next-line StringLiteral: it only names the wait in its log lines
        await this.waits.retry(`remove the access of ${bucket}`, notYet, round(options.managed ?? false));
      } catch (error) {
        if (!(error instanceof AdminGroupNotShown)) throw error;
        await round(false)();
      }
    } catch (error) {
      // Requests kept joining or giving keys all along: everything that stays is whole; a repeat finishes.
      if (error instanceof StillInUse) throw Errors.concurrentChange(`the users and groups of '${bucket}'`);
      throw error;
    }
    // A 'keep' teardown carries neither `olderThan` nor `marked`: it releases no claim object.
    const released = account.accessModel === 'tags' && (await this.releaseObjectClaim(account, bucket, options));
    const result = { users: [...new Set(removed.users.values())], groups: [...new Set(removed.groups.values())], policies: [...removed.policies] };
    this.logger.log({ bucket, ...result, released }, 'removed the bucket access');
    return { ...result, released };
  }

  private async teardownOnce(
    account: AwsAccount,
    bucket: string,
    removed: Removed,
    claim: 'keep' | 'release',
    expectAdminGroup: boolean,
    olderThan: number | undefined,
    survey: Promise<AccessSurvey>,
  ): Promise<void> {
    const path = bucketIamPath(bucket);
    const known = GROUP_KINDS.map((kind) => accessNames(account, bucket, kind));
    const claimArn = known[0]!.policyArn;
    const old = (entity: { CreateDate: string; Path: string }): boolean =>
      entity.Path === path && (olderThan === undefined || Date.parse(entity.CreateDate) < olderThan);
    const { listed, knownGroups, attached, absent, pathUsers, pathPolicies } = await survey;
    const groups = new Map<string, { group: IamGroup; users: IamUser[] }>();
    // What an earlier round removed stays removed, whatever IAM still lists for a while.
    const left = (g: IamGroup): boolean => old(g) && !removed.groups.has(g.GroupId);
    for (const found of knownGroups) if (found && left(found.group)) groups.set(found.group.GroupName, found);
    if (expectAdminGroup && !groups.has(known[0]!.group)) throw new AdminGroupNotShown();
    const more = await mapLimit(
      listed.filter((g) => left(g) && !groups.has(g.GroupName)),
      POOL,
      (g) => this.iam.getGroup(account, g.GroupName),
    );
    for (const found of more) if (found) groups.set(found.group.GroupName, found);
    const groupNames = new Set(groups.keys());

    const members = new Map<string, { ours: boolean; id: string }>();
    const young = (u: IamUser): boolean => olderThan !== undefined && Date.parse(u.CreateDate) >= olderThan;
    for (const user of [...[...groups.values()].flatMap((g) => g.users), ...pathUsers.filter(old)]) {
      if (!young(user) && !removed.users.has(user.UserId)) members.set(user.UserName, { ours: user.Path === path, id: user.UserId });
    }
    const isBucketGroup = (g: IamGroup): boolean => groupNames.has(g.GroupName);
    const removals = [...members].map(([user, { ours, id }]) => ({
      user,
      id,
      ...this.startRemoval(account, user, ours, unlessGone(this.iam.listGroupsForUser(account, user), 'iam', null), isBucketGroup, true),
    }));
    const ownPolicyPrefix = `arn:aws:iam::${account.id}:policy${path}`;
    // With `olderThan`, only policies the listing shows old enough: a known name may be a new create's.
    const listedOld = pathPolicies.filter(old).map((p) => p.Arn);
    const named = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
    const candidates = [...new Set([...(olderThan === undefined ? known.map((n) => n.policyArn) : []), ...listedOld])].filter(
      (arn) => !removed.policies.has(named(arn)) && !absent.has(arn),
    );

    const [, attachments] = (await settleAll([
      settleAll(removals.map((r) => r.left)),
      mapLimit([...groupNames], POOL, async (group) => {
        // One attached since the survey keeps the group from being deleted: the round is then repeated.
        const policies = attached.get(group) ?? (await this.attachedPolicies(account, group));
        await mapLimit(policies, POOL, (arn) => existed(this.iam.detachGroupPolicy(account, group, arn), 'iam'));
        return policies;
      }),
    ])) as [unknown, string[][]];

    let conflicted = false;
    const detachedFrom = [...groupNames].map((group, i) => ({ group, policies: attachments[i]! }));
    // Settles true once the group is gone; false when a request joined it meanwhile (it keeps its policies).
    const groupGone = new Map(
      detachedFrom.map(({ group, policies }) => [
        group,
        existed(this.iam.deleteGroup(account, group), 'iam').then(
          () => true,
          async (error: unknown) => {
            if (!isInUse(error, 'iam')) throw error;
            conflicted = true;
            await mapLimit(policies, POOL, (arn) => this.iam.attachGroupPolicy(account, group, arn));
            return false;
          },
        ),
      ]),
    );
    // A policy goes once every group it was detached from is gone: one that stayed keeps its rights.
    const deletable = async (arn: string, remove: (arn: string) => Promise<string | null>): Promise<string | null> => {
      const from = detachedFrom.filter((d) => d.policies.includes(arn)).map((d) => groupGone.get(d.group)!);
      if (!(await Promise.all(from)).every(Boolean)) return null;
      if (claim === 'keep' && arn === claimArn) return null;
      try {
        return await remove(arn);
      } catch (error) {
        if (!isInUse(error, 'iam')) throw error;
        conflicted = true;
        return null;
      }
    };
    const attachedOwn = olderThan === undefined ? attachments.flat().filter((arn) => arn.startsWith(ownPolicyPrefix) && !candidates.includes(arn)) : [];
    const policyGone = (name: string | null) => {
      if (name !== null) removed.policies.add(name);
    };
    const removePolicy = async (arn: string) => policyGone(await deletable(arn, (a) => this.deletePolicyWithVersions(account, a)));
    const policies = [...candidates, ...attachedOwn];
    await settleAll([
      mapLimit(removals, POOL, async (removal) => {
        if ((await removal.done)?.deleted) removed.users.set(removal.id, removal.user);
      }),
      mapLimit([...groupGone], POOL, async ([group, gone]) => {
        if (await gone) removed.groups.set(groups.get(group)!.group.GroupId, group);
      }),
      mapLimit(
        policies.filter((arn) => arn !== claimArn),
        POOL,
        removePolicy,
      ),
    ]);
    // The claim goes last, once everything else is gone: after a failure the name stays claimed, and
    // repeating the delete finishes it.
    if (!conflicted && policies.includes(claimArn)) await removePolicy(claimArn);
    if (conflicted) throw new StillInUse();
  }

  /**
   * The tags model's claim on the name goes last, as the IAM claim does: the one a delete marked, or with
   * `olderThan`, one older than that (false when there is none such). Only that very claim: one released
   * and made again by a new create meanwhile stays (NameClaims.releaseIfUnchanged).
   */
  private async releaseObjectClaim(account: AwsAccount, bucket: string, options: { olderThan?: number; marked?: string | null }): Promise<boolean> {
    const { olderThan, marked } = options;
    if (olderThan === undefined) return typeof marked === 'string' && this.claims.releaseIfUnchanged(account, bucket, marked);
    const claim = await this.claims.read(account, bucket);
    return claim !== null && Date.parse(claim.created) < olderThan && this.claims.releaseIfUnchanged(account, bucket, claim.etag);
  }

  /**
   * For the reconciler: an access policy of a live bucket that no group uses any more (its group went,
   * its own undo failed); it is made again on first use. One attached meanwhile stays.
   */
  async removeUnusedPolicy(account: AwsAccount, arn: string): Promise<boolean> {
    try {
      return (await this.deletePolicyWithVersions(account, arn)) !== null;
    } catch (error) {
      if (isInUse(error, 'iam')) return false;
      throw error;
    }
  }

  /** Deletes the policy's non-default versions; returns its ARN, or null when the policy does not exist. */
  private async deleteOldVersions(account: AwsAccount, arn: string): Promise<string | null> {
    const versions = await unlessGone(this.iam.listPolicyVersions(account, arn), 'iam', null);
    if (!versions) return null;
    await mapLimit(
      versions.filter((v) => !v.IsDefaultVersion),
      POOL,
      (v) => existed(this.iam.deletePolicyVersion(account, arn, v.VersionId), 'iam'),
    );
    return arn;
  }

  /** Returns the policy's name, or null when it was already gone. */
  private async deletePolicyOnly(account: AwsAccount, arn: string): Promise<string | null> {
    return (await existed(this.iam.deletePolicy(account, arn), 'iam')) ? arn.slice(arn.lastIndexOf('/') + 1) : null;
  }

  /**
   * Returns the policy's name, or null when it did not exist. Deleted at once: only when IAM refuses
   * (DeleteConflict, for the versions besides the default one or for an attachment) are the versions
   * listed and removed, and the delete tried again.
   */
  private async deletePolicyWithVersions(account: AwsAccount, arn: string): Promise<string | null> {
    try {
      return await this.deletePolicyOnly(account, arn);
    } catch (error) {
      if (!isInUse(error, 'iam')) throw error;
      return (await this.deleteOldVersions(account, arn)) === null ? null : this.deletePolicyOnly(account, arn);
    }
  }
}
