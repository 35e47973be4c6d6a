import { assertScopePrefix } from './policy.guards.js';

export type BucketGroupSuffix = 'BktAdmGrp' | 'BktRWGrp' | 'BktROGrp' | 'WebAdmGrp';
export type BucketPolicySuffix = 'BktAdmPlc' | 'BktRWPlc' | 'BktROPlc' | 'WebAdmPlc';

/** IAM's limit for group and managed policy names. */
export const IAM_NAME_MAX_LENGTH = 128;

/** `<bucket>-BktAdmGrp` */
export function bucketGroupName(bucket: string, suffix: BucketGroupSuffix): string {
  return `${bucket}-${suffix}`;
}

/** `<bucket>-BktAdmPlc` */
export function bucketPolicyName(bucket: string, suffix: BucketPolicySuffix): string {
  return `${bucket}-${suffix}`;
}

/** `<site>-one_two-BktAdmGrp` for the prefix `one/two`. */
export function scopedGroupName(site: string, prefix: string, suffix: BucketGroupSuffix): string {
  return scopedName(site, prefix, suffix);
}

/** `<site>-one_two-BktAdmPlc` for the prefix `one/two`. */
export function scopedPolicyName(site: string, prefix: string, suffix: BucketPolicySuffix): string {
  return scopedName(site, prefix, suffix);
}

function scopedName(site: string, prefix: string, suffix: string): string {
  assertScopePrefix(prefix);
  return `${site}-${prefix.replaceAll('/', '_')}-${suffix}`;
}

/** Why IAM would refuse `name` as a group or policy name for its length, or undefined when it fits. */
export function iamNameLengthProblem(name: string): string | undefined {
  if (name.length <= IAM_NAME_MAX_LENGTH) return undefined;
  return `the IAM name '${name}' is ${name.length} characters long; IAM allows at most ${IAM_NAME_MAX_LENGTH}`;
}
