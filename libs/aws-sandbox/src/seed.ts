import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { addDistribution } from './cloudfront.handlers.js';
import type { SandboxRuntime } from './handler.js';
import { addMember, iamTimestamp, newGroup, newPolicy, newUser } from './iam.handlers.js';
import {
  type BucketState,
  type IamGroupState,
  type IamPolicyState,
  type IamUserState,
  newBucket,
  normalizeDnsName,
  recordSortKey,
  type RecordState,
} from './state.js';

export interface SeedCounts {
  readonly buckets?: number;
  readonly groups?: number;
  /** IAM path of the n-th seeded group (default '/'): e.g. other buckets' paths, to crowd a prefix. */
  readonly groupPath?: (n: number) => string;
  readonly users?: number;
  readonly distributions?: number;
  readonly records?: { readonly zoneId: string; readonly count: number };
}

const pad = (n: number) => String(n).padStart(6, '0');

/** A minimal distribution of a static website: one alias, served from one S3 website endpoint. */
export function websiteDistributionConfig(site: { reference: string; alias: string; origin: string }): DistributionConfig {
  return {
    CallerReference: site.reference,
    Comment: site.alias,
    Enabled: true,
    Aliases: { Quantity: 1, Items: [site.alias] },
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: site.origin,
          DomainName: `${site.origin}.s3-website-us-east-1.amazonaws.com`,
          CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
        },
      ],
    },
    DefaultCacheBehavior: { TargetOriginId: site.origin, ViewerProtocolPolicy: 'redirect-to-https' },
  };
}

/**
 * Fills an account directly in state, in bulk (one sort per collection), so a test can prove that a
 * request's cost does not grow with the size of the account. Numbering continues across calls.
 */
export function seedAccount(runtime: SandboxRuntime, accountId: string, counts: SeedCounts): void {
  const account = runtime.account(accountId);
  const context = { runtime, account };
  const { state } = runtime;
  const created = new Date(runtime.clock.now());
  const quotas = runtime.quotas(accountId);
  const within = (what: keyof typeof quotas, now: number, more = 0) => {
    if (now + more > quotas[what])
      throw new RangeError(
        `seed: account ${accountId} would hold ${now + more} ${what}, over its quota of ${quotas[what]} (raise it with setQuotas, as far as AWS allows)`,
      );
  };
  within('buckets', account.buckets.size, counts.buckets);
  within('groups', account.iam.groups.size, counts.groups);
  within('users', account.iam.users.size, counts.users);
  within('distributions', account.cloudfront.distributions.size, counts.distributions);

  if (counts.buckets) {
    const buckets: [string, BucketState][] = [];
    while (buckets.length < counts.buckets) {
      const name = `seed-bucket-${pad(++state.seededBuckets)}`;
      if (state.bucketOwners.has(name)) continue;
      state.bucketOwners.set(name, accountId);
      buckets.push([name, newBucket(name, accountId, 'us-east-1', created)]);
    }
    account.buckets.setMany(buckets);
  }

  if (counts.groups) {
    const groups: [string, IamGroupState][] = [];
    while (groups.length < counts.groups) {
      const n = ++account.seeded.groups;
      const name = `seed-group-${pad(n)}`;
      if (!account.iam.groups.has(name)) groups.push([name, newGroup(context, name, counts.groupPath?.(n) ?? '/')]);
    }
    account.iam.groups.setMany(groups);
  }

  if (counts.users) {
    const users: [string, IamUserState][] = [];
    while (users.length < counts.users) {
      const name = `seed-user-${pad(++account.seeded.users)}`;
      if (!account.iam.users.has(name)) users.push([name, newUser(context, name)]);
    }
    account.iam.users.setMany(users);
  }

  for (let i = 0; i < (counts.distributions ?? 0); i++) {
    const n = ++account.seeded.distributions;
    const alias = `seed-${accountId}-${pad(n)}.seed.example.net`;
    const origin = `seed-origin-${pad(n)}`;
    addDistribution(runtime, account, websiteDistributionConfig({ reference: `seed-${pad(n)}`, alias, origin }), new Map(), runtime.clock.now());
  }

  if (counts.records) {
    const zone = account.route53.zones.get(counts.records.zoneId.replace(/^\/hostedzone\//, ''));
    if (!zone) throw new Error(`seed: no hosted zone ${counts.records.zoneId} in account ${accountId}`);
    const records: [string, RecordState][] = [];
    for (let i = 0; i < counts.records.count; i++) {
      const n = ++account.seeded.records;
      const name = normalizeDnsName(`seed-${pad(n)}.${zone.name}`);
      const set = { Name: name, Type: 'A' as const, TTL: 300, ResourceRecords: [{ Value: `192.0.2.${n % 256}` }] };
      records.push([recordSortKey(name, 'A'), { name, type: 'A', set }]);
    }
    zone.records.setMany(records);
  }
}

export interface GroupSeed {
  readonly name: string;
  readonly path?: string;
  /** A managed policy made with the group and attached to it. */
  readonly policy?: { readonly name: string; readonly path?: string; readonly document: object };
  /** Members, made with one access key each unless they exist already. */
  readonly users?: readonly { readonly name: string; readonly path?: string }[];
}

/** A group with its policy and members, made directly in state as other tooling would have left it. */
export function seedGroup(runtime: SandboxRuntime, accountId: string, spec: GroupSeed): void {
  const account = runtime.account(accountId);
  const context = { runtime, account };
  const { groups, users, policies } = account.iam;
  if (groups.has(spec.name.toLowerCase())) throw new Error(`seed: group ${spec.name} already exists in account ${accountId}`);
  const quotas = runtime.quotas(accountId);
  const newUsers = (spec.users ?? []).filter((member) => !users.has(member.name.toLowerCase())).length;
  if (groups.size + 1 > quotas.groups || policies.size + (spec.policy ? 1 : 0) > quotas.policies || users.size + newUsers > quotas.users)
    throw new RangeError(`seed: group ${spec.name} would take account ${accountId} over its IAM quotas`);
  const group = newGroup(context, spec.name, spec.path);
  groups.set(spec.name.toLowerCase(), group);
  if (spec.policy) {
    const policy = seedPolicy(runtime, accountId, spec.policy);
    group.attachedPolicies.add(policy.arn);
    policy.attachedGroups.add(group.name.toLowerCase());
  }
  for (const member of spec.users ?? []) {
    let user = users.get(member.name.toLowerCase());
    if (!user) {
      user = newUser(context, member.name, member.path);
      const id = runtime.ids.accessKeyId('AKIA');
      user.accessKeys.set(id, { id, secret: runtime.ids.secret(40), status: 'Active', createDate: iamTimestamp(runtime.clock) });
      users.set(member.name.toLowerCase(), user);
    }
    addMember(group, user);
  }
}

/** A customer managed policy, made directly in state. */
export function seedPolicy(runtime: SandboxRuntime, accountId: string, spec: { name: string; path?: string; document: object }): IamPolicyState {
  return newPolicy({ runtime, account: runtime.account(accountId) }, spec.name, spec.path ?? '/', JSON.stringify(spec.document));
}
