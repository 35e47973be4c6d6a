import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  type AccessKeyMetadata,
  type AttachedPolicy,
  type AwsAccount,
  AwsAccountProvider,
  existed,
  type IamGroup,
  IamGateway,
  iamNameLengthProblem,
  type IamUser,
  isGone,
  isLimitReached,
  isNameTaken,
  isNotYetPropagated,
  isOutOfReach,
  isStale,
  type NewAccessKey,
  PROPAGATION_BUDGET_MS,
  PropagationWaits,
  S3Gateway,
  scopedGroupName,
  type Tag,
  scopePrefixFromPath,
  scopePrefixProblem,
  unlessGone,
  unlessOutOfReach,
} from '#aws';
import { type ErrorDetail, Errors, mapLimit, type Saga, settleAll } from '#common';
import { AccessErrors } from '../access/access.errors.js';
import { type AccessGroupKind, AccessService, type BucketMembership, bucketIamPath, type GroupKind } from '../access/access.service.js';
import { bucketNameProblems } from '../common/bucket-name.js';
import { PLACEHOLDER_NAME, PLACEHOLDER_TAG, placeholderBody } from '../common/placeholder.js';
import { SagaRunner } from '../common/saga-runner.js';
import { ABANDONED_TAG, madeBy, REQUEST_TAG, SYSTEM_TAG_PREFIX, systemTags } from '../common/system-tags.js';
import { type ManagedBucket, OwnershipService } from '../ownership/ownership.service.js';
import { resolveWebsiteName } from '../websites/website-rules.js';
import { USER_NAME_PATTERN, USER_NAME_RULE } from './dto/create-user.dto.js';
import { UserErrors } from './users.errors.js';

/** Which route family a request came through: a website is a bucket with extra rules. */
export interface UsersTarget {
  readonly kind: 'bucket' | 'website';
  readonly name: string;
}

export interface CreateUserInput {
  readonly userName: string;
  /** Website users only: the prefix the user is limited to (`/docs/`); `/` or absent is the whole site. */
  readonly path?: string;
  readonly groups?: readonly GroupKind[];
}

export const SCOPE_TAG = `${SYSTEM_TAG_PREFIX}path`;
const POOL = 8;

/**
 * The users of one bucket or website: IAM users with path `/s3-api/<bucket>/` that are members of
 * the bucket's groups. No route ever acts on a user that is not a member of one of them.
 */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly accounts: AwsAccountProvider,
    private readonly access: AccessService,
    private readonly iam: IamGateway,
    private readonly s3: S3Gateway,
    private readonly ownership: OwnershipService,
    private readonly sagas: SagaRunner,
    private readonly waits: PropagationWaits,
  ) {}

  async create(accountRef: string, target: UsersTarget, input: CreateUserInput): Promise<{ user: IamUser; accessKey: NewAccessKey }> {
    const account = this.accounts.resolve(accountRef);
    // `/docs/one/` -> `docs/one`; `/` is the whole site.
    const prefix = input.path ? scopePrefixFromPath(input.path) || undefined : undefined;
    const kinds = [...new Set<GroupKind>(input.groups ?? ['BktAdmGrp'])];
    this.validate(target, input.userName, prefixProblems(target.name, prefix, kinds));
    const site = target.name;
    // A whole-site admin can also invalidate the site's cache.
    const webAdminRequested = kinds.includes('WebAdmGrp');
    const webAdmin = webAdminRequested || (target.kind === 'website' && !prefix && kinds.includes('BktAdmGrp'));
    const accessKinds = kinds.filter((k): k is AccessGroupKind => k !== 'WebAdmGrp');
    // In the tags model a user joins no group: tags naming its bucket, level, folder and distribution,
    // set as the user is made (so it never exists unscoped), are read by the account's shared policies
    // attached to it; the service's policy lets no user change them.
    const tagged = account.accessModel === 'tags';
    const managed = this.requireTarget(account, target);
    // Every read before the first write, at once: the target, the groups to join (or the shared policies
    // to attach), the IAM quotas. A user whose groups or policies (made on first use) would not fit is
    // refused before anything is made.
    const [{ distributionId }, existing, webAdminGroup, shared, usage] = await settleAll([
      managed,
      tagged ? Promise.resolve([]) : mapLimit(accessKinds, POOL, (kind) => this.access.findAccessGroup(account, site, kind, prefix)),
      // Sites made by older tooling may lack the group; only an explicit request needs it.
      webAdmin && !tagged ? this.access.findWebAdminGroup(account, site, webAdminRequested) : Promise.resolve(null),
      tagged
        ? this.access.planUserAccess(
            account,
            site,
            { kinds: accessKinds, prefix, webAdmin, ...(target.kind === 'website' ? { website: true } : {}) },
            managed.then((bucket) => bucket.distributionId),
          )
        : Promise.resolve(null),
      this.access.quotaUsage(account),
    ] as const);
    // Sites made by older tooling may lack a distribution id; only an explicit request needs it.
    if (shared && webAdminRequested && distributionId === undefined) throw AccessErrors.webAdminGroupMissing(site);
    const missing = existing.filter((group) => group === null).length;
    this.access.refuseOverQuota(
      account,
      usage,
      shared ? { users: 1, ...shared.need } : { users: 1, groups: missing, policies: missing },
      `user '${input.userName}'`,
    );

    const request = randomUUID();
    const scope = prefix ? [{ Key: SCOPE_TAG, Value: `/${prefix}/` }] : [];

    const created = this.sagas.run('createUser', async (saga) => {
      const where = { bucket: site, website: distributionId !== undefined, prefix };
      // What needs no user runs beside its creation (the groups, made on first use or given their policy
      // back; the placeholder); then the key and the memberships.
      const [user, groups] = await saga.all([
        () =>
          saga.step(
            `create user ${input.userName}`,
            () => this.createIamUser(account, site, input.userName, [...scope, ...(shared?.tags ?? []), { Key: REQUEST_TAG, Value: request }], request),
            () => this.undoCreatedUser(account, input.userName, request),
          ),
        () =>
          shared
            ? Promise.resolve([])
            : saga.all(accessKinds.map((kind, i) => () => this.access.ensureAccessGroup(saga, account, where, kind, request, existing[i]))),
        () => (prefix ? this.writePlaceholder(saga, account, site, prefix) : Promise.resolve()),
      ] as const);
      const [made] = await saga.all([
        () =>
          saga.step(
            'create access key',
            () => this.iam.createAccessKeyWithAttempts(account, input.userName),
            ({ key }) => existed(this.iam.deleteAccessKey(account, input.userName, key.AccessKeyId), 'iam'),
          ),
        () =>
          shared
            ? shared.attach(saga, input.userName)
            : saga.all(
                [...groups, ...(webAdminGroup ? [webAdminGroup] : [])].map((group) => () => this.access.join(saga, account, input.userName, group.GroupName)),
              ),
      ] as const);
      await Promise.all([
        // After the writes, the bucket must still be there: see removeAccess. A delete of the bucket
        // whose IAM listing came before this check finds the user (and answers for it); one that had
        // deleted the bucket before it makes this create fail and undo itself.
        this.requireTarget(account, target),
        made.attempts > 1 ? this.removeLostKeys(account, input.userName, made.key) : Promise.resolve(),
      ]);
      return { user, accessKey: made.key };
    });
    return this.orTargetGone(account, target, created);
  }

  /**
   * A delete of the bucket that ran meanwhile removed what `work` needed: IAM then answers NoSuchEntity,
   * or AccessDenied for a name that is no longer the service's. The answer is then that the bucket is
   * gone, not the AWS error.
   */
  private async orTargetGone<T>(account: AwsAccount, target: UsersTarget, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (isGone(error, 'iam') || isOutOfReach(error)) await this.requireTarget(account, target);
      throw error;
    }
  }

  /**
   * CreateAccessKey took more than one attempt: an earlier one may have made a key whose answer was
   * lost. The user is this request's own, brand new: any key but the one answered is such a key.
   */
  private async removeLostKeys(account: AwsAccount, user: string, key: NewAccessKey): Promise<void> {
    const keys = await this.waits.until(
      // Stryker disable next-line StringLiteral: it only names the wait in its log lines
      `the new access key of ${user} to be listed`,
      () => unlessGone(this.iam.listAccessKeys(account, user), 'iam', []),
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the emulator shows keys in the order IAM made them, and the lost key came first: a listing that shows any key of this new user shows it
      (answer) => answer.some((k) => k.AccessKeyId === key.AccessKeyId),
    );
    await mapLimit(
      keys.filter((k) => k.AccessKeyId !== key.AccessKeyId),
      POOL,
      (k) => existed(this.iam.deleteAccessKey(account, user, k.AccessKeyId), 'iam'),
    );
  }

  async list(accountRef: string, target: UsersTarget): Promise<IamUser[]> {
    const account = this.accounts.resolve(accountRef);
    this.validate(target);
    const [, users] = await Promise.all([this.requireTarget(account, target), this.access.listUsers(account, target.name)]);
    return users;
  }

  async show(
    accountRef: string,
    target: UsersTarget,
    userName: string,
  ): Promise<{ user: IamUser; accessKeys: AccessKeyMetadata[]; groups: IamGroup[]; policies: AttachedPolicy[] }> {
    const account = this.accounts.resolve(accountRef);
    this.validate(target, userName);
    const membership = await this.memberOf(account, target, userName);
    // A user of the tags model is in no group: its policies are attached to it.
    const tagged = membership.bucketGroups.length === 0;
    const [accessKeys, attached] = await Promise.all([
      this.iam.listAccessKeys(account, userName),
      tagged
        ? this.iam.listAttachedUserPolicies(account, userName).then((policies) => [policies])
        : mapLimit(membership.bucketGroups, POOL, (g) => this.iam.listAttachedGroupPolicies(account, g.GroupName)),
    ]);
    const seen = new Set<string>();
    const policies = attached.flat().filter((p) => !seen.has(p.PolicyArn) && seen.add(p.PolicyArn));
    return { user: membership.user, accessKeys, groups: [...membership.bucketGroups], policies };
  }

  /**
   * New key first, then the old ones go; if that fails the new key is deleted again, so the old one
   * keeps working. One reset of a user at a time, across replicas: it holds the user's key lock (see
   * AccessService.lockKeys), so while it runs nobody else makes keys for the user. The lock is taken
   * beside the reads that prove the user the bucket's: it is the service's own claim, a policy of a
   * name only the service makes under the bucket's IAM path that grants nothing, and a refused reset
   * removes it before it answers. The name is one in the account, so a reset through a bucket the user
   * is not of contends for it too: once those reads refuse the reset, the lock is no longer waited for,
   * and a reset meeting the name taken at another path tries for it again (see claimPolicy). IAM may
   * not list a key made a moment ago (the user's first key right after its create, or the key of a
   * reset just before): when the listing shows no key at all, or names one IAM has deleted already, it
   * is read again until it shows the new key, and what it then adds goes too. It answers the keys it is
   * known to have deleted: not one whose delete answer was lost, which the SDK's retry then finds gone.
   */
  async resetKeys(accountRef: string, target: UsersTarget, userName: string): Promise<{ deletedKeyIds: string[]; accessKey: NewAccessKey }> {
    const account = this.accounts.resolve(accountRef);
    this.validate(target, userName);
    const lock = (how?: Parameters<AccessService['lockKeys']>[4]) => this.access.lockKeys(account, target.name, userName, randomUUID(), how);
    // The keys the user had before, as far as this reset knows them.
    // Stryker disable next-line ArrayDeclaration: read only once the listing has set it: the lock's undo reads it only after another undo failed, and until the listing answers the lock is the only step done
    let old: string[] = [];
    let unlocked = false;
    // A read beside the lock that fails refuses the reset: from then on the lock is not waited for.
    const refused = new AbortController();
    const read =
      <T>(run: () => Promise<T>) =>
      () =>
        run().catch((error: unknown) => {
          refused.abort();
          throw error;
        });
    return this.sagas.run('resetKeys', async (saga) => {
      const [, listed, locked] = await saga.all([
        read(() => this.memberOf(account, target, userName)),
        read(() => unlessOutOfReach(this.iam.listAccessKeys(account, userName), [])),
        () =>
          saga.step(
            'lock the access keys',
            () => lock({ stop: refused.signal }),
            async (held) => {
              if (!held) return;
              // Undone last. After a failed undo the lock stays (or is made again), naming the keys the
              // user had: it marks the user for the reconciler, since a key this reset made may be left.
              if (saga.undoFailures.length === 0) await this.access.unlockKeys(account, target.name, userName);
              else if (unlocked) await lock({ oldKeys: old });
              else await this.access.markOldKeys(account, target.name, userName, old);
            },
          ),
      ] as const);
      old = listed.map((k) => k.AccessKeyId);
      const before = old;
      // Another reset at work may be why IAM lists 2 keys: that is the answer first.
      if (!locked) throw Errors.concurrentChange(`the access keys of '${userName}'`);
      // IAM allows 2 keys: with 2 there is no room for the new one, and deleting one first could lock the user out.
      if (listed.length >= 2) throw UserErrors.accessKeyLimitExceeded(userName);
      const made = await saga.step(
        'create access key',
        () => this.createKeyUnderLock(account, userName, before),
        ({ key }) => existed(this.iam.deleteAccessKey(account, userName, key.AccessKeyId), 'iam'),
      );
      // Answers the keys it deleted: not one a listing named that IAM had deleted already.
      const deleteKeys = async (ids: readonly string[]) => {
        const found = await saga.all(
          // Stryker disable next-line StringLiteral: a step without an undo is never reported, so its name reaches nothing
          ids.map((id) => () => saga.step(`delete access key ${id}`, () => existed(this.iam.deleteAccessKey(account, userName, id), 'iam'))),
        );
        return ids.filter((_, i) => found[i]);
      };
      // The lock goes beside the old keys (a reset that takes it next revokes this one's key as an older
      // one), and never fails the reset: a lock left behind is the reconciler's.
      const release = () =>
        this.access.unlockKeys(account, target.name, userName).then(
          () => void (unlocked = true),
          // Stryker disable next-line ObjectLiteral,StringLiteral: the fields and text of a log line
          (error: unknown) => this.logger.warn({ err: error, user: userName }, 'could not release the key-reset lock'),
        );
      // Every user of the service has a key: a listing without one is IAM not showing it yet.
      if (before.length === 0) old = await this.oldKeysOnceListed(account, userName, made.key.AccessKeyId);
      const [deleted] = await saga.all([() => deleteKeys(old), release] as const);
      const deletedKeyIds = [...made.revoked, ...deleted];
      // A key IAM had already deleted means the listing was out of date (or a reset finished just before
      // this one took the lock): a newer key may be missing from it.
      if (deleted.length < old.length) {
        const more = (await this.oldKeysOnceListed(account, userName, made.key.AccessKeyId)).filter((id) => !old.includes(id));
        deletedKeyIds.push(...(await deleteKeys(more)));
      }
      return { deletedKeyIds, accessKey: made.key };
    });
  }

  /** The user's keys other than `newKey`, from a listing that shows `newKey` (so nothing made before it is missing). */
  private async oldKeysOnceListed(account: AwsAccount, userName: string, newKey: string): Promise<string[]> {
    const keys = await this.waits.until(
      // Stryker disable next-line StringLiteral: it only names the wait in its log lines
      `the new access key of ${userName} to be listed`,
      () => unlessGone(this.iam.listAccessKeys(account, userName), 'iam', []),
      (answer) => answer.some((k) => k.AccessKeyId === newKey),
    );
    if (!keys.some((k) => k.AccessKeyId === newKey)) throw UserErrors.keysNotListed(userName, PROPAGATION_BUDGET_MS);
    return keys.map((k) => k.AccessKeyId).filter((id) => id !== newKey);
  }

  /**
   * CreateAccessKey under the lock. IAM's two-key limit reached means keys appeared since `before` was
   * listed: made by an attempt of this reset whose answer was lost, or by a reset that finished just
   * before this one took the lock. Either way this reset comes after them and revokes them: they go
   * (`revoked`: those it deleted), and the key is made again.
   */
  private async createKeyUnderLock(account: AwsAccount, user: string, before: readonly string[]): Promise<{ key: NewAccessKey; revoked: string[] }> {
    try {
      return { key: await this.iam.createAccessKey(account, user), revoked: [] };
    } catch (error) {
      if (!isLimitReached(error, 'accessKeys')) throw error;
      // IAM holds two keys: a listing that shows fewer is not up to date yet.
      const keys = await this.waits.until(
        // Stryker disable next-line StringLiteral: it only names the wait in its log lines
        `the keys of ${user} to be listed`,
        () => this.iam.listAccessKeys(account, user),
        (answer) => answer.length >= 2,
      );
      const newer = keys.filter((k) => !before.includes(k.AccessKeyId));
      if (newer.length === 0) throw UserErrors.accessKeyLimitExceeded(user);
      const found = await mapLimit(newer, POOL, (k) => existed(this.iam.deleteAccessKey(account, user, k.AccessKeyId), 'iam'));
      return { key: await this.iam.createAccessKey(account, user), revoked: newer.filter((_, i) => found[i]).map((k) => k.AccessKeyId) };
    }
  }

  async remove(accountRef: string, target: UsersTarget, userName: string): Promise<{ deleted: boolean; deletedKeyIds: string[]; groups: string[] }> {
    const account = this.accounts.resolve(accountRef);
    this.validate(target, userName);
    const membership = await this.memberOf(account, target, userName);
    return this.access.removeUser(account, membership.user, membership.groups, target.name);
  }

  /** Every problem with the request's names at once, before any AWS call. */
  private validate(target: UsersTarget, userName?: string, more: readonly ErrorDetail[] = []): void {
    const field = target.kind === 'website' ? 'website' : 'bucket';
    const details: ErrorDetail[] = bucketNameProblems(target.name).map((problem) => ({ field, problem }));
    if (userName !== undefined && !USER_NAME_PATTERN.test(userName)) details.push({ field: 'user', problem: USER_NAME_RULE });
    details.push(...more);
    if (details.length > 0) throw Errors.validation(details, details.map((d) => `${d.field}: ${d.problem}`).join('; '));
  }

  /**
   * The bucket or website the route names, if the service manages it; a website route needs a
   * website, whose name is a label under a domain of the account (400, as on the website routes, before any AWS call).
   */
  private requireTarget(account: AwsAccount, target: UsersTarget): Promise<ManagedBucket> {
    if (target.kind === 'bucket') return this.ownership.bucket(account, target.name);
    resolveWebsiteName(account, target.name, 'website');
    return this.ownership.website(account, target.name);
  }

  /**
   * The user's membership in the bucket, or 404 when the user does not exist or is not one of the
   * bucket's. IAM may not show a user made a moment ago: one it does not find is looked for again,
   * within a bound, before the answer is 404.
   */
  private async memberOf(account: AwsAccount, target: UsersTarget, userName: string): Promise<BucketMembership> {
    const [, first] = await Promise.all([this.requireTarget(account, target), this.access.membership(account, target.name, userName)]);
    const membership =
      first ??
      (await this.waits.until(
        // Stryker disable next-line StringLiteral: it only names the wait in its log lines
        `user ${userName} to show in IAM`,
        () => this.access.membership(account, target.name, userName),
        (found) => found !== null,
      ));
    if (!membership?.belongs) throw UserErrors.userNotFound(userName, target.name);
    return membership;
  }

  /**
   * The user goes; when it cannot (an earlier undo failed and it keeps a key or a membership, or the
   * delete itself failed), it is marked abandoned for the reconciler before the failure is reported.
   */
  private async undoCreatedUser(account: AwsAccount, user: string, request: string): Promise<void> {
    try {
      await existed(this.iam.deleteUser(account, user), 'iam');
    } catch (error) {
      await this.iam.tagUser(account, user, [{ Key: ABANDONED_TAG, Value: request }]).catch(() => undefined);
      throw error;
    }
  }

  /** A user of that name already there is this request's only when it carries its tag (a first attempt whose answer was lost). */
  private async createIamUser(account: AwsAccount, bucket: string, name: string, extraTags: readonly Tag[], request: string): Promise<IamUser> {
    try {
      return await this.iam.createUser(account, { name, path: bucketIamPath(bucket), tags: systemTags(account, extraTags) });
    } catch (error) {
      if (!isNameTaken(error, 'iam')) throw error;
      // IAM may not show a moment-old user yet (its own first attempt's, or a concurrent request's).
      const found = await this.waits.until(
        // Stryker disable next-line StringLiteral: it only names the wait in its log lines
        `user ${name} to show in IAM`,
        () => this.iam.getUser(account, name),
        (u) => u !== null,
      );
      if (found && madeBy(found.Tags, request)) return found;
      throw UserErrors.userAlreadyExists(name);
    }
  }

  /**
   * `<prefix>/index.html` (S3 keys have no leading '/'), so that a scoped user's part of the site
   * answers. Only when absent, in one step (S3's conditional write, `If-None-Match: *`): a page the site
   * has, or one another writer puts there meanwhile, stays as it is and is never undone. The undo removes
   * only what this request wrote: its version, or in a bucket without versioning the object while it
   * still has this write's ETag; one replaced or removed meanwhile is someone else's to keep.
   */
  private async writePlaceholder(saga: Saga, account: AwsAccount, site: string, prefix: string): Promise<void> {
    const key = `${prefix}/${PLACEHOLDER_NAME}`;
    await saga.step(
      `write ${key}`,
      async () => {
        try {
          return await this.waits.retry(
            // Stryker disable next-line StringLiteral: it only names the wait in its log lines
            `write ${key}`,
            // A write of the key landing while this one was in flight (409): asked again, which then gets the true answer.
            (error) => isNotYetPropagated(error, 'conditionalWrite'),
            () =>
              this.s3.putObject(account, site, key, placeholderBody(site, `${prefix}/`), {
                contentType: 'text/html; charset=utf-8',
                tags: [PLACEHOLDER_TAG],
                ifAbsent: true,
              }),
          );
        } catch (error) {
          if (isNameTaken(error, 'object')) return null;
          throw error;
        }
      },
      async (written) => {
        if (!written) return;
        try {
          await (written.versionId
            ? this.s3.deleteObject(account, site, key, written.versionId)
            : this.s3.deleteObjectIfMatch(account, site, key, written.etag));
        } catch (error) {
          if (!isStale(error) && !isGone(error, 'object')) throw error;
        }
      },
    );
  }
}

/** Scoped names must stay within IAM's limits, and a prefix must not climb out of itself. */
function prefixProblems(site: string, prefix: string | undefined, kinds: readonly GroupKind[]): ErrorDetail[] {
  if (!prefix) return [];
  const problems: ErrorDetail[] = [];
  if (kinds.includes('WebAdmGrp')) problems.push({ field: 'Groups', problem: 'WebAdmGrp covers the whole site: not available with a User.Path' });
  const scope = scopePrefixProblem(prefix);
  // Stryker disable next-line ArrayDeclaration,ObjectLiteral,StringLiteral: unreachable through the routes, whose Path pattern admits only what scopePrefixProblem does; it keeps the rule here for any other caller
  if (scope) return [...problems, { field: 'User.Path', problem: scope }];
  // Names are checked only for a valid site: the site's own problems are reported on their own.
  const tooLong = bucketNameProblems(site).length === 0 ? iamNameLengthProblem(scopedGroupName(site, prefix, 'BktAdmGrp')) : undefined;
  if (tooLong) problems.push({ field: 'User.Path', problem: `too long for this website: ${tooLong}` });
  return problems;
}
