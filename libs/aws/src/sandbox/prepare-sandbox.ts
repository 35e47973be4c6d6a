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
export function prepareSandbox<C extends SandboxModeConfig>(config: C, given?: AwsSandbox): { config: C; sandbox: AwsSandbox } {
  const sandbox = given ?? new AwsSandbox({ latencyMs: config.sandbox.latencyMs });
  const accounts: AwsAccount[] = [];
  for (const account of config.accounts) {
    sandbox.addAccount(account.id);
    const domains = Object.fromEntries(
      Object.keys(account.domains).map((domain) => [
        domain,
        { hostedZoneId: sandbox.addHostedZone(account.id, domain), certificateArn: sandbox.addCertificate(account.id, domain) },
      ]),
    );
    if (account.accessLog && !sandbox.hasBucket(account.accessLog.bucket)) sandbox.createBucket(account.id, account.accessLog.bucket, account.region);
    accounts.push({ ...account, domains });
  }
  return { config: { ...config, accounts }, sandbox };
}
