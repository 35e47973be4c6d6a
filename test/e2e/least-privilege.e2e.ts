import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccountProvider, IamGateway, legacyBucketName, SANDBOX_ROLE, SERVICE_POLICY_NAME, servicePolicyOf } from '#aws';
import { AwsSandbox, createSandboxClients, ManualClock, type SandboxClients } from '#aws-sandbox';
import { Reconciler } from '../../apps/s3-api/src/reconciler/reconciler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';
const DOMAIN = 'sites.example.com';
const SERVICE_ROLE = `arn:aws:iam::${ID}:role/${SANDBOX_ROLE}`;

/** What an administrator might set on a bucket, not knowing the service needs it: a Deny for the service's role. */
const denyTheService = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'NotThatRole',
        Effect: 'Deny',
        Principal: { AWS: SERVICE_ROLE },
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
    ],
  });

describe('least privilege', () => {
  let t: TestApp;
  let root: SandboxClients;
  beforeAll(async () => {
    t = await startTestApp();
    root = createSandboxClients(t.sandbox, ID);
  });
  afterAll(async () => {
    root.destroy();
    await t.close();
  });

  it('runs the service under the policy of deploy/iam, as an operator grants it', () => {
    const account = t.app.get(AwsAccountProvider).resolve('sandbox');
    expect(t.sandbox.rolePolicy(ID, SANDBOX_ROLE, SERVICE_POLICY_NAME)).toEqual(servicePolicyOf(account));
  });

  describe('a bucket policy that denies the service, set behind its back', () => {
    it('makes show, update and delete of a bucket answer 403 BucketPolicyDenied, and changes nothing', async () => {
      const bucket = 'denied-bucket';
      expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: bucket } } })).status).toBe(202);
      await root.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: denyTheService(bucket) }));
      const before = t.sandbox.snapshot();
      for (const [method, body] of [
        ['GET', undefined],
        ['PUT', { Tags: [{ Key: 'team', Value: 'x' }] }],
        ['DELETE', undefined],
        ['POST', { User: { UserName: 'denied-user' } }],
      ] as const) {
        const path = method === 'POST' ? `sandbox/buckets/${bucket}/users` : `sandbox/buckets/${bucket}`;
        const res = await t.request(method, path, body === undefined ? {} : { body });
        expect(res.status, `${method} ${path}: ${res.text}`).toBe(403);
        expect(res.body.Code).toBe('BucketPolicyDenied');
        expect(res.body.Message).toContain('explicit deny in a resource-based policy');
      }
      expect((await t.request('HEAD', `sandbox/buckets/${bucket}`)).status).toBe(403);
      expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    });

    it('does the same for a website', async () => {
      const site = `denied.${DOMAIN}`;
      expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: site } } })).status).toBe(202);
      await root.s3.send(new PutBucketPolicyCommand({ Bucket: site, Policy: denyTheService(site) }));
      const before = t.sandbox.snapshot();
      for (const [method, body] of [
        ['GET', undefined],
        ['PUT', { Tags: [{ Key: 'team', Value: 'x' }] }],
        ['PATCH', { CacheInvalidation: ['/*'] }],
        ['DELETE', undefined],
      ] as const) {
        const res = await t.request(method, `sandbox/websites/${site}`, body === undefined ? {} : { body });
        expect(res.status, `${method}: ${res.text}`).toBe(403);
        expect(res.body.Code).toBe('BucketPolicyDenied');
      }
      expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    });
  });

  describe("the account's own S3 Block Public Access", () => {
    it('with every setting on, lets websites be made: their buckets are private, read by their distribution alone', async () => {
      await root.s3control.send(
        new PutPublicAccessBlockCommand({
          AccountId: ID,
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        }),
      );
      try {
        const name = `blocked.${DOMAIN}`;
        const res = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: name } } });
        expect(res.status, res.text).toBe(202);
        const policy = await root.s3.send(new GetBucketPolicyCommand({ Bucket: name }));
        expect(JSON.parse(policy.Policy!).Statement).toEqual([
          expect.objectContaining({
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': res.body.Distribution.ARN } },
          }),
        ]);
        expect((await t.request('DELETE', `sandbox/websites/${name}`)).status).toBe(200);
      } finally {
        t.sandbox.setAccountPublicAccessBlock(ID, undefined);
      }
    });

    it('leaves buckets alone: they are never public', async () => {
      t.sandbox.setAccountPublicAccessBlock(ID, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      try {
        expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'private-under-bpa' } } })).status).toBe(202);
      } finally {
        t.sandbox.setAccountPublicAccessBlock(ID, undefined);
      }
    });
  });
});

describe('a permissions boundary configured for the account', () => {
  const BOUNDARY = `arn:aws:iam::${ID}:policy/s3-api-boundary`;
  let t: TestApp;
  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 's3api-boundary-')), 'config.yaml');
    writeFileSync(
      path,
      `sandbox: { enabled: true }\naccounts:\n  - { name: sandbox, id: '${ID}', permissionsBoundaryArn: '${BOUNDARY}', domains: { ${DOMAIN}: {} } }\n`,
    );
    t = await startTestApp({ env: { S3API_CONFIG: path } });
  });
  afterAll(() => t.close());

  it('is on every IAM user the service creates', async () => {
    const site = `bounded.${DOMAIN}`;
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'bounded-bucket' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: site } } })).status).toBe(202);
    const made = [
      await t.request('POST', 'sandbox/buckets/bounded-bucket/users', { body: { User: { UserName: 'b-admin' } } }),
      await t.request('POST', 'sandbox/buckets/bounded-bucket/users', { body: { User: { UserName: 'b-reader' }, Groups: ['BktROGrp', 'BktRWGrp'] } }),
      await t.request('POST', `sandbox/websites/${site}/users`, { body: { User: { UserName: 'w-admin' } } }),
      await t.request('POST', `sandbox/websites/${site}/users`, { body: { User: { UserName: 'w-docs', Path: '/docs/' } } }),
      await t.request('POST', `sandbox/websites/${site}/users`, { body: { User: { UserName: 'w-cache' }, Groups: ['WebAdmGrp'] } }),
    ];
    for (const res of made) expect(res.status, res.text).toBe(200);
    expect(made.map((res) => res.body.User.PermissionsBoundary)).toEqual(Array(made.length).fill(BOUNDARY));
    const users = await t.root(IamGateway).listUsers(t.app.get(AwsAccountProvider).resolve('sandbox'), '/s3-api/');
    expect(users.map((u) => u.UserName).sort()).toEqual(['b-admin', 'b-reader', 'w-admin', 'w-cache', 'w-docs']);
    expect(users.filter((u) => u.PermissionsBoundary !== BOUNDARY)).toEqual([]);
  });

  it('is not put on the users adopt moves in: adopt never changes what a user may do', async () => {
    const bucket = legacyBucketName(ID);
    const adopted = await t.request('POST', `sandbox/buckets/${bucket}/adopt`);
    expect(adopted.status, adopted.text).toBe(200);
    const users = await t.root(IamGateway).listUsers(t.app.get(AwsAccountProvider).resolve('sandbox'), `/s3-api/${bucket}/`);
    expect(users.length).toBeGreaterThan(0);
    expect(users.map((u) => u.PermissionsBoundary)).toEqual(Array(users.length).fill(null));
  });
});

describe('the reconciler in two replicas, under the policy that scopes CloudFront by tag', () => {
  it('lets the one that loses the race to a deletion count no error, though CloudFront answers it AccessDenied', async () => {
    const clock = new ManualClock();
    // Each call takes a while, so the two reconcilers walk the account in step and both find the distribution.
    const sandbox = new AwsSandbox({ clock, latencyMs: 5 });
    const t = await startTestApp({ sandbox, replica: 'a' });
    const other = await startTestApp({ sandbox, replica: 'b' });
    try {
      const site = `orphan.${DOMAIN}`;
      const made = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: site } } });
      expect(made.status, made.text).toBe(202);
      const deleted = await t.request('DELETE', `sandbox/websites/${site}`);
      expect(deleted.status, deleted.text).toBe(200);
      clock.advance(3_600_000);
      const mark = sandbox.calls.mark();
      const runs = await Promise.all([t, other].map((replica) => replica.app.get(Reconciler).runOnce('sandbox')));
      expect(runs.map((run) => run.removed).sort()).toEqual([0, 1]);
      expect(runs.map((run) => run.errors)).toEqual([0, 0]);
      // The race did happen: the loser was refused a distribution that no longer existed.
      expect(sandbox.calls.since(mark).filter((call) => call.service === 'cloudfront' && call.errorName === 'AccessDenied')).toHaveLength(1);
    } finally {
      await Promise.all([t.close(), other.close()]);
    }
  });
});
