import { Injectable, Logger } from '@nestjs/common';
import {
  type AwsAccount,
  bucketAccessPolicy,
  bucketAdminPolicy,
  DEFAULT_BUCKET_ADMIN_ACTIONS,
  existed,
  type IamGroup,
  IamGateway,
  type IamPolicy,
  type IamQuotaUsage,
  type IamUser,
  isInUse,
  isNameTaken,
  isOutOfReach,
  PropagationWaits,
  unlessGone,
  unlessOutOfReach,
  type UserCredential,
  webAdminPolicy,
  websiteAdminPolicy,
} from '#aws';
import { mapLimit, type Saga, settleAll } from '#common';
import { AccessErrors } from './access.errors.js';
import { type AccessGroupKind, type AccessNames, accessNames, bucketIamPath, GROUP_KINDS, LEVEL_OF } from './access-names.js';

export { type AccessGroupKind, bucketIamPath, type GroupKind } from './access-names.js';

const CREDENTIAL_KINDS: readonly UserCredential['kind'][] = ['mfa-device', 'ssh-public-key', 'signing-certificate', 'service-specific-credential'];

/** At most this many IAM calls of one request in flight (IAM throttles bursts early). */
const POOL = 8;

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

/** IAM's names of its account quotas, as its LimitExceeded messages and the Service Quotas console show them. */
const QUOTA_NAMES = { users: 'UsersPerAccount', groups: 'GroupsPerAccount', policies: 'PoliciesPerAccount' } as const;
const ENTITY_NAMES = { users: 'users', groups: 'groups', policies: 'customer managed policies' } as const;

/** IAM does not show a managed bucket's admin group (yet): the teardown looks again after a wait. */
class AdminGroupNotShown extends Error {}

/** What a teardown removed so far: a repeat after a wait adds to it. */
interface Removed {
  readonly users: Set<string>;
  readonly groups: Set<string>;
  readonly policies: Set<string>;
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

  constructor(
    private readonly iam: IamGateway,
    private readonly waits: PropagationWaits,
  ) {}

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
   * Admin policy (account.bucketAdminActions or DEFAULT_BUCKET_ADMIN_ACTIONS; a website's admin may not
   * change the bucket policy or Block Public Access) + admin group + attachment, each a saga step with its undo.
   */
  async createAdminAccess(saga: Saga, account: AwsAccount, bucket: string, website = false): Promise<{ policy: IamPolicy; group: IamGroup }> {
    return this.createGroupWithPolicy(saga, account, bucket, accessNames(account, bucket, 'BktAdmGrp'), adminDocument(account, bucket, website));
  }

  /** Web-admin policy (invalidations on that one distribution) + group + attachment, as saga steps. */
  async createWebAdminAccess(saga: Saga, account: AwsAccount, site: string, distributionArn: string): Promise<{ policy: IamPolicy; group: IamGroup }> {
    const document = webAdminPolicy(distributionArn, account.cloudFrontActions);
    return this.createGroupWithPolicy(saga, account, site, accessNames(account, site, 'WebAdmGrp'), document);
  }

  private async createGroupWithPolicy(
    saga: Saga,
    account: AwsAccount,
    bucket: string,
    names: AccessNames,
    document: object,
  ): Promise<{ policy: IamPolicy; group: IamGroup }> {
    const path = bucketIamPath(bucket);
    const [policy, group] = await saga.all([
      () =>
        saga.step(
          `create policy ${names.policy}`,
          () => this.iam.createPolicy(account, { name: names.policy, document, description: names.description, path }),
          (created) => existed(this.iam.deletePolicy(account, created.Arn), 'iam'),
        ),
      () =>
        saga.step(
          `create group ${names.group}`,
          () => this.iam.createGroup(account, names.group, path),
          () => existed(this.iam.deleteGroup(account, names.group), 'iam'),
        ),
    ] as const);
    await saga.step(
      `attach ${names.policy} to ${names.group}`,
      () => this.iam.attachGroupPolicy(account, group.GroupName, policy.Arn),
      () => existed(this.iam.detachGroupPolicy(account, group.GroupName, policy.Arn), 'iam'),
    );
    return { policy, group };
  }

  /**
   * The bucket's (or a website prefix's) access group of `kind`, created with its policy on first use
   * (`known`: what findAccessGroup answered before the request began writing).
   * Concurrent first uses are safe: EntityAlreadyExists means another request made it, so it is
   * reused, and the undo registered on `saga` removes only what this call created, and only while
   * no other request's user has joined the group. `website`: the bucket is a website's.
   */
  async ensureAccessGroup(
    saga: Saga,
    account: AwsAccount,
    bucket: string,
    website: boolean,
    kind: AccessGroupKind,
    prefix?: string,
    known?: IamGroup | null,
  ): Promise<IamGroup> {
    const names = accessNames(account, bucket, kind, prefix);
    const path = bucketIamPath(bucket);
    const existing = known === undefined ? await this.findAccessGroup(account, bucket, kind, prefix) : known;
    if (existing) return existing;

    const document = kind === 'BktAdmGrp' && !prefix ? adminDocument(account, bucket, website) : bucketAccessPolicy(bucket, LEVEL_OF[kind], prefix);
    // Sequential on purpose: the undo order (group before policy) must be the reverse of this one.
    await this.createOrReuse(
      saga,
      `create policy ${names.policy}`,
      () => this.iam.createPolicy(account, { name: names.policy, document, description: names.description, path }),
      // Taken: made by a concurrent request a moment ago (IAM may not show it yet), or by someone else.
      async () => {
        const found = await this.waits.until(
          `policy ${names.policy} to show in IAM`,
          () => this.iam.getPolicy(account, names.policyArn),
          (p) => p !== null,
        );
        if (!found) throw AccessErrors.nameTaken('policy', names.policy, bucket);
        return found;
      },
      () => this.undoCreatedPolicy(account, names.policyArn),
    );
    const group = await this.createOrReuse(
      saga,
      `create group ${names.group}`,
      () => this.iam.createGroup(account, names.group, path),
      async () => {
        // A name outside the bucket's path: IAM refuses to show it, and it is not the bucket's.
        const found = await this.waits
          .until(
            `group ${names.group} to show in IAM`,
            () => this.iam.getGroup(account, names.group),
            (g) => g !== null,
          )
          .catch((error: unknown) => Promise.reject(isOutOfReach(error) ? AccessErrors.nameTaken('group', names.group, bucket) : error));
        if (!found) throw AccessErrors.nameTaken('group', names.group, bucket);
        return this.ownedGroup(found.group, bucket);
      },
      () => this.undoCreatedGroup(account, names),
    );
    // Attaching twice is a no-op in IAM; the group's undo detaches it when the group goes.
    await saga.step(`attach ${names.policy} to ${names.group}`, () => this.iam.attachGroupPolicy(account, names.group, names.policyArn));
    return group;
  }

  /** The bucket's (or a website prefix's) access group of `kind`, null when it does not exist yet; 409 AccessNameTaken when the name is used outside the bucket's path. */
  async findAccessGroup(account: AwsAccount, bucket: string, kind: AccessGroupKind, prefix?: string): Promise<IamGroup | null> {
    const found = await unlessOutOfReach(this.iam.getGroup(account, accessNames(account, bucket, kind, prefix).group), null);
    return found ? this.ownedGroup(found.group, bucket) : null;
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

  private ownedGroup(group: IamGroup, bucket: string): IamGroup {
    if (group.Path !== bucketIamPath(bucket)) throw AccessErrors.nameTaken('group', group.GroupName, bucket);
    return group;
  }

  private async createOrReuse<T>(saga: Saga, name: string, create: () => Promise<T>, reuse: () => Promise<T>, undo: () => Promise<unknown>): Promise<T> {
    const outcome = await saga.step(
      name,
      async () => {
        try {
          return { created: true, value: await create() };
        } catch (error) {
          if (!isNameTaken(error, 'iam')) throw error;
          return { created: false, value: await reuse() };
        }
      },
      (done) => (done.created ? undo() : Promise.resolve()),
    );
    return outcome.value;
  }

  /**
   * Another request may have joined the group meanwhile: then it is theirs and stays, policy included.
   * This request made the group, so IAM not showing it yet is propagation, waited for; a member IAM
   * does not list yet shows as the delete's DeleteConflict.
   */
  private async undoCreatedGroup(account: AwsAccount, names: AccessNames): Promise<void> {
    const current = await this.waits.until(
      `group ${names.group} to show in IAM`,
      () => this.iam.getGroup(account, names.group),
      (g) => g !== null,
    );
    if (current && current.users.length > 0) return;
    await existed(this.iam.detachGroupPolicy(account, names.group, names.policyArn), 'iam');
    try {
      await existed(this.iam.deleteGroup(account, names.group), 'iam');
    } catch (error) {
      if (!isInUse(error, 'iam')) throw error;
      // Someone joined between the check and the delete: give the group its policy back.
      await this.iam.attachGroupPolicy(account, names.group, names.policyArn);
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

  /** Users of the bucket (members of any of its groups), de-duplicated, [] when none. Cost independent of account size. */
  async listUsers(account: AwsAccount, bucket: string): Promise<IamUser[]> {
    const path = bucketIamPath(bucket);
    const groups = (await this.iam.listGroups(account, path)).filter((g) => g.Path === path);
    const members = await mapLimit(groups, POOL, async (g) => (await this.iam.getGroup(account, g.GroupName))?.users ?? []);
    const seen = new Set<string>();
    return members.flat().filter((u) => !seen.has(u.UserId) && seen.add(u.UserId));
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
    return { user, groups, bucketGroups, belongs: bucketGroups.length > 0 || (groups.length === 0 && user.Path === path) };
  }

  /**
   * Takes the user out of `bucketGroups`. When those are all its groups and the user sits under the
   * bucket's IAM path, also deletes its keys, its attached (detached, not deleted: they may be shared)
   * and inline policies, and the user itself.
   */
  async removeUser(account: AwsAccount, user: IamUser, groups: readonly IamGroup[], bucketGroups: ReadonlySet<string>, bucket: string): Promise<RemovedUser> {
    const removal = this.startRemoval(account, user.UserName, user.Path === bucketIamPath(bucket), Promise.resolve(groups), bucketGroups);
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
    bucketGroups: ReadonlySet<string>,
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
      const leaving = groups.filter((g) => bucketGroups.has(g.GroupName)).map((g) => g.GroupName);
      const removeMemberships = () => mapLimit(leaving, POOL, (g) => existed(this.iam.removeUserFromGroup(account, user, g), 'iam'));
      if (!ours || leaving.length < groups.length) {
        await settleAll([removeMemberships(), ...(early ? [early] : [])]);
        return { deleted: false, deletedKeyIds: [], groups: leaving, pending: false };
      }
      const [keys, attached, inline] = await (early ?? listAttachments());
      const keyIds = keys.map((k) => k.AccessKeyId);
      await settleAll([
        mapLimit(keyIds, POOL, (id) => existed(this.iam.deleteAccessKey(account, user, id), 'iam')),
        removeMemberships(),
        mapLimit(attached, POOL, (p) => existed(this.iam.detachUserPolicy(account, user, p.PolicyArn), 'iam')),
        mapLimit(inline, POOL, (name) => existed(this.iam.deleteUserPolicy(account, user, name), 'iam')),
      ]);
      return { deleted: true, deletedKeyIds: keyIds, groups: leaving, pending: true };
    });
    const done = left.then(async (result) => {
      if (result === null) return null;
      const deleted = result.pending ? await this.deleteUser(account, user, bucketGroups) : result.deleted;
      return { deleted, deletedKeyIds: result.deletedKeyIds, groups: result.groups };
    });
    // A teardown that fails while users are still leaving stops waiting for `done`: its failure is
    // already reported through `left` and must not also go unhandled.
    done.catch(() => undefined);
    return { left, done };
  }

  /**
   * Deletes a user of the service's whose keys, memberships and policies are gone; false when it turns
   * out to belong to a group that is not the bucket's, and stays. IAM refuses while anything still
   * hangs on the user (DeleteConflict): what IAM did not list a moment ago (a key or membership made
   * just before), or credentials someone added outside the service (a console password, an MFA device,
   * SSH keys, signing certificates, service-specific credentials). Only then is it all looked for again
   * and removed, and the delete tried again after a wait; a plain delete costs no extra call.
   */
  private async deleteUser(account: AwsAccount, user: string, bucketGroups: ReadonlySet<string>): Promise<boolean> {
    return this.waits.retry(
      `delete user ${user}`,
      (error) => isInUse(error, 'iam'),
      async () => {
        try {
          await existed(this.iam.deleteUser(account, user), 'iam');
          return true;
        } catch (error) {
          if (!isInUse(error, 'iam')) throw error;
          if (!(await this.removeLeftovers(account, user, bucketGroups))) return false;
          throw error;
        }
      },
    );
  }

  /** Removes all that hangs on the user; false (having left only the bucket's groups) when it belongs to another group too. */
  private async removeLeftovers(account: AwsAccount, user: string, bucketGroups: ReadonlySet<string>): Promise<boolean> {
    const [groups, keys, attached, inline] = await Promise.all([
      unlessGone(this.iam.listGroupsForUser(account, user), 'iam', []),
      unlessGone(this.iam.listAccessKeys(account, user), 'iam', []),
      unlessGone(this.iam.listAttachedUserPolicies(account, user), 'iam', []),
      unlessGone(this.iam.listUserPolicies(account, user), 'iam', []),
    ]);
    const leaving = groups.filter((g) => bucketGroups.has(g.GroupName));
    const removeMemberships = () => mapLimit(leaving, POOL, (g) => existed(this.iam.removeUserFromGroup(account, user, g.GroupName), 'iam'));
    if (leaving.length < groups.length) {
      await removeMemberships();
      return false;
    }
    await settleAll([
      removeMemberships(),
      mapLimit(keys, POOL, (k) => existed(this.iam.deleteAccessKey(account, user, k.AccessKeyId), 'iam')),
      mapLimit(attached, POOL, (p) => existed(this.iam.detachUserPolicy(account, user, p.PolicyArn), 'iam')),
      mapLimit(inline, POOL, (name) => existed(this.iam.deleteUserPolicy(account, user, name), 'iam')),
      this.removeOtherCredentials(account, user),
    ]);
    return true;
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
   * groups), those users' keys/inline+attached
   * policies, all of the bucket's groups (admin, RW, RO, web-admin, scoped) and their policies with
   * all non-default versions. Idempotent: a repeat after a partial failure finishes the job; an
   * already-clean bucket makes only the listing calls.
   *
   * Only what IAM orders is waited for: a user goes after its keys and memberships, a group after its
   * members and attachments, a policy after its detachment and its old versions. Everything else runs
   * at once, so the whole teardown takes about four round trips whatever the bucket holds.
   */
  async teardown(account: AwsAccount, bucket: string, managed: boolean): Promise<{ users: string[]; groups: string[]; policies: string[] }> {
    const removed: Removed = { users: new Set(), groups: new Set(), policies: new Set() };
    // IAM refuses a delete while something hangs on the entity that its listings did not show yet (a
    // member or policy added a moment ago): after a wait, the listings are read again and the job
    // finished. A bucket of the service's (`managed`) has its admin group, unless a delete removed it
    // before failing: while IAM does not show it, what was made with it may not show either.
    const notYet = (error: unknown) => isInUse(error, 'iam') || error instanceof AdminGroupNotShown;
    try {
      await this.waits.retry(`remove the access of ${bucket}`, notYet, () => this.teardownOnce(account, bucket, removed, managed));
    } catch (error) {
      if (!(error instanceof AdminGroupNotShown)) throw error;
      await this.teardownOnce(account, bucket, removed, false);
    }
    const result = { users: [...removed.users], groups: [...removed.groups], policies: [...removed.policies] };
    this.logger.log({ bucket, ...result }, 'removed the bucket access');
    return result;
  }

  private async teardownOnce(account: AwsAccount, bucket: string, removed: Removed, expectAdminGroup: boolean): Promise<void> {
    const path = bucketIamPath(bucket);
    const known = GROUP_KINDS.map((kind) => accessNames(account, bucket, kind));
    // The unscoped groups are also asked for by name, which saves the round trip of listing first.
    // Users and policies are also found by their exact path: a delete interrupted after a user lost
    // its memberships, or after a policy was detached, must still find them when repeated.
    const [listed, knownGroups, pathUsers, pathPolicies] = await Promise.all([
      this.iam.listGroups(account, path),
      mapLimit(known, POOL, (n) => unlessOutOfReach(this.iam.getGroup(account, n.group), null)),
      this.iam.listUsers(account, path),
      this.iam.listPolicies(account, path),
    ]);
    const groups = new Map<string, { group: IamGroup; users: IamUser[] }>();
    for (const found of knownGroups) if (found?.group.Path === path) groups.set(found.group.GroupName, found);
    if (expectAdminGroup && !groups.has(accessNames(account, bucket, 'BktAdmGrp').group)) throw new AdminGroupNotShown();
    const more = await mapLimit(
      listed.filter((g) => g.Path === path && !groups.has(g.GroupName)),
      POOL,
      (g) => this.iam.getGroup(account, g.GroupName),
    );
    for (const found of more) if (found) groups.set(found.group.GroupName, found);
    const groupNames = new Set(groups.keys());
    for (const group of groupNames) removed.groups.add(group);

    const members = new Map<string, boolean>();
    for (const user of [...[...groups.values()].flatMap((g) => g.users), ...pathUsers.filter((u) => u.Path === path)]) {
      members.set(user.UserName, user.Path === path);
    }
    const removals = [...members].map(([user, ours]) => ({
      user,
      ...this.startRemoval(account, user, ours, unlessGone(this.iam.listGroupsForUser(account, user), 'iam', null), groupNames, true),
    }));
    const ownPolicyPrefix = `arn:aws:iam::${account.id}:policy${path}`;
    const candidates = [...new Set([...known.map((n) => n.policyArn), ...pathPolicies.filter((p) => p.Path === path).map((p) => p.Arn)])];

    const [, attachments, pruned] = (await settleAll([
      settleAll(removals.map((r) => r.left)),
      mapLimit([...groupNames], POOL, async (group) => {
        const policies = await unlessGone(this.iam.listAttachedGroupPolicies(account, group), 'iam', []);
        await mapLimit(policies, POOL, (p) => existed(this.iam.detachGroupPolicy(account, group, p.PolicyArn), 'iam'));
        return policies.map((p) => p.PolicyArn);
      }),
      mapLimit(candidates, POOL, (arn) => this.deleteOldVersions(account, arn)),
    ])) as [unknown, string[][], (string | null)[]];

    const attachedOwn = attachments.flat().filter((arn) => arn.startsWith(ownPolicyPrefix) && !candidates.includes(arn));
    const policyGone = (name: string | null) => {
      if (name !== null) removed.policies.add(name);
    };
    await settleAll([
      mapLimit(removals, POOL, async (removal) => {
        if ((await removal.done)?.deleted) removed.users.add(removal.user);
      }),
      mapLimit([...groupNames], POOL, (group) => existed(this.iam.deleteGroup(account, group), 'iam')),
      mapLimit(
        candidates.filter((_, i) => pruned[i] !== null),
        POOL,
        async (arn) => policyGone(await this.deletePolicyOnly(account, arn)),
      ),
      mapLimit(attachedOwn, POOL, async (arn) => policyGone(await this.deletePolicyWithVersions(account, arn))),
    ]);
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

  /** Returns the policy's name, or null when it did not exist. */
  private async deletePolicyWithVersions(account: AwsAccount, arn: string): Promise<string | null> {
    return (await this.deleteOldVersions(account, arn)) === null ? null : this.deletePolicyOnly(account, arn);
  }
}
