import type { AwsSandbox } from '#aws-sandbox';
import type { AwsAccount } from '../accounts/aws-account.js';
import { bucketAccessPolicy } from '../policies/bucket.policies.js';
import { bucketGroupName, bucketPolicyName } from '../policies/policy.names.js';
import type { AccessLevel } from '../policies/policy.types.js';
import { claimsBucketName } from '../s3/s3.types.js';
import { servicePolicyOf } from '../policies/service.policy.js';

interface SandboxModeConfig {
  readonly accounts: readonly AwsAccount[];
  readonly sandbox: { readonly latencyMs: number; readonly realism: boolean };
}

/** The IAM role whose session the service's calls are in sandbox mode, in each account it has no `roleArn` for. */
export const SANDBOX_ROLE = 's3-api';

/** A boundary the sandbox makes when the configuration names one of the account's own that it lacks. */
const SANDBOX_BOUNDARY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'cloudfront:*Invalidation*'], Resource: '*' }] };

/** The bucket older tooling made in each sandbox account, with its groups, policies and users at IAM path `/`. */
export const legacyBucketName = (accountId: string): string => `legacy-reports-${accountId}`;
/** A bucket older tooling made and someone deleted by hand: only its IAM is left, at path `/`. */
export const legacyLeftoverName = (accountId: string): string => `legacy-archive-${accountId}`;

const LEGACY_GROUPS = [
  { group: 'BktAdmGrp', policy: 'BktAdmPlc', level: 'admin', user: 'admin' },
  { group: 'BktRWGrp', policy: 'BktRWPlc', level: 'read-write', user: 'writer' },
  { group: 'BktROGrp', policy: 'BktROPlc', level: 'read-only', user: 'reader' },
] as const satisfies readonly { group: string; policy: string; level: AccessLevel; user: string }[];

/**
 * Sandbox mode: makes, in the emulator, what a real deployment has before the service starts (the
 * accounts, a hosted zone and an ACM certificate per website domain, the access-log buckets, the claims
 * bucket of an account of the tags access model) and
 * returns the configuration with the zone ids and certificate ARNs the emulator assigned (those it
 * already has, for a second replica on the same sandbox). The
 * service's calls act as an IAM role with the policy shipped in deploy/iam, exactly as an operator
 * grants it, so a call the policy does not cover fails here as it would in AWS. It also
 * leaves what an account that used older tooling holds, so that what the service refuses to touch,
 * and what it can adopt, is there to try: an unmanaged bucket with its groups, policies and users at
 * IAM path `/`, and the IAM of a bucket that no longer exists.
 */
export async function prepareSandbox<C extends SandboxModeConfig>(config: C, given?: AwsSandbox): Promise<{ config: C; sandbox: AwsSandbox }> {
  // Loaded here, in sandbox mode only: a deployment against AWS never loads the emulator.
  const sandbox =
    given ??
    new (await import('#aws-sandbox')).AwsSandbox({ latencyMs: config.sandbox.latencyMs, ...(config.sandbox.realism ? { propagation: 'aws' as const } : {}) });
  const accounts: AwsAccount[] = [];
  for (const account of config.accounts) {
    sandbox.addAccount(account.id);
    const domains = Object.fromEntries(
      Object.keys(account.domains).map((domain) => [
        domain,
        {
          hostedZoneId: sandbox.hostedZoneIdOf(account.id, domain) ?? sandbox.addHostedZone(account.id, domain),
          certificateArn: sandbox.certificateOf(account.id, domain) ?? sandbox.addCertificate(account.id, domain),
        },
      ]),
    );
    if (account.accessLog && !sandbox.hasBucket(account.accessLog.bucket)) {
      sandbox.createBucket(account.id, account.accessLog.bucket, account.region);
      sandbox.setBucketPolicy(account.id, account.accessLog.bucket, logDeliveryPolicy(account.id, account.accessLog.bucket));
    }
    // The tags access model claims bucket names with objects in a bucket the deployment makes.
    if (account.accessModel === 'tags' && !sandbox.hasBucket(claimsBucketName(account.id)))
      sandbox.createBucket(account.id, claimsBucketName(account.id), account.region);
    if (!sandbox.hasBucket(legacyBucketName(account.id))) seedLegacy(sandbox, account);
    const prepared = { ...account, domains };
    grantServicePolicy(sandbox, prepared);
    const boundary = account.permissionsBoundaryArn;
    if (boundary?.startsWith(`arn:aws:iam::${account.id}:policy/`) && !sandbox.hasPolicy(account.id, boundary)) {
      const [, path, name] = /^arn:aws:iam::\d{12}:policy(\/(?:.*\/)?)([^/]+)$/.exec(boundary)!;
      sandbox.addPolicy(account.id, { name: name!, path: path!, document: SANDBOX_BOUNDARY });
    }
    accounts.push(prepared);
  }
  return { config: { ...config, accounts }, sandbox };
}

/** What a deployment's access-log bucket needs (README): S3 log delivery may write into it, for this account's buckets. */
function logDeliveryPolicy(accountId: string, bucket: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S3ServerAccessLogsPolicy',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  };
}

/**
 * Gives the identity the service acts as in `account` (its `roleArn`'s role, else SANDBOX_ROLE) the
 * policy of deploy/iam/s3-api-policy.json for that account, replacing whatever it had.
 */
export function grantServicePolicy(sandbox: AwsSandbox, account: AwsAccount): void {
  const [, path, name] = /^arn:aws:iam::\d{12}:role(\/(?:.*\/)?)([^/]+)$/.exec(account.roleArn ?? '') ?? ['', '/', SANDBOX_ROLE];
  sandbox.putRolePolicy(account.id, name!, SERVICE_POLICY_NAME, servicePolicyOf(account), path);
}

/** The name of the service's policy on its role. */
export const SERVICE_POLICY_NAME = 's3-api';

function seedLegacy(sandbox: AwsSandbox, account: AwsAccount): void {
  const bucket = legacyBucketName(account.id);
  sandbox.createBucket(account.id, bucket, account.region);
  for (const kind of LEGACY_GROUPS.slice(0, 2)) legacyGroup(sandbox, account, bucket, 'legacy-reports', kind);
  legacyGroup(sandbox, account, legacyLeftoverName(account.id), 'legacy-archive', LEGACY_GROUPS[2]);
}

function legacyGroup(sandbox: AwsSandbox, account: AwsAccount, bucket: string, userPrefix: string, kind: (typeof LEGACY_GROUPS)[number]): void {
  sandbox.addGroup(account.id, {
    name: bucketGroupName(bucket, kind.group),
    policy: { name: bucketPolicyName(bucket, kind.policy), document: bucketAccessPolicy(bucket, kind.level) },
    users: [{ name: `${userPrefix}-${kind.user}` }],
  });
}
