import { type AwsAccount, bucketGroupName, type BucketPolicySuffix, bucketPolicyName, scopedGroupName, scopedPolicyName } from '#aws';

export type GroupKind = 'BktAdmGrp' | 'BktRWGrp' | 'BktROGrp' | 'WebAdmGrp';
/** The groups that grant data access (WebAdmGrp only grants cache invalidation). */
export type AccessGroupKind = Exclude<GroupKind, 'WebAdmGrp'>;

export const GROUP_KINDS: readonly GroupKind[] = ['BktAdmGrp', 'BktRWGrp', 'BktROGrp', 'WebAdmGrp'];

/** The IAM path of every group, policy and user the service makes for `<bucket>`: one exact listing finds them all. */
export const bucketIamPath = (bucket: string): string => `/s3-api/${bucket}/`;

export const POLICY_OF: Readonly<Record<GroupKind, BucketPolicySuffix>> = {
  BktAdmGrp: 'BktAdmPlc',
  BktRWGrp: 'BktRWPlc',
  BktROGrp: 'BktROPlc',
  WebAdmGrp: 'WebAdmPlc',
};

export const LEVEL_OF: Readonly<Record<AccessGroupKind, 'admin' | 'read-write' | 'read-only'>> = {
  BktAdmGrp: 'admin',
  BktRWGrp: 'read-write',
  BktROGrp: 'read-only',
};

const DESCRIPTION_OF: Readonly<Record<AccessGroupKind, string>> = {
  BktAdmGrp: 'Admin',
  BktRWGrp: 'Read-Write',
  BktROGrp: 'Read-Only',
};

/** Names of one group of a bucket (or of a prefix of a website) and of its policy. */
export interface AccessNames {
  readonly group: string;
  readonly policy: string;
  readonly policyArn: string;
  readonly description: string;
}

/** `prefix` is a website scope without capping slashes (`docs`, `one/two`). */
export function accessNames(account: AwsAccount, bucket: string, kind: GroupKind, prefix?: string): AccessNames {
  const policy = prefix ? scopedPolicyName(bucket, prefix, POLICY_OF[kind]) : bucketPolicyName(bucket, POLICY_OF[kind]);
  return {
    group: prefix ? scopedGroupName(bucket, prefix, kind) : bucketGroupName(bucket, kind),
    policy,
    policyArn: policyArn(account, bucket, policy),
    description:
      kind === 'WebAdmGrp'
        ? `Web admin policy for the ${bucket} distribution`
        : prefix
          ? `${DESCRIPTION_OF[kind]} policy for ${bucket} website prefix ${prefix}/`
          : `${DESCRIPTION_OF[kind]} policy for ${bucket} bucket`,
  };
}

/** Managed policies of `<bucket>` live under its IAM path, so their ARN is known without a lookup. */
export const policyArn = (account: AwsAccount, bucket: string, name: string): string => `arn:aws:iam::${account.id}:policy${bucketIamPath(bucket)}${name}`;

/** The lock a key reset of `user` holds (see AccessService.lockKeys): a policy, so the AccessNames shape. */
export function keyLockNames(account: AwsAccount, bucket: string, user: string): AccessNames {
  const policy = `${user}-${KEY_LOCK_SUFFIX}`;
  return { group: '', policy, policyArn: policyArn(account, bucket, policy), description: `Lock of a key reset of ${user} (grants nothing)` };
}

export const KEY_LOCK_SUFFIX = 'KeyResetLock';

/** The lock a retag of website `site` holds (see AccessService.lockTags). */
export function tagsLockNames(account: AwsAccount, site: string): AccessNames {
  const policy = `${site}-${TAGS_LOCK_SUFFIX}`;
  return { group: '', policy, policyArn: policyArn(account, site, policy), description: `Lock of a retag of ${site} (grants nothing)` };
}

export const TAGS_LOCK_SUFFIX = 'TagsLock';

/** The ARN of the policy an access group of `bucket` stands for (`<g>-BktRWGrp` -> `<g>-BktRWPlc`); undefined for any other group. */
export function ownPolicyArn(account: AwsAccount, bucket: string, group: string): string | undefined {
  const kind = GROUP_KINDS.find((k) => group.startsWith(`${bucket}-`) && group.endsWith(`-${k}`));
  return kind ? policyArn(account, bucket, `${group.slice(0, -kind.length)}${POLICY_OF[kind]}`) : undefined;
}
