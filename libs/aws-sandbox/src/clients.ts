import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsSandbox } from './sandbox.js';

export interface SandboxClients {
  readonly s3: S3Client;
  readonly s3control: S3ControlClient;
  readonly iam: IAMClient;
  readonly cloudfront: CloudFrontClient;
  readonly route53: Route53Client;
  readonly sts: STSClient;
  destroy(): void;
}

export interface SandboxClientOptions {
  /** Default 1: a test sees each AWS error as it is; raise it to see the SDK's retries at work. */
  readonly maxAttempts?: number;
  /** Region of the S3 client (the other services are global and sign in us-east-1); default us-east-1. */
  readonly region?: string;
  /** Act as a session of this IAM role of the account (`AwsSandbox.putRolePolicy`); default: the account's root user. */
  readonly role?: string;
  /** Labels the calls of these clients (see AwsSandbox.plugin). */
  readonly caller?: string;
}

/** Real SDK clients of every service, bound to one account of the sandbox. */
export function createSandboxClients(sandbox: AwsSandbox, accountId: string, options: SandboxClientOptions = {}): SandboxClients {
  const base = { credentials: { accessKeyId: 'SANDBOXACCESSKEY', secretAccessKey: 'sandbox-secret' }, maxAttempts: options.maxAttempts ?? 1 };
  const global = { ...base, region: 'us-east-1' };
  const clients = {
    s3: new S3Client({ ...base, region: options.region ?? 'us-east-1' }),
    s3control: new S3ControlClient({ ...base, region: options.region ?? 'us-east-1' }),
    iam: new IAMClient(global),
    cloudfront: new CloudFrontClient(global),
    route53: new Route53Client(global),
    sts: new STSClient(global),
  };
  const plugin = { ...(options.role === undefined ? {} : { role: options.role }), ...(options.caller === undefined ? {} : { caller: options.caller }) };
  for (const client of Object.values(clients)) client.middlewareStack.use(sandbox.plugin(accountId, plugin));
  return {
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
