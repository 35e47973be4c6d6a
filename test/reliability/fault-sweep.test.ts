import { CreatePolicyVersionCommand, CreateGroupCommand, CreatePolicyCommand, CreateUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccountProvider } from '#aws';
import { createSandboxClients, ManualClock, type SandboxClients, type SandboxDiffEntry, type SandboxSnapshot } from '#aws-sandbox';
import { type CallPoint, reconcilerScenario, type SweepScenario, sweepAll, sweepHooks } from '../support/fault-sweep.js';
import { toLegacyShape } from '../support/legacy-website.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ACCOUNT_ID = '111111111111';
const DOMAIN = 'sites.example.com';

describe('fault injection at every AWS call of every mutating route and of the reconciler', () => {
  let t: TestApp;
  let clock: ManualClock;
  let aws: SandboxClients;
  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    t = await startTestApp({ sandboxOptions: { clock, cloudFrontDeployDelayMs: 60_000 } });
    aws = createSandboxClients(t.sandbox, ACCOUNT_ID);
  });
  afterAll(async () => {
    aws.destroy();
    await t.close();
  });

  const ok = async (promise: Promise<{ status: number; text: string }>, expected: number): Promise<void> => {
    const res = await promise;
    if (res.status !== expected) throw new Error(`arrange step answered ${res.status}: ${res.text}`);
  };
  const post = (path: string, body: unknown) => t.request('POST', path, { body });
  const accessKeyIds = async (user: string): Promise<string[]> => {
    const out = await aws.iam.send(new ListAccessKeysCommand({ UserName: user })).catch(() => ({ AccessKeyMetadata: [] }));
    return (out.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '');
  };

  /** IAM entities and DNS records the service did not make, named next to `name`: every route must leave them alone. */
  const neighbours = async (name: string): Promise<void> => {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }] });
    await aws.iam.send(new CreateUserCommand({ UserName: `${name}-owner` }));
    // Next to the service's own path, not under it: a prefix match without the trailing slash would take it.
    await aws.iam.send(new CreateUserCommand({ UserName: `${name}-sibling`, Path: `/s3-api-legacy/${name}/` }));
    await aws.iam.send(new CreateGroupCommand({ GroupName: `${name}-BktAdmGrp-old` }));
    await aws.iam.send(new CreatePolicyCommand({ PolicyName: `${name}-BktRWPlc-old`, Path: '/elsewhere/', PolicyDocument: document }));
    if (!name.endsWith(DOMAIN)) return;
    const zone = t.app.get(AwsAccountProvider).resolve('sandbox').domains[DOMAIN]!.hostedZoneId;
    const record = (Name: string, Type: 'TXT' | 'CNAME', value: string) => ({
      Action: 'CREATE' as const,
      ResourceRecordSet: { Name, Type, TTL: 300, ResourceRecords: [{ Value: value }] },
    });
    await aws.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone,
        ChangeBatch: {
          Changes: [
            record(name, 'TXT', '"site-verification=not-ours"'),
            record(`www.${name}`, 'CNAME', 'elsewhere.example.org'),
            record(`mail.${name}`, 'TXT', '"v=spf1 -all"'),
          ],
        },
      }),
    );
  };

  /** The configuration of a disabled distribution that holds no alias, at `path`: CloudFront deletes one only once deployed. */
  const disabledConfig = (snapshot: SandboxSnapshot, path: string): object | undefined => {
    const config = (snapshot.get(path) as { config?: { Enabled?: boolean; Aliases?: { Quantity?: number } } } | undefined)?.config;
    return config?.Enabled === false && !config.Aliases?.Quantity ? config : undefined;
  };
  /**
   * Paths of a disabled distribution that holds no alias, and of the function it names (CloudFront
   * refuses a function's delete while a distribution names it): the reconciler's job, both at once.
   */
  const disabledDistribution = (entry: SandboxDiffEntry, snapshot: SandboxSnapshot): boolean => {
    if (entry.change !== 'added') return false;
    const at = /^(\d+\/cloudfront\/distribution\/[A-Z0-9]+)/.exec(entry.path)?.[1];
    if (at) return disabledConfig(snapshot, at) !== undefined;
    const fn = /^\d+\/cloudfront\/function\/[^/]+/.exec(entry.path)?.[0];
    const arn = fn ? (snapshot.get(fn) as { arn?: string } | undefined)?.arn : undefined;
    if (!arn) return false;
    return snapshot
      .paths()
      .filter((path) => /^\d+\/cloudfront\/distribution\/[A-Z0-9]+$/.test(path))
      .some((path) => JSON.stringify(disabledConfig(snapshot, path) ?? {}).includes(`"${arn}"`));
  };
  /**
   * What a bucket may always have, whoever made it: an access group made on first use, empty, with its
   * policy (a user delete leaves one too), and the placeholder of a website prefix (it does not count
   * against "empty").
   */
  const normalState = (entry: SandboxDiffEntry, snapshot: SandboxSnapshot): boolean => {
    if (entry.change !== 'added') return false;
    if (/\/iam\/group\/[^/]+-Bkt(Adm|RW|RO)Grp(\/attached-policy\/.*)?$/.test(entry.path)) return true;
    // A policy only with its group: one whose group is gone is the reconciler's to remove.
    const policy = /\/iam\/policy\/([^/]+-Bkt(?:Adm|RW|RO))Plc(\/version\/v1)?$/.exec(entry.path);
    if (policy) return snapshot.get(`${ACCOUNT_ID}/iam/group/${policy[1]}Grp`) !== undefined;
    const placeholder = /\/object\/.*index\.html$/.test(entry.path) && snapshot.get(entry.path);
    return (placeholder as { tags?: Record<string, string> } | undefined)?.tags?.['s3-api:placeholder'] === 'true';
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
  /** A tag update whose undo fails leaves the new tags (logged and counted; the PUT can be repeated): nothing half-made. */
  const retagged = (entry: SandboxDiffEntry): boolean => entry.change === 'changed' && entry.path.endsWith('/tags');
  /** Releasing a key reset's or a retag's lock comes after the work: the work stands (a lock left is the reconciler's). */
  const lockReleaseStands = (point: CallPoint) => (point.operation === 'DeletePolicy' ? { status: 200 } : undefined);

  const scenarios = (): SweepScenario[] => {
    let oldKeys: string[] = [];
    const keptOldKey = (user: string) => async (): Promise<string | undefined> => {
      const keys = await accessKeyIds(user);
      return oldKeys.every((k) => keys.includes(k)) || keys.length === 1 ? undefined : `the old key was lost (had ${oldKeys.join(',')}, now ${keys.join(',')})`;
    };
    return [
      {
        name: 'bucket create',
        arrange: () => neighbours('sweep-create'),
        act: () => post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-create' }, Tags: [{ Key: 'team', Value: 'a' }], Lifecycle: 'deep-archive' }),
        okStatus: 202,
        expectation: 'undo',
        points: 20,
        followUps: true,
      },
      {
        name: 'bucket update (tags and policy)',
        arrange: async () => {
          await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-update' }, Tags: [{ Key: 'team', Value: 'a' }] }), 202);
          await neighbours('sweep-update');
        },
        act: () =>
          t.request('PUT', 'sandbox/buckets/sweep-update', {
            body: {
              Tags: [{ Key: 'team', Value: 'b' }],
              BucketPolicy: JSON.stringify({
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::sweep-update/*' },
                ],
              }),
            },
          }),
        okStatus: 200,
        expectation: 'undo',
        points: 3,
        followUps: true,
        harmless: retagged,
      },
      {
        name: 'bucket delete',
        arrange: async () => {
          await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-delete' } }), 202);
          await ok(post('sandbox/buckets/sweep-delete/users', { User: { UserName: 'sweep-delete-admin' } }), 200);
          await ok(post('sandbox/buckets/sweep-delete/users', { User: { UserName: 'sweep-delete-ro' }, Groups: ['BktROGrp'] }), 200);
          await neighbours('sweep-delete');
        },
        act: () => t.request('DELETE', 'sandbox/buckets/sweep-delete'),
        okStatus: 200,
        expectation: 'retry',
        points: 45,
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
          await aws.iam.send(
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
        points: 55,
        remade: /\/iam\/policy\/sweep-adopt-Bkt\w+Plc$/,
        // Whatever step failed, every group still holds its rights: the legacy policy, the carrier or its own, attached.
        verify: async () => {
          const expected = [legacyDocument('Adm'), legacyDocument('RW-v1'), legacyDocument('RO-v1')];
          const lost = adoptGroups.filter((group, i) => !groupDocuments(group).some((d) => JSON.stringify(d) === JSON.stringify(expected[i])));
          return lost.length === 0 ? undefined : `without their rights: ${lost.join(', ')}`;
        },
      },
      {
        name: 'bucket user create (lazy groups)',
        arrange: async () => {
          await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-users' } }), 202);
          await neighbours('sweep-users');
        },
        act: () => post('sandbox/buckets/sweep-users/users', { User: { UserName: 'sweep-user' }, Groups: ['BktRWGrp', 'BktROGrp'] }),
        okStatus: 200,
        expectation: 'undo',
        points: 15,
        followUps: true,
        harmless: normalState,
      },
      {
        name: 'bucket key reset',
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
        points: 8,
        denied: lockReleaseStands,
        verify: keptOldKey('sweep-reset-user'),
        followUps: true,
      },
      {
        name: 'bucket user delete',
        arrange: async () => {
          await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-userdel' } }), 202);
          await ok(post('sandbox/buckets/sweep-userdel/users', { User: { UserName: 'sweep-userdel-user' }, Groups: ['BktAdmGrp', 'BktRWGrp'] }), 200);
          await neighbours('sweep-userdel');
        },
        act: () => t.request('DELETE', 'sandbox/buckets/sweep-userdel/users/sweep-userdel-user'),
        okStatus: 200,
        expectation: 'retry',
        points: 10,
      },
      {
        name: 'website create',
        // The account's origin access control is made with its first website and kept: it is there already.
        arrange: async () => {
          await ok(post('sandbox/websites', { BucketInput: { Bucket: `sweepfirst.${DOMAIN}` } }), 202);
          await ok(t.request('DELETE', `sandbox/websites/sweepfirst.${DOMAIN}`), 200);
          await sweepHooks(t, clock, 'sandbox').reconcile();
          await neighbours(`sweep.${DOMAIN}`);
        },
        act: () => post('sandbox/websites', { BucketInput: { Bucket: `sweep.${DOMAIN}` }, Tags: [{ Key: 'team', Value: 'a' }] }),
        okStatus: 202,
        expectation: 'undo',
        points: 33,
        pending: disabledDistribution,
        followUps: true,
      },
      {
        name: 'website update (retag)',
        arrange: async () => {
          await ok(
            post('sandbox/websites', {
              BucketInput: { Bucket: `sweepupd.${DOMAIN}` },
              Tags: [
                { Key: 'team', Value: 'a' },
                { Key: 'keep', Value: '1' },
              ],
            }),
            202,
          );
          await neighbours(`sweepupd.${DOMAIN}`);
        },
        act: () =>
          t.request('PUT', `sandbox/websites/sweepupd.${DOMAIN}`, {
            body: {
              Tags: [
                { Key: 'team', Value: 'b' },
                { Key: 'new', Value: '2' },
              ],
            },
          }),
        okStatus: 200,
        expectation: 'undo',
        points: 8,
        denied: lockReleaseStands,
        followUps: true,
        harmless: retagged,
      },
      {
        name: 'cache invalidation',
        arrange: () => ok(post('sandbox/websites', { BucketInput: { Bucket: `sweepinv.${DOMAIN}` } }), 202),
        act: () => t.request('PATCH', `sandbox/websites/sweepinv.${DOMAIN}`, { body: { CacheInvalidation: ['/*'] } }),
        okStatus: 200,
        expectation: 'undo',
        points: 2,
      },
      {
        name: 'website migration (rolled back at every point)',
        arrange: async () => {
          const name = `sweepmig.${DOMAIN}`;
          const made = await post('sandbox/websites', { BucketInput: { Bucket: name }, WebsiteConfiguration: { ErrorDocument: { Key: 'oops.html' } } });
          await ok(Promise.resolve(made), 202);
          await toLegacyShape(t, name, made);
          clock.advance(10 * 60_000);
        },
        act: () => post(`sandbox/websites/sweepmig.${DOMAIN}/migrate`, undefined),
        okStatus: 200,
        expectation: 'undo',
        points: 17,
      },
      {
        name: 'website delete',
        arrange: async () => {
          await ok(post('sandbox/websites', { BucketInput: { Bucket: `sweepdel.${DOMAIN}` } }), 202);
          await ok(post(`sandbox/websites/sweepdel.${DOMAIN}/users`, { User: { UserName: 'sweepdel-admin' } }), 200);
          await ok(post(`sandbox/websites/sweepdel.${DOMAIN}/users`, { User: { UserName: 'sweepdel-docs', Path: '/docs/' }, Groups: ['BktRWGrp'] }), 200);
          await neighbours(`sweepdel.${DOMAIN}`);
        },
        act: () => t.request('DELETE', `sandbox/websites/sweepdel.${DOMAIN}`),
        okStatus: 200,
        expectation: 'retry',
        points: 60,
      },
      {
        name: 'website user create (scoped)',
        arrange: async () => {
          await ok(post('sandbox/websites', { BucketInput: { Bucket: `sweepuser.${DOMAIN}` } }), 202);
          await neighbours(`sweepuser.${DOMAIN}`);
        },
        act: () =>
          post(`sandbox/websites/sweepuser.${DOMAIN}/users`, {
            User: { UserName: 'sweep-scoped', Path: '/docs/team/' },
            Groups: ['BktAdmGrp', 'BktROGrp'],
          }),
        okStatus: 200,
        expectation: 'undo',
        points: 16,
        followUps: true,
        harmless: normalState,
      },
      {
        name: 'website user create (whole site, joins the web-admin group)',
        arrange: () => ok(post('sandbox/websites', { BucketInput: { Bucket: `sweepwhole.${DOMAIN}` } }), 202),
        act: () => post(`sandbox/websites/sweepwhole.${DOMAIN}/users`, { User: { UserName: 'sweep-whole' } }),
        okStatus: 200,
        expectation: 'undo',
        points: 10,
        followUps: true,
      },
      {
        name: 'website user delete',
        arrange: async () => {
          await ok(post('sandbox/websites', { BucketInput: { Bucket: `sweepwud.${DOMAIN}` } }), 202);
          await ok(post(`sandbox/websites/sweepwud.${DOMAIN}/users`, { User: { UserName: 'sweep-wud' } }), 200);
        },
        act: () => t.request('DELETE', `sandbox/websites/sweepwud.${DOMAIN}/users/sweep-wud`),
        okStatus: 200,
        expectation: 'retry',
        points: 10,
      },
      {
        name: 'website key reset',
        arrange: async () => {
          await ok(post('sandbox/websites', { BucketInput: { Bucket: `sweepwkr.${DOMAIN}` } }), 202);
          await ok(post(`sandbox/websites/sweepwkr.${DOMAIN}/users`, { User: { UserName: 'sweep-wkr' } }), 200);
          oldKeys = await accessKeyIds('sweep-wkr');
        },
        act: () => t.request('PUT', `sandbox/websites/sweepwkr.${DOMAIN}/users/sweep-wkr`),
        okStatus: 200,
        expectation: 'undo',
        points: 8,
        denied: lockReleaseStands,
        verify: keptOldKey('sweep-wkr'),
      },
      reconcilerScenario(t, clock, 'sandbox', {
        name: 'the reconciler, over what a cut-off website create left',
        points: 27,
        arrange: async () => {
          // The create fails at its last step and its undo cannot delete the bucket nor disable the distribution.
          t.sandbox.faults.add({ operation: 'PutBucketTagging', nth: 1, error: { name: 'AccessDenied', httpStatusCode: 403 } });
          t.sandbox.faults.add({ operation: 'DeleteBucket', nth: 1, error: { name: 'AccessDenied', httpStatusCode: 403 } });
          t.sandbox.faults.add({ operation: 'UpdateDistribution', nth: 1, error: { name: 'AccessDenied', httpStatusCode: 403 } });
          await ok(post('sandbox/websites', { BucketInput: { Bucket: `sweeprec.${DOMAIN}` } }), 403);
          t.sandbox.faults.clear();
        },
      }),
    ];
  };

  it('answers exactly as promised and leaves nothing half-made at any of them, nor any name stuck', async () => {
    const warm = async (): Promise<void> => {
      await ok(post('sandbox/websites', { BucketInput: { Bucket: `warm.${DOMAIN}` } }), 202);
      await ok(post(`sandbox/websites/warm.${DOMAIN}/users`, { User: { UserName: 'warm-user' } }), 200);
      await ok(t.request('PUT', `sandbox/websites/warm.${DOMAIN}/users/warm-user`), 200);
      await ok(t.request('DELETE', `sandbox/websites/warm.${DOMAIN}`), 200);
    };
    expect(await sweepAll(t, sweepHooks(t, clock, 'sandbox'), warm, scenarios(), 'fault injection')).toEqual([]);
  }, 900_000);
});
