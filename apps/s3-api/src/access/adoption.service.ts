import { Injectable, Logger } from '@nestjs/common';
import { type AttachedPolicy, type AwsAccount, existed, type IamGroup, IamGateway, type IamPolicy, type IamUser, PropagationWaits, unlessGone } from '#aws';
import { mapLimit, settleAll } from '#common';
import { AccessErrors } from './access.errors.js';
import { createOrFindPolicy } from './create-or-find-policy.js';
import { type AccessGroupKind, type AccessNames, accessNames, bucketIamPath } from './access-names.js';

/** The groups older tooling made for a bucket; a web-admin group would make it a website's. */
const KINDS: readonly AccessGroupKind[] = ['BktAdmGrp', 'BktRWGrp', 'BktROGrp'];
/** Where older tooling put everything: the root path. */
const LEGACY_PATH = '/';
const POOL = 8;

/** One group kind of the bucket: its group and the three places its policy can be while it moves. */
interface KindState {
  readonly names: AccessNames;
  readonly group: { readonly group: IamGroup; readonly users: readonly IamUser[] } | null;
  readonly attached: readonly AttachedPolicy[];
  /** `<bucket>-Bkt…Plc` at path `/`, when it is the group's alone to give up (attached to nothing else). */
  readonly legacy: IamPolicy | null;
  /** `<bucket>-Bkt…Plc-adopting` under the bucket's path: holds the rights while the name is freed (IAM names are unique whatever the path). */
  readonly carrier: IamPolicy | null;
  readonly carrierName: string;
  readonly carrierArn: string;
  /** The policy's document to recreate under the bucket's path: the legacy default version's, else the carrier's. */
  readonly document: object | null;
}

/** What older tooling left in IAM for a bucket, read before anything is written. */
export interface AdoptionPlan {
  readonly bucket: string;
  readonly kinds: readonly KindState[];
  /** `<bucket>-WebAdmGrp` exists: the bucket served a website. */
  readonly website: boolean;
  /** Users whose only groups are the bucket's, still at path `/`. */
  readonly movers: readonly string[];
  /** Those users and any already moved by an earlier, interrupted adopt. */
  readonly users: readonly string[];
}

export interface AdoptedAccess {
  readonly groups: string[];
  readonly policies: string[];
  readonly users: string[];
}

/**
 * Takes over what older tooling made in IAM for a bucket: the groups `<bucket>-BktAdmGrp`, `-BktRWGrp`
 * and `-BktROGrp` at path `/` (found by their exact names, never by a scan), their policies, and the
 * users that belong to nothing else, all brought under `/s3-api/<bucket>/`. Groups and users move with
 * UpdateGroup/UpdateUser (ids, keys and memberships stay); a managed policy cannot change path, so it
 * is recreated there with its default version's document, the group holding the same rights through
 * a carrier policy meanwhile. A policy also attached elsewhere is not the bucket's alone: it stays
 * where it is, attached. Every step is idempotent and the plan is read afresh each time, so repeating
 * an adopt that failed half-way finishes the job.
 */
@Injectable()
export class AdoptionService {
  private readonly logger = new Logger(AdoptionService.name);

  constructor(
    private readonly iam: IamGateway,
    private readonly waits: PropagationWaits,
  ) {}

  async plan(account: AwsAccount, bucket: string): Promise<AdoptionPlan> {
    const path = bucketIamPath(bucket);
    const legacyArn = (name: string) => `arn:aws:iam::${account.id}:policy${LEGACY_PATH}${name}`;
    const read = async (kind: AccessGroupKind) => {
      const names = accessNames(account, bucket, kind);
      const carrierName = `${names.policy}-adopting`;
      const carrierArn = `arn:aws:iam::${account.id}:policy${path}${carrierName}`;
      const [group, attached, legacy, carrier] = await settleAll([
        this.iam.getGroup(account, names.group),
        unlessGone(this.iam.listAttachedGroupPolicies(account, names.group), 'iam', []),
        this.iam.getPolicy(account, legacyArn(names.policy)),
        this.iam.getPolicy(account, carrierArn),
      ] as const);
      if (group && group.group.Path !== LEGACY_PATH && group.group.Path !== path) throw AccessErrors.nameTaken('group', names.group, bucket);
      const ownAlone = legacy && legacy.AttachmentCount <= (attached.some((p) => p.PolicyArn === legacy.Arn) ? 1 : 0) ? legacy : null;
      return { names, group, attached, legacy: ownAlone, carrier, carrierName, carrierArn };
    };
    const [found, webAdmin] = await settleAll([
      Promise.all(KINDS.map(read)),
      this.iam.getGroup(account, accessNames(account, bucket, 'WebAdmGrp').group),
    ] as const);

    const canonical = new Set(KINDS.map((kind) => accessNames(account, bucket, kind).group));
    const members = [...new Map(found.flatMap((k) => k.group?.users ?? []).map((u) => [u.UserName, u])).values()];
    const [memberships, documents] = await settleAll([
      mapLimit(members, POOL, (u) => this.iam.listGroupsForUser(account, u.UserName)),
      mapLimit(found, POOL, (k) => {
        const source = k.legacy ?? k.carrier;
        return source ? this.iam.getPolicyDocument(account, source.Arn, source.DefaultVersionId) : Promise.resolve(null);
      }),
    ] as const);
    const exclusive = members.filter((_, i) => memberships[i]!.every((g) => canonical.has(g.GroupName)));
    return {
      bucket,
      kinds: found.map((k, i) => ({ ...k, document: documents[i] ?? null })),
      website: webAdmin !== null,
      movers: exclusive.filter((u) => u.Path === LEGACY_PATH).map((u) => u.UserName),
      users: exclusive.filter((u) => u.Path === LEGACY_PATH || u.Path === path).map((u) => u.UserName),
    };
  }

  async adopt(account: AwsAccount, plan: AdoptionPlan): Promise<AdoptedAccess> {
    const path = bucketIamPath(plan.bucket);
    await settleAll([
      mapLimit(
        plan.kinds.filter((k) => k.group && k.group.group.Path !== path),
        POOL,
        (k) => this.iam.moveGroup(account, k.names.group, path),
      ),
      mapLimit(plan.movers, POOL, (user) => this.iam.moveUser(account, user, path)),
      mapLimit(plan.kinds, POOL, (k) => this.movePolicy(account, plan.bucket, k)),
    ]);
    const moved = plan.kinds.filter((k) => k.document !== null || k.attached.some((p) => p.PolicyArn === k.names.policyArn));
    const adopted = {
      groups: plan.kinds.flatMap((k) => (k.group ? [k.names.group] : [])),
      policies: moved.map((k) => k.names.policy),
      users: [...plan.users],
    };
    this.logger.log({ bucket: plan.bucket, ...adopted }, 'adopted the IAM older tooling made for a bucket');
    return adopted;
  }

  /** Legacy policy -> carrier -> the bucket's own policy, the group attached to one of them at every moment. */
  private async movePolicy(account: AwsAccount, bucket: string, k: KindState): Promise<void> {
    if (k.document === null) return;
    const group = k.group?.group.GroupName;
    const path = bucketIamPath(bucket);
    const hand = async (from: string, to: { name: string; arn: string; description: string }, deleteFrom: () => Promise<void>) => {
      await this.ensurePolicy(account, bucket, to, k.document!, path);
      if (group) {
        await this.iam.attachGroupPolicy(account, group, to.arn);
        await existed(this.iam.detachGroupPolicy(account, group, from), 'iam');
      }
      await deleteFrom();
    };
    const carrier = { name: k.carrierName, arn: k.carrierArn, description: `${k.names.description} (being adopted)` };
    if (k.legacy) {
      const legacy = k.legacy.Arn;
      await hand(legacy, carrier, async () => {
        const versions = await unlessGone(this.iam.listPolicyVersions(account, legacy), 'iam', []);
        await mapLimit(
          versions.filter((v) => !v.IsDefaultVersion),
          POOL,
          (v) => existed(this.iam.deletePolicyVersion(account, legacy, v.VersionId), 'iam'),
        );
        await existed(this.iam.deletePolicy(account, legacy), 'iam');
      });
    }
    await hand(k.carrierArn, { name: k.names.policy, arn: k.names.policyArn, description: k.names.description }, () =>
      existed(this.iam.deletePolicy(account, k.carrierArn), 'iam').then(() => undefined),
    );
  }

  /** Creates the policy under the bucket's path, or finds it there from an earlier attempt. */
  private async ensurePolicy(
    account: AwsAccount,
    bucket: string,
    policy: { name: string; arn: string; description: string },
    document: object,
    path: string,
  ): Promise<void> {
    // Found: made by an earlier attempt, whose answer may have been lost.
    const outcome = await createOrFindPolicy(this.iam, this.waits, account, { name: policy.name, document, description: policy.description, path }, policy.arn);
    if ('found' in outcome && !outcome.found) throw AccessErrors.nameTaken('policy', policy.name, bucket);
  }
}
