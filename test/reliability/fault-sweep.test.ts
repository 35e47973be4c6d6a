import { CreatePolicyVersionCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccountProvider, CloudFrontGateway, S3Gateway, websitePublicReadPolicy } from '#aws';
import { ManualClock } from '#aws-sandbox';
import { DistributionJanitor } from '../../apps/s3-api/src/websites/distribution.janitor.js';
import { type SweepScenario, sweepFaults } from '../support/fault-sweep.js';
import { sandboxClients } from '../support/sandbox-clients.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ACCOUNT_ID = '111111111111';

describe('fault injection at every AWS call of every multi-step operation', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    t = await startTestApp({ sandboxOptions: { clock, cloudFrontDeployDelayMs: 60_000 } });
  });
  afterAll(() => t.close());

  const ok = async (promise: Promise<{ status: number; text: string }>, expected: number): Promise<void> => {
    const res = await promise;
    if (res.status !== expected) throw new Error(`arrange step answered ${res.status}: ${res.text}`);
  };
  const post = (path: string, body: unknown) => t.request('POST', path, { body });
  const janitor = async (): Promise<void> => {
    clock.advance(10 * 60_000);
    await t.app.get(DistributionJanitor).runOnce('sandbox');
  };
  const accessKeyIds = async (user: string): Promise<string[]> => {
    const out = await sandboxClients(t.sandbox, ACCOUNT_ID)
      .iam.send(new ListAccessKeysCommand({ UserName: user }))
      .catch(() => ({ AccessKeyMetadata: [] }));
    return (out.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '');
  };

  /** The default document of every policy attached to `group` right now. */
  const groupDocuments = (group: string): unknown[] => {
    const snapshot = t.sandbox.snapshot();
    const prefix = `${ACCOUNT_ID}/iam/group/${group}/attached-policy/`;
    return snapshot
      .paths()
      .filter((path) => path.startsWith(prefix))
      .map((path) => {
        const name = path.slice(path.lastIndexOf('/') + 1);
        const policy = snapshot.get(`${ACCOUNT_ID}/iam/policy/${name}`) as { defaultVersionId: string };
        return snapshot.get(`${ACCOUNT_ID}/iam/policy/${name}/version/${policy.defaultVersionId}`);
      });
  };
  const adoptGroups = ['sweep-adopt-BktAdmGrp', 'sweep-adopt-BktRWGrp', 'sweep-adopt-BktROGrp'];
  const legacyDocument = (kind: string) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::sweep-adopt/${kind}/*` }],
  });

  const scenarios = (): SweepScenario[] => {
    let oldKeys: string[] = [];
    return [
      {
        name: 'bucket create',
        act: () => post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-create' }, Tags: [{ Key: 'team', Value: 'a' }], Lifecycle: 'deep-archive' }),
        okStatus: 202,
        expectation: 'undo',
      },
      {
        name: 'bucket delete',
        arrange: async () => {
          await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-delete' } }), 202);
          await ok(post('sandbox/buckets/sweep-delete/users', { User: { UserName: 'sweep-delete-admin' } }), 200);
          await ok(post('sandbox/buckets/sweep-delete/users', { User: { UserName: 'sweep-delete-ro' }, Groups: ['BktROGrp'] }), 200);
        },
        act: () => t.request('DELETE', 'sandbox/buckets/sweep-delete'),
        okStatus: 200,
        expectation: 'retry',
      },
      {
        name: 'bucket user create (lazy groups)',
        arrange: () => ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-users' } }), 202),
        act: () => post('sandbox/buckets/sweep-users/users', { User: { UserName: 'sweep-user' }, Groups: ['BktRWGrp', 'BktROGrp'] }),
        okStatus: 200,
        expectation: 'undo',
      },
      {
        name: 'key reset',
        arrange: async () => {
          await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-reset' } }), 202);
          await ok(post('sandbox/buckets/sweep-reset/users', { User: { UserName: 'sweep-reset-user' } }), 200);
          oldKeys = await accessKeyIds('sweep-reset-user');
          // Otherwise "the old key still exists" below would hold vacuously.
          if (oldKeys.length !== 1) throw new Error(`the user should have exactly one key, has ${oldKeys.length}`);
        },
        act: () => t.request('PUT', 'sandbox/buckets/sweep-reset/users/sweep-reset-user'),
        okStatus: 200,
        expectation: 'undo',
        verify: async () => {
          const keys = await accessKeyIds('sweep-reset-user');
          return oldKeys.every((k) => keys.includes(k)) ? undefined : `the old key was lost (had ${oldKeys.join(',')}, now ${keys.join(',')})`;
        },
      },
      {
        name: 'bucket user delete',
        arrange: async () => {
          await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-userdel' } }), 202);
          await ok(post('sandbox/buckets/sweep-userdel/users', { User: { UserName: 'sweep-userdel-user' }, Groups: ['BktAdmGrp', 'BktRWGrp'] }), 200);
        },
        act: () => t.request('DELETE', 'sandbox/buckets/sweep-userdel/users/sweep-userdel-user'),
        okStatus: 200,
        expectation: 'retry',
      },
      {
        name: 'bucket adopt',
        arrange: async () => {
          t.sandbox.createBucket(ACCOUNT_ID, 'sweep-adopt');
          for (const [kind, users] of [
            ['Adm', ['sweep-adopt-admin']],
            ['RW', ['sweep-adopt-writer', 'sweep-adopt-both']],
            ['RO', []],
          ] as const) {
            t.sandbox.addGroup(ACCOUNT_ID, {
              name: `sweep-adopt-Bkt${kind}Grp`,
              policy: { name: `sweep-adopt-Bkt${kind}Plc`, document: legacyDocument(`${kind}-v1`) },
              users: users.map((name) => ({ name })),
            });
          }
          t.sandbox.addGroup(ACCOUNT_ID, { name: 'sweep-adopt-RO-too', users: [{ name: 'sweep-adopt-both' }] });
          // A later default version, as older tooling's updates would leave: the recreated policy takes that document.
          await sandboxClients(t.sandbox, ACCOUNT_ID).iam.send(
            new CreatePolicyVersionCommand({
              PolicyArn: `arn:aws:iam::${ACCOUNT_ID}:policy/sweep-adopt-BktAdmPlc`,
              PolicyDocument: JSON.stringify(legacyDocument('Adm')),
              SetAsDefault: true,
            }),
          );
        },
        act: () => t.request('POST', 'sandbox/buckets/sweep-adopt/adopt'),
        okStatus: 200,
        expectation: 'retry',
        remade: /\/iam\/policy\/sweep-adopt-Bkt\w+Plc$/,
        // Whatever step failed, every group still holds its rights: the legacy policy, the carrier or its own, attached.
        verify: async () => {
          const expected = [legacyDocument('Adm'), legacyDocument('RW-v1'), legacyDocument('RO-v1')];
          const lost = adoptGroups.filter((group, i) => !groupDocuments(group).some((d) => JSON.stringify(d) === JSON.stringify(expected[i])));
          return lost.length === 0 ? undefined : `without their rights: ${lost.join(', ')}`;
        },
      },
      {
        name: 'website create',
        // The account's origin access control is made with its first website and kept: it is there already.
        arrange: async () => {
          await ok(post('sandbox/websites', { BucketInput: { Bucket: 'sweepfirst.sites.example.com' } }), 202);
          await ok(t.request('DELETE', 'sandbox/websites/sweepfirst.sites.example.com'), 200);
          await janitor();
        },
        act: () => post('sandbox/websites', { BucketInput: { Bucket: 'sweep.sites.example.com' }, Tags: [{ Key: 'team', Value: 'a' }] }),
        okStatus: 202,
        expectation: 'undo',
        settle: janitor,
      },
      {
        name: 'website migration (rolled back at every point)',
        arrange: async () => {
          const name = 'sweepmig.sites.example.com';
          const made = await post('sandbox/websites', { BucketInput: { Bucket: name }, WebsiteConfiguration: { ErrorDocument: { Key: 'oops.html' } } });
          await ok(Promise.resolve(made), 202);
          // Back to the shape websites had before origin access controls: website endpoint, public bucket, no function.
          const account = t.app.get(AwsAccountProvider).resolve('sandbox');
          const cloudFront = t.root(CloudFrontGateway);
          const id = (made as { body: { Distribution: { Id: string } } }).body.Distribution.Id;
          const distribution = (await cloudFront.getDistribution(account, id))!.distribution;
          const [fn] = distribution.DistributionConfig.DefaultCacheBehavior.FunctionAssociations.Items.map((a) => a.FunctionARN.split('/').pop()!);
          await cloudFront.setWebsiteOrigin(account, id, { kind: 'website-endpoint', domain: `${name}.s3-website-us-east-1.amazonaws.com` });
          await cloudFront.deleteFunction(account, fn!, (await cloudFront.describeFunction(account, fn!))!.ETag);
          await t
            .root(S3Gateway)
            .putPublicAccessBlock(account, name, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false });
          t.sandbox.setBucketPolicy(ACCOUNT_ID, name, websitePublicReadPolicy(name));
          clock.advance(10 * 60_000);
        },
        act: () => post('sandbox/websites/sweepmig.sites.example.com/migrate', undefined),
        okStatus: 200,
        expectation: 'undo',
      },
      {
        name: 'website delete',
        arrange: async () => {
          await ok(post('sandbox/websites', { BucketInput: { Bucket: 'sweepdel.sites.example.com' } }), 202);
          await ok(post('sandbox/websites/sweepdel.sites.example.com/users', { User: { UserName: 'sweepdel-admin' } }), 200);
          await ok(
            post('sandbox/websites/sweepdel.sites.example.com/users', { User: { UserName: 'sweepdel-docs', Path: '/docs/' }, Groups: ['BktRWGrp'] }),
            200,
          );
        },
        act: () => t.request('DELETE', 'sandbox/websites/sweepdel.sites.example.com'),
        okStatus: 200,
        expectation: 'retry',
      },
      {
        name: 'website user create (scoped)',
        arrange: () => ok(post('sandbox/websites', { BucketInput: { Bucket: 'sweepuser.sites.example.com' } }), 202),
        act: () =>
          post('sandbox/websites/sweepuser.sites.example.com/users', {
            User: { UserName: 'sweep-scoped', Path: '/docs/team/' },
            Groups: ['BktAdmGrp', 'BktROGrp'],
          }),
        okStatus: 200,
        expectation: 'undo',
      },
      {
        name: 'cache invalidation',
        arrange: () => ok(post('sandbox/websites', { BucketInput: { Bucket: 'sweepinv.sites.example.com' } }), 202),
        act: () => t.request('PATCH', 'sandbox/websites/sweepinv.sites.example.com', { body: { CacheInvalidation: ['/*'] } }),
        okStatus: 200,
        expectation: 'undo',
      },
    ];
  };

  it('answers the mapped error and leaves nothing half-made at any of them', async () => {
    let points = 0;
    const leftovers: string[] = [];
    for (const scenario of scenarios()) {
      const result = await sweepFaults(t.sandbox, scenario);
      expect(result.points, `${scenario.name} made no AWS call?`).toBeGreaterThan(0);
      points += result.points;
      leftovers.push(...result.leftovers);
    }
    console.log(`fault injection: ${points} points, ${leftovers.length} leftovers`);
    expect(leftovers).toEqual([]);
    expect(points).toBeGreaterThanOrEqual(100);
  });
});
