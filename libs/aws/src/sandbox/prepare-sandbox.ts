import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsSandbox } from '#aws-sandbox';
import type { AwsAccount } from '../accounts/aws-account.js';

interface SandboxModeConfig {
  readonly accounts: readonly AwsAccount[];
  readonly sandbox: { readonly latencyMs: number };
}

/**
 * Sandbox mode: makes, in the emulator, what a real deployment has before the service starts (the
 * accounts, a hosted zone and an ACM certificate per website domain, the access-log buckets) and
 * returns the configuration with the zone ids and certificate ARNs the emulator assigned.
 */
export async function prepareSandbox<C extends SandboxModeConfig>(config: C, given?: AwsSandbox): Promise<{ config: C; sandbox: AwsSandbox }> {
  const sandbox = given ?? new AwsSandbox({ latencyMs: config.sandbox.latencyMs });
  const accounts: AwsAccount[] = [];
  for (const account of config.accounts) {
    sandbox.addAccount(account.id);
    const domains = Object.fromEntries(
      Object.keys(account.domains).map((domain) => [domain, { hostedZoneId: sandbox.addHostedZone(account.id, domain), certificateArn: sandbox.addCertificate(account.id, domain) }]),
    );
    if (account.accessLog) await createBucket(sandbox, account.id, account.accessLog.bucket, account.region);
    accounts.push({ ...account, domains });
  }
  return { config: { ...config, accounts }, sandbox };
}

async function createBucket(sandbox: AwsSandbox, accountId: string, bucket: string, region: string): Promise<void> {
  const s3 = new S3Client({ region, credentials: { accessKeyId: 'SANDBOX', secretAccessKey: 'sandbox' }, maxAttempts: 1 });
  s3.middlewareStack.use(sandbox.plugin(accountId));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }) }));
  } finally {
    s3.destroy();
  }
}
