import { AwsSandbox, type SandboxOptions } from './sandbox.js';

export interface SandboxAccount {
  readonly name: string;
  readonly id: string;
  readonly region: string;
  readonly domain: string;
  readonly hostedZoneId: string;
  readonly certificateArn: string;
  readonly logBucket: string;
}

export const SANDBOX_DOMAIN = 'sites.example.com';
export const SANDBOX_ACCOUNTS = [
  { name: 'sandbox', id: '111111111111' },
  { name: 'sandbox2', id: '222222222222' },
] as const;

/**
 * The embedded default of the contract (§4): accounts `sandbox` and `sandbox2` in us-east-1, each
 * with a hosted zone and a certificate for `sites.example.com` and its access-log bucket.
 */
export function createDefaultSandbox(options: SandboxOptions & { token?: never } = {}): { sandbox: AwsSandbox; accounts: SandboxAccount[] } {
  const sandbox = new AwsSandbox(options);
  const accounts = SANDBOX_ACCOUNTS.map(({ name, id }) => {
    sandbox.addAccount(id);
    const logBucket = `s3-api-access-logs-${id}`;
    sandbox.createBucket(id, logBucket, 'us-east-1');
    return {
      name,
      id,
      region: 'us-east-1',
      domain: SANDBOX_DOMAIN,
      hostedZoneId: sandbox.addHostedZone(id, SANDBOX_DOMAIN),
      certificateArn: sandbox.addCertificate(id, SANDBOX_DOMAIN),
      logBucket,
    };
  });
  return { sandbox, accounts };
}
