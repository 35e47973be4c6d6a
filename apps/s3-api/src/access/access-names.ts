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
