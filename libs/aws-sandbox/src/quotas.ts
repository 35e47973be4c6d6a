/** The account quotas the sandbox enforces, per account. */
export interface AccountQuotas {
  /** IAM groups per account (IAM: GroupsPerAccount). */
  readonly groups: number;
  /** IAM customer managed policies per account (IAM: PoliciesPerAccount). */
  readonly policies: number;
  /** IAM users per account (IAM: UsersPerAccount). */
  readonly users: number;
  /** S3 general purpose buckets per account. */
  readonly buckets: number;
  /** CloudFront distributions per account. */
  readonly distributions: number;
  /** CloudFront Functions per account. */
  readonly functions: number;
  /** CloudFront origin access controls per account. */
  readonly originAccessControls: number;
}

/**
 * AWS's defaults: IAM and AWS STS quotas (docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html:
 * 300 groups, 1,500 customer managed policies, 5,000 users), S3 general purpose bucket quotas
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html: 10,000 since 2024), CloudFront
 * quotas (docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html: 500 distributions,
 * 100 functions, 100 origin access controls).
 */
export const AWS_DEFAULT_QUOTAS: AccountQuotas = {
  groups: 300,
  policies: 1_500,
  users: 5_000,
  buckets: 10_000,
  distributions: 500,
  functions: 100,
  originAccessControls: 100,
};

/**
 * The most AWS grants on request (same pages): groups 500, policies 5,000, users 5,000 (fixed), buckets 1,000,000;
 * origin access controls stay at 100 (not adjustable).
 */
export const AWS_MAX_QUOTAS: AccountQuotas = {
  groups: 500,
  policies: 5_000,
  users: 5_000,
  buckets: 1_000_000,
  distributions: Number.MAX_SAFE_INTEGER,
  functions: Number.MAX_SAFE_INTEGER,
  originAccessControls: 100,
};

/** Per-entity IAM quotas (same IAM page), fixed. */
export const IAM_FIXED_QUOTAS = {
  groupsPerUser: 10,
  policiesPerGroup: 10,
  policiesPerUser: 10,
  accessKeysPerUser: 2,
  versionsPerPolicy: 5,
  policySize: 6_144,
} as const;

/** Quotas of one account: AWS's defaults, raised as an account could have them raised (never past AWS's maximum). */
export function checkedQuotas(accountId: string, base: AccountQuotas, raised: Partial<AccountQuotas>): AccountQuotas {
  const quotas = { ...base, ...raised };
  for (const [name, value] of Object.entries(quotas) as [keyof AccountQuotas, number][]) {
    if (!Number.isInteger(value) || value < 0 || value > AWS_MAX_QUOTAS[name]) {
      throw new RangeError(`account ${accountId}: AWS allows a ${name} quota of 0 to ${AWS_MAX_QUOTAS[name]}, not ${value}`);
    }
  }
  return quotas;
}
