import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
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
    sandbox.putRolePolicy(TARGET, 'SpinupS3Role', 'none', { Version: '2012-10-17', Statement: [] });
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

  it("refuses a session longer than the role's MaxSessionDuration, or than 1 h when chaining from a role session: ValidationError 400", async () => {
    const sandbox = new AwsSandbox();
    const roleArn = `arn:aws:iam::${TARGET}:role/s3-api`;
    sandbox.putRolePolicy(TARGET, 's3-api', 'none', { Version: '2012-10-17', Statement: [] });
    sandbox.putRolePolicy(BASE, 's3-api-base', 'none', { Version: '2012-10-17', Statement: [] });
    const base = sts(sandbox, BASE);
    expect(await awsErrorOf(base.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'long', DurationSeconds: 7200 })))).toMatchObject({
      name: 'ValidationError',
      status: 400,
      message: expect.stringContaining('MaxSessionDuration'),
    });
    sandbox.setRoleMaxSessionDuration(roleArn, 43_200);
    await base.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'long', DurationSeconds: 7200 }));
    // IRSA: the pod's credentials are a web identity role session, so assuming the account's role is role chaining.
    const irsa = await base.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${BASE}:role/s3-api-base`, RoleSessionName: 'pod', WebIdentityToken: 'jwt' }),
    );
    const pod = sts(sandbox, BASE, { accessKeyId: irsa.Credentials!.AccessKeyId!, secretAccessKey: irsa.Credentials!.SecretAccessKey! });
    expect(await awsErrorOf(pod.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'chained', DurationSeconds: 7200 })))).toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('1 hour session limit for roles assumed by role chaining'),
    });
    await pod.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'chained', DurationSeconds: 3600 }));
    base.destroy();
    pod.destroy();
  });

  it('refuses a role that does not exist: AccessDenied 403, as for a trust policy that refuses the caller', async () => {
    const sandbox = new AwsSandbox();
    sandbox.putRolePolicy(TARGET, 'Real', 'none', { Version: '2012-10-17', Statement: [] });
    const base = sts(sandbox, BASE);
    for (const RoleArn of [`arn:aws:iam::${TARGET}:role/Ghost`, `arn:aws:iam::${BASE}:role/Real`, `arn:aws:iam::${TARGET}:role/path/Real`]) {
      expect(await awsErrorOf(base.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 's3-api' }))), RoleArn).toMatchObject({
        name: 'AccessDenied',
        status: 403,
      });
    }
    base.destroy();
  });

  it('answers GetCallerIdentity with the role session a plugin binds its calls to', async () => {
    const sandbox = new AwsSandbox();
    const client = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'K', secretAccessKey: 's' }, maxAttempts: 1 });
    client.middlewareStack.use(sandbox.plugin(BASE, { role: 's3-api' }));
    expect(await client.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: BASE, Arn: `arn:aws:sts::${BASE}:assumed-role/s3-api/sandbox` });
    client.destroy();
  });
});
