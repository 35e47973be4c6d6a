import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { AwsSandbox } from './sandbox.js';
import { awsErrorOf } from './testing.js';

const BASE = '111111111111';
const TARGET = '222222222222';

function sts(sandbox: AwsSandbox, accountId: string, credentials = { accessKeyId: 'BASEKEY', secretAccessKey: 'base' }) {
  const client = new STSClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
  client.middlewareStack.use(sandbox.plugin(accountId));
  return client;
}

describe('STS in the sandbox', () => {
  it('assumes a role into the account named by the RoleArn, expiring DurationSeconds later on the clock', async () => {
    const clock = new ManualClock(Date.UTC(2025, 5, 1));
    const sandbox = new AwsSandbox({ clock });
    const base = sts(sandbox, BASE);
    const out = await base.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TARGET}:role/SpinupS3Role`, RoleSessionName: 's3-api-sandbox2', DurationSeconds: 900 }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.Expiration?.getTime()).toBe(Date.UTC(2025, 5, 1) + 900_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${TARGET}:assumed-role/SpinupS3Role/s3-api-sandbox2`);
    const assumed = sts(sandbox, TARGET, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey! });
    expect(await assumed.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: TARGET, Arn: out.AssumedRoleUser!.Arn });
    expect(await base.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: BASE, Arn: `arn:aws:iam::${BASE}:root` });
    expect(await awsErrorOf(base.send(new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'x1' })))).toMatchObject({
      name: 'ValidationError',
      status: 400,
    });
    base.destroy();
    assumed.destroy();
  });
});
