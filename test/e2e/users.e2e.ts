import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsAccount, AwsAccountProvider, IamGateway, PROPAGATION_BUDGET_MS, S3Gateway } from '#aws';
import { runSaga } from '#common';
import { ManualClock } from '#aws-sandbox';
import { bucketIamPath, keyLockNames } from '../../apps/s3-api/src/access/access-names.js';
import { AccessService } from '../../apps/s3-api/src/access/access.service.js';
import { ABANDONED_TAG, OLD_KEYS_TAG, REQUEST_TAG, systemTags } from '../../apps/s3-api/src/common/system-tags.js';
import { Reconciler } from '../../apps/s3-api/src/reconciler/reconciler.js';
import { AWS_PROPAGATION } from '../../libs/aws-sandbox/src/propagation.js';
import { barrier } from '../support/barrier.js';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';

let t: TestApp;
let account: AwsAccount;
let other: AwsAccount;
let iam: IamGateway;
let counter = 0;

/** A bucket made the way POST /buckets makes one (bucket + admin access), without depending on that route. */
async function bucketWithAdminAccess(name = `users-${++counter}-${Date.now().toString(36)}`, owner = account, on = t): Promise<string> {
  await on.root(S3Gateway).createBucket(owner, name, owner.region);
  await on.root(S3Gateway).putBucketTags(owner, name, systemTags(owner));
  await runSaga(async (saga) => {
    const access = on.app.get(AccessService);
    const claim = await access.claimName(saga, owner, name, false, 'test');
    await access.createAdminGroup(saga, owner, name, claim!.policy!);
  });
  return name;
}

const users = (bucket: string, rest = '') => `sandbox/buckets/${bucket}/users${rest}`;
const create = (bucket: string, body: unknown) => t.request('POST', users(bucket), { body });

beforeAll(async () => {
  t = await startTestApp();
  account = t.app.get(AwsAccountProvider).resolve('sandbox');
  other = t.app.get(AwsAccountProvider).resolve('sandbox2');
  iam = t.root(IamGateway);
});

afterAll(async () => {
  await t?.close();
});

describe('POST /{account}/buckets/{bucket}/users', () => {
  it('creates an admin user with an access key by default (200)', async () => {
    const bucket = await bucketWithAdminAccess();
    const res = await create(bucket, { User: { UserName: 'alice-admin' } });
    expect(res.status).toBe(200);
    expect(res.body.User).toMatchObject({ UserName: 'alice-admin', Path: `/s3-api/${bucket}/`, PasswordLastUsed: null, PermissionsBoundary: null });
    expect(Object.keys(res.body.User).sort()).toEqual(['Arn', 'CreateDate', 'PasswordLastUsed', 'Path', 'PermissionsBoundary', 'Tags', 'UserId', 'UserName']);
    expect(Object.keys(res.body.AccessKey).sort()).toEqual(['AccessKeyId', 'CreateDate', 'SecretAccessKey', 'Status', 'UserName']);
    expect(res.body.AccessKey).toMatchObject({ Status: 'Active', UserName: 'alice-admin' });
    expect(res.body.AccessKey.SecretAccessKey).toEqual(expect.any(String));
    const groups = await iam.listGroupsForUser(account, 'alice-admin');
    expect(groups.map((g) => g.GroupName)).toEqual([`${bucket}-BktAdmGrp`]);
    const user = await iam.getUser(account, 'alice-admin');
    expect(user?.Tags).toEqual(
      expect.arrayContaining([
        { Key: 's3-api:org', Value: account.org },
        { Key: 's3-api:managed-by', Value: 's3-api' },
      ]),
    );
  });

  it('creates the read-write and read-only groups and policies on first use, under the bucket path', async () => {
    const bucket = await bucketWithAdminAccess();
    const res = await create(bucket, { User: { UserName: 'rw-ro' }, Groups: ['BktRWGrp', 'BktROGrp'] });
    expect(res.status).toBe(200);
    const groups = await iam.listGroups(account, `/s3-api/${bucket}/`);
    expect(groups.map((g) => g.GroupName).sort()).toEqual([`${bucket}-BktAdmGrp`, `${bucket}-BktROGrp`, `${bucket}-BktRWGrp`]);
    for (const kind of ['RW', 'RO']) {
      expect(await iam.listAttachedGroupPolicies(account, `${bucket}-Bkt${kind}Grp`)).toEqual([
        { PolicyName: `${bucket}-Bkt${kind}Plc`, PolicyArn: `arn:aws:iam::${account.id}:policy/s3-api/${bucket}/${bucket}-Bkt${kind}Plc` },
      ]);
    }
    expect((await iam.listGroupsForUser(account, 'rw-ro')).map((g) => g.GroupName).sort()).toEqual([`${bucket}-BktROGrp`, `${bucket}-BktRWGrp`]);
  });

  it('rejects bad input before any AWS call (400)', async () => {
    const bucket = await bucketWithAdminAccess();
    const mark = t.sandbox.calls.mark();
    const cases: [string, unknown][] = [
      [bucket, { User: { UserName: 'bad name!' } }],
      [bucket, { User: { UserName: 'x'.repeat(65) } }],
      [bucket, { User: { UserName: '' } }],
      [bucket, { User: {} }],
      [bucket, {}],
      [bucket, { User: { UserName: 'ok' }, Groups: ['WebAdmGrp'] }],
      [bucket, { User: { UserName: 'ok' }, Groups: ['BkrAdmGrp'] }],
      [bucket, { User: { UserName: 'ok' }, Groups: [] }],
      [bucket, { User: { UserName: 'ok' }, Groups: ['BktRWGrp', 'BktRWGrp'] }],
      [bucket, { User: { UserName: 'ok', Path: '/docs/' } }],
      [bucket, { User: { UserName: 'ok' }, Extra: 1 }],
      ['Not_A_Bucket', { User: { UserName: 'ok' } }],
    ];
    for (const [target, body] of cases) {
      const res = await create(target, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.Code).toBe('ValidationError');
    }
    const noBody = await t.request('POST', users(bucket));
    expect(noBody.status).toBe(400);
    expect(t.sandbox.calls.since(mark)).toEqual([]);
  });

  it('answers 404 for a missing bucket and an unknown account, 403 for a bucket of another account', async () => {
    expect((await create('no-such-bucket-here', { User: { UserName: 'nobody' } })).body.Code).toBe('BucketNotFound');
    const theirs = await bucketWithAdminAccess(`theirs-${Date.now().toString(36)}`, other);
    const res = await create(theirs, { User: { UserName: 'nobody' } });
    expect(res.status).toBe(403);
    expect(res.body.Code).toBe('AwsAccessDenied');
    expect((await t.request('POST', 'nope/buckets/foo/users', { body: { User: { UserName: 'nobody' } } })).status).toBe(404);
    expect(await iam.getUser(account, 'nobody')).toBeNull();
  });

  it("answers 403 on every user route for a bucket of another account, and leaves that account's user alone", async () => {
    const theirs = await bucketWithAdminAccess(`theirs-${Date.now().toString(36)}`, other);
    const made = await t.request('POST', `sandbox2/buckets/${theirs}/users`, { body: { User: { UserName: 'their-user' } } });
    expect(made.status, made.text).toBe(200);
    const before = t.sandbox.snapshot();
    for (const [method, path] of [
      ['GET', users(theirs)],
      ['GET', users(theirs, '/their-user')],
      ['PUT', users(theirs, '/their-user')],
      ['DELETE', users(theirs, '/their-user')],
    ] as const) {
      const res = await t.request(method, path);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(403);
      expect(res.body.Code, `${method} ${path}`).toBe('AwsAccessDenied');
    }
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    expect((await t.request('GET', `sandbox2/buckets/${theirs}/users/their-user`)).status).toBe(200);
  });

  it('answers 409 UserAlreadyExists and leaves the existing user alone', async () => {
    const [a, b] = [await bucketWithAdminAccess(), await bucketWithAdminAccess()];
    expect((await create(a, { User: { UserName: 'taken' } })).status).toBe(200);
    const before = t.sandbox.snapshot();
    const res = await create(b, { User: { UserName: 'taken' }, Groups: ['BktROGrp'] });
    expect(res.status).toBe(409);
    expect(res.body.Code).toBe('UserAlreadyExists');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 429 with Retry-After when IAM keeps throttling, and leaves nothing behind', async () => {
    const bucket = await bucketWithAdminAccess();
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'CreateUser', error: { name: 'Throttling', httpStatusCode: 400 } });
    try {
      const res = await create(bucket, { User: { UserName: 'throttled' } });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      t.sandbox.faults.clear();
    }
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('leaves the user only the key it answers when a first CreateAccessKey took effect but its answer was lost', async () => {
    const bucket = await bucketWithAdminAccess();
    const mark = t.sandbox.calls.mark();
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', nth: 1, error: 'lost' });
    try {
      // At once: IAM does not list the new keys yet. The create waits until it does, backing off, so
      // within twice IAM's lag, not until its whole propagation budget is spent.
      const started = t.sandbox.clock.now();
      const res = await t.request('POST', users(bucket), { body: { User: { UserName: 'lost-key' } }, atOnce: true });
      expect(res.status, res.text).toBe(200);
      expect(t.sandbox.clock.now() - started).toBeLessThanOrEqual(2 * AWS_PROPAGATION.iamMs);
      expect(t.sandbox.calls.since(mark, { operation: 'CreateAccessKey' })).toHaveLength(2);
      // The key made by the lost attempt has a secret nobody received: it must not stay usable.
      expect((await iam.listAccessKeys(account, 'lost-key')).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
    } finally {
      t.sandbox.faults.clear();
    }
  });

  it('takes the user of a CreateUser whose answer was lost for its own once IAM shows it, and waits no longer', async () => {
    const bucket = await bucketWithAdminAccess();
    const user = `${bucket}-lost`;
    // The SDK's retry meets the user its first attempt made, which IAM does not show yet.
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateUser', nth: 1, error: 'lost' });
    let res;
    t.sandbox.settle();
    const started = t.sandbox.clock.now();
    try {
      res = await create(bucket, { User: { UserName: user } });
    } finally {
      t.sandbox.faults.clear();
    }
    expect(res.status, res.text).toBe(200);
    // It waited for IAM to show the user, backing off, and no longer.
    expect(t.sandbox.clock.now() - started).toBeLessThanOrEqual(2 * AWS_PROPAGATION.iamMs);
    expect((await iam.listAccessKeys(account, user)).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
  });

  it('marks a user its failed create could not delete as abandoned by that create, for the reconciler', async () => {
    const bucket = await bucketWithAdminAccess();
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', nth: 1, error: { name: 'InvalidInput', httpStatusCode: 400 } });
    t.sandbox.faults.add({ service: 'iam', operation: 'DeleteUser', nth: 1, error: { name: 'AccessDenied', httpStatusCode: 403 } });
    try {
      expect((await create(bucket, { User: { UserName: 'left-behind' } })).status).toBe(400);
    } finally {
      t.sandbox.faults.clear();
    }
    const tags = (await iam.getUser(account, 'left-behind'))?.Tags ?? [];
    const request = tags.find((tag) => tag.Key === REQUEST_TAG)?.Value;
    expect(request).toEqual(expect.any(String));
    expect(tags).toContainEqual({ Key: ABANDONED_TAG, Value: request });
  });

  it('undoes everything when any AWS call of the create fails', async () => {
    const probe = await bucketWithAdminAccess();
    const mark = t.sandbox.calls.mark();
    expect((await create(probe, { User: { UserName: 'probe' }, Groups: ['BktAdmGrp', 'BktRWGrp'] })).status).toBe(200);
    const calls = t.sandbox.calls.since(mark);
    expect(calls.map((c) => c.operation)).toEqual(
      expect.arrayContaining(['GetBucketTagging', 'CreateUser', 'CreatePolicy', 'CreateGroup', 'AttachGroupPolicy', 'AddUserToGroup', 'CreateAccessKey']),
    );

    const seen = new Map<string, number>();
    for (const [i, call] of calls.entries()) {
      const nth = (seen.get(call.operation) ?? 0) + 1;
      seen.set(call.operation, nth);
      const bucket = await bucketWithAdminAccess();
      const before = t.sandbox.snapshot();
      t.sandbox.faults.add({
        service: call.service,
        operation: call.operation,
        nth,
        error: call.service === 's3' ? { name: 'AccessDenied', httpStatusCode: 403 } : { name: 'InvalidInput', httpStatusCode: 400 },
      });
      try {
        const res = await create(bucket, { User: { UserName: `fault-${i}` }, Groups: ['BktAdmGrp', 'BktRWGrp'] });
        // The mapped answer: IAM InvalidInput 400, S3 AccessDenied 403.
        expect(res.status, `${call.operation} #${nth}: ${res.text}`).toBe(call.service === 's3' ? 403 : 400);
      } finally {
        t.sandbox.faults.clear();
      }
      expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString(), `fault at ${call.operation} #${nth}`).toBe('');
    }
  });

  it('answers 404 BucketNotFound when the bucket is deleted while the user is being made, and leaves no user', async () => {
    const bucket = await bucketWithAdminAccess();
    const user = `${bucket}-late`;
    const atCreateUser = barrier();
    const bucketGone = barrier();
    // The create has found the bucket and its group; its CreateUser waits while the bucket goes, groups and all.
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateUser', nth: 1, hold: () => (atCreateUser.open(), bucketGone.opened) });
    let res;
    try {
      const made = create(bucket, { User: { UserName: user } });
      await atCreateUser.opened;
      const deleted = await t.request('DELETE', `sandbox/buckets/${bucket}`);
      expect(deleted.status, deleted.text).toBe(200);
      t.sandbox.settle();
      bucketGone.open();
      res = await made;
    } finally {
      bucketGone.open();
      t.sandbox.faults.clear();
    }
    expect(res.status, res.text).toBe(404);
    expect(res.body.Code).toBe('BucketNotFound');
    expect(await iam.getUser(account, user)).toBeNull();
  });

  it("gives the bucket's admin group its policy back, as the bucket's create made it, when a user create finds that policy gone", async () => {
    const bucket = await bucketWithAdminAccess();
    const arn = `arn:aws:iam::${account.id}:policy/s3-api/${bucket}/${bucket}-BktAdmPlc`;
    const documentOf = async () => iam.getPolicyDocument(account, arn, (await iam.getPolicy(account, arn))!.DefaultVersionId);
    const made = await documentOf();
    // Removed by hand from outside the service.
    await iam.detachGroupPolicy(account, `${bucket}-BktAdmGrp`, arn);
    await iam.deletePolicy(account, arn);
    const res = await create(bucket, { User: { UserName: `${bucket}-repaired` } });
    expect(res.status, res.text).toBe(200);
    expect(await documentOf()).toEqual(made);
    expect(await iam.listAttachedGroupPolicies(account, `${bucket}-BktAdmGrp`)).toEqual([{ PolicyName: `${bucket}-BktAdmPlc`, PolicyArn: arn }]);
  });

  it('lets two concurrent first users of the read-write group share one group and one policy', async () => {
    const bucket = await bucketWithAdminAccess();
    const [a, b] = await Promise.all([
      create(bucket, { User: { UserName: 'racer-a' }, Groups: ['BktRWGrp'] }),
      create(bucket, { User: { UserName: 'racer-b' }, Groups: ['BktRWGrp'] }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const groups = (await iam.listGroups(account, `/s3-api/${bucket}/`)).map((g) => g.GroupName).sort();
    expect(groups).toEqual([`${bucket}-BktAdmGrp`, `${bucket}-BktRWGrp`]);
    expect((await iam.getGroup(account, `${bucket}-BktRWGrp`))?.users.map((u) => u.UserName).sort()).toEqual(['racer-a', 'racer-b']);
    expect(await iam.listAttachedGroupPolicies(account, `${bucket}-BktRWGrp`)).toHaveLength(1);
    expect(await iam.getPolicy(account, `arn:aws:iam::${account.id}:policy/s3-api/${bucket}/${bucket}-BktRWPlc`)).not.toBeNull();
  });
});

describe('GET /{account}/buckets/{bucket}/users', () => {
  it('answers [] for a bucket without users, and the de-duplicated members otherwise', async () => {
    const bucket = await bucketWithAdminAccess();
    const empty = await t.request('GET', users(bucket));
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);
    await create(bucket, { User: { UserName: 'lister-1' }, Groups: ['BktAdmGrp', 'BktROGrp'] });
    await create(bucket, { User: { UserName: 'lister-2' }, Groups: ['BktRWGrp'] });
    const res = await t.request('GET', users(bucket));
    expect(res.status).toBe(200);
    expect(res.body.map((u: { UserName: string }) => u.UserName).sort()).toEqual(['lister-1', 'lister-2']);
    expect(res.text).not.toContain('SecretAccessKey');
  });

  it('answers 404 for a missing bucket and 400 for an invalid name', async () => {
    expect((await t.request('GET', users('missing-bucket-xyz'))).body.Code).toBe('BucketNotFound');
    const res = await t.request('GET', users('bad_bucket'));
    expect(res.status).toBe(400);
    expect(res.body.Details).toEqual([{ Field: 'bucket', Problem: expect.any(String) }]);
    expect(res.body.Message).toBe(`bucket: ${res.body.Details[0].Problem}`);
  });

  it('costs the same number of AWS calls in a crowded account', async () => {
    const bucket = await bucketWithAdminAccess();
    await create(bucket, { User: { UserName: 'crowd-1' } });
    await create(bucket, { User: { UserName: 'crowd-2' }, Groups: ['BktROGrp'] });
    const cost = async () => {
      const mark = t.sandbox.calls.mark();
      expect((await t.request('GET', users(bucket))).body).toHaveLength(2);
      return t.sandbox.calls.since(mark).length;
    };
    const quiet = await cost();
    // As crowded as IAM lets an account be: 500 groups at most (its quota raised that far), 5,000 users.
    t.sandbox.setQuotas(account.id, { groups: 500 });
    t.sandbox.seed(account.id, { groups: 150, users: 2_000 });
    // Also under the service's own prefix, and under paths that start like this bucket's own
    // ('/s3-api/<bucket>-7/'): a scan of '/s3-api/', or a prefix missing its trailing slash, costs more
    // (a listing page holds 100 groups).
    t.sandbox.seed(account.id, { groups: 250, groupPath: (n) => `/s3-api/${bucket}-${n % 100}/` });
    expect(await cost()).toBe(quiet);
  });
});

describe('GET /{account}/buckets/{bucket}/users/{user}', () => {
  it("shows the user, its keys without secrets, the bucket's groups and their policies", async () => {
    const bucket = await bucketWithAdminAccess();
    const made = await create(bucket, { User: { UserName: 'shown' }, Groups: ['BktAdmGrp', 'BktROGrp'] });
    const res = await t.request('GET', users(bucket, '/shown'));
    expect(res.status).toBe(200);
    expect(res.body.User).toMatchObject({ UserName: 'shown', Path: `/s3-api/${bucket}/` });
    expect(res.body.AccessKeys).toEqual([
      { AccessKeyId: made.body.AccessKey.AccessKeyId, Status: 'Active', CreateDate: expect.any(String), UserName: 'shown' },
    ]);
    expect(res.body.Groups.map((g: { GroupName: string }) => g.GroupName).sort()).toEqual([`${bucket}-BktAdmGrp`, `${bucket}-BktROGrp`]);
    expect(res.body.Policies.map((p: { PolicyName: string }) => p.PolicyName).sort()).toEqual([`${bucket}-BktAdmPlc`, `${bucket}-BktROPlc`]);
    // The seed's field names: Arn and PolicyName.
    expect(res.body.Policies[0]).toEqual({ Arn: expect.stringMatching(/^arn:aws:iam::111111111111:policy\/s3-api\//), PolicyName: expect.any(String) });
    expect(res.text).not.toContain('SecretAccessKey');
  });

  it("shows a policy once when two of the user's groups carry it (an operator attached it to both)", async () => {
    const bucket = await bucketWithAdminAccess();
    expect((await create(bucket, { User: { UserName: `${bucket}-twice` }, Groups: ['BktAdmGrp', 'BktROGrp'] })).status).toBe(200);
    const extra = await iam.createPolicy(account, {
      name: `${bucket}-operator`,
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] },
      description: 'attached by an operator',
    });
    await iam.attachGroupPolicy(account, `${bucket}-BktAdmGrp`, extra.Arn);
    await iam.attachGroupPolicy(account, `${bucket}-BktROGrp`, extra.Arn);
    const res = await t.request('GET', users(bucket, `/${bucket}-twice`));
    expect(res.status, res.text).toBe(200);
    expect(res.body.Policies.map((p: { PolicyName: string }) => p.PolicyName).sort()).toEqual([
      `${bucket}-BktAdmPlc`,
      `${bucket}-BktROPlc`,
      `${bucket}-operator`,
    ]);
  });

  it('answers 404 UserNotFound for an unknown user and 400 for an invalid name', async () => {
    const bucket = await bucketWithAdminAccess();
    const res = await t.request('GET', users(bucket, '/ghost'));
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('UserNotFound');
    const badUser = await t.request('GET', users(bucket, '/bad%20name'));
    expect(badUser.status).toBe(400);
    expect(badUser.body.Details).toEqual([{ Field: 'user', Problem: expect.stringContaining('64') }]);
    // Every problem at once: the bucket's and the user's.
    const both = await t.request('GET', users('bad_bucket', '/bad%20name'));
    expect(both.body.Details.map((d: { Field: string }) => d.Field)).toEqual(['bucket', 'user']);
    expect(both.body.Message).toBe(both.body.Details.map((d: { Field: string; Problem: string }) => `${d.Field}: ${d.Problem}`).join('; '));
    expect((await t.request('GET', users('missing-bucket-xyz', '/ghost'))).body.Code).toBe('BucketNotFound');
  });
});

describe('PUT /{account}/buckets/{bucket}/users/{user} (reset keys)', () => {
  it('issues a new key and deletes the old one', async () => {
    const bucket = await bucketWithAdminAccess();
    const made = await create(bucket, { User: { UserName: 'rotator' } });
    const res = await t.request('PUT', users(bucket, '/rotator'));
    expect(res.status).toBe(200);
    expect(res.body.DeletedKeyIds).toEqual([made.body.AccessKey.AccessKeyId]);
    expect(res.body.AccessKey).toMatchObject({ UserName: 'rotator', Status: 'Active', SecretAccessKey: expect.any(String) });
    expect((await iam.listAccessKeys(account, 'rotator')).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
  });

  it('revokes the key of a reset that ended while it waited for the lock, though its own listing came before that key', async () => {
    const bucket = await bucketWithAdminAccess();
    const first = (await create(bucket, { User: { UserName: 'reset-twice' } })).body.AccessKey.AccessKeyId;
    // Both resets list the keys before either changes them; the second to ask for the lock waits until one reset has answered.
    let bothListed!: () => void;
    const listed = new Promise<void>((resolve) => (bothListed = resolve));
    let arrived = 0;
    let oneAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (oneAnswered = resolve));
    t.sandbox.faults.add({ service: 'iam', operation: 'ListAccessKeys', times: 2, hold: () => (++arrived === 2 && bothListed(), listed) });
    t.sandbox.faults.add({ service: 'iam', operation: 'CreatePolicy', nth: 2, hold: () => answered });
    let answers;
    try {
      answers = await Promise.all([0, 1].map(() => t.request('PUT', users(bucket, '/reset-twice')).finally(() => oneAnswered())));
    } finally {
      t.sandbox.faults.clear();
    }
    expect(answers.map((res) => res.status)).toEqual([200, 200]);
    // Each answers the keys it deleted: the later one found the first key gone already, and names only the earlier one's.
    const earlier = answers.find((res) => res.body.DeletedKeyIds.includes(first))!;
    const later = answers.find((res) => res !== earlier)!;
    expect(earlier.body.DeletedKeyIds).toEqual([first]);
    expect(later.body.DeletedKeyIds).toEqual([earlier.body.AccessKey.AccessKeyId]);
    expect((await iam.listAccessKeys(account, 'reset-twice')).map((k) => k.AccessKeyId)).toEqual([later.body.AccessKey.AccessKeyId]);
  });

  it('a reset right after the create waits until IAM lists the new key, and no longer', async () => {
    const bucket = await bucketWithAdminAccess();
    const first = (await t.request('POST', users(bucket), { body: { User: { UserName: 'quick-reset' } }, atOnce: true })).body.AccessKey.AccessKeyId;
    // It waits for IAM to show the user, then its new key: each wait backs off, so ends within twice IAM's lag.
    const started = t.sandbox.clock.now();
    const res = await t.request('PUT', users(bucket, '/quick-reset'), { atOnce: true });
    expect(res.status, res.text).toBe(200);
    expect(t.sandbox.clock.now() - started).toBeLessThanOrEqual(2 * 2 * AWS_PROPAGATION.iamMs);
    expect(res.body.DeletedKeyIds).toEqual([first]);
    expect((await iam.listAccessKeys(account, 'quick-reset')).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
  });

  it('a reset whose CreateAccessKey took effect but lost its answer revokes that key and makes another', async () => {
    const bucket = await bucketWithAdminAccess();
    const old = (await create(bucket, { User: { UserName: 'lost-reset' } })).body.AccessKey.AccessKeyId;
    const mark = t.sandbox.calls.mark();
    // The SDK's retry then meets IAM's two-key limit: the old key and the one whose answer was lost.
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', nth: 1, error: 'lost' });
    let res;
    t.sandbox.settle();
    const started = t.sandbox.clock.now();
    try {
      res = await t.request('PUT', users(bucket, '/lost-reset'));
    } finally {
      t.sandbox.faults.clear();
    }
    expect(res.status, res.text).toBe(200);
    // It waited for IAM to list the key of the lost attempt, backing off, and no longer.
    expect(t.sandbox.clock.now() - started).toBeLessThanOrEqual(2 * AWS_PROPAGATION.iamMs);
    expect(t.sandbox.calls.since(mark, { operation: 'CreateAccessKey' }).length).toBeGreaterThanOrEqual(3);
    // It answers every key it deleted: the old one, and the one its lost attempt made, which nobody received.
    const deleted = t.sandbox.calls
      .since(mark, { operation: 'DeleteAccessKey' })
      .filter((call) => call.outcome === 'ok')
      .map((call) => (call.input as { AccessKeyId: string }).AccessKeyId);
    expect(deleted).toHaveLength(2);
    expect(deleted).toContain(old);
    expect([...res.body.DeletedKeyIds].sort()).toEqual([...deleted].sort());
    expect((await iam.listAccessKeys(account, 'lost-reset')).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
  });

  it('a reset does not name the key of its lost attempt when something else deleted that key first', async () => {
    const bucket = await bucketWithAdminAccess();
    const old = (await create(bucket, { User: { UserName: 'lost-and-gone' } })).body.AccessKey.AccessKeyId;
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', nth: 1, error: 'lost' });
    // As the reset goes to revoke the key of its lost attempt, someone else deletes that key.
    t.sandbox.faults.add({
      service: 'iam',
      operation: 'DeleteAccessKey',
      nth: 1,
      hold: async () => {
        t.sandbox.settle();
        const lost = (await iam.listAccessKeys(account, 'lost-and-gone')).find((k) => k.AccessKeyId !== old)!;
        await iam.deleteAccessKey(account, 'lost-and-gone', lost.AccessKeyId);
      },
    });
    let res;
    try {
      res = await t.request('PUT', users(bucket, '/lost-and-gone'));
    } finally {
      t.sandbox.faults.clear();
    }
    expect(res.status, res.text).toBe(200);
    expect(res.body.DeletedKeyIds).toEqual([old]);
    expect((await iam.listAccessKeys(account, 'lost-and-gone')).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
  });

  it('a reset whose old key someone else revokes meanwhile names no key, and asks IAM to delete that key once', async () => {
    const bucket = await bucketWithAdminAccess();
    const old = (await create(bucket, { User: { UserName: 'revoked-meanwhile' } })).body.AccessKey.AccessKeyId;
    // As the reset goes to delete the old key, someone else deletes it, a moment after the reset made its new key.
    t.sandbox.faults.add({
      service: 'iam',
      operation: 'DeleteAccessKey',
      nth: 1,
      hold: async () => {
        await t.sandbox.sleep(AWS_PROPAGATION.iamMs / 2);
        await iam.deleteAccessKey(account, 'revoked-meanwhile', old);
      },
    });
    const mark = t.sandbox.calls.mark();
    let res;
    try {
      res = await t.request('PUT', users(bucket, '/revoked-meanwhile'));
    } finally {
      t.sandbox.faults.clear();
    }
    expect(res.status, res.text).toBe(200);
    expect(res.body.DeletedKeyIds).toEqual([]);
    // It looked again for a key it might have missed: that listing still showed the old key, which it knew gone.
    const refused = t.sandbox.calls.since(mark, { operation: 'DeleteAccessKey' }).filter((call) => call.outcome === 'error');
    expect(refused.map((call) => (call.input as { AccessKeyId: string }).AccessKeyId)).toEqual([old]);
    expect(t.sandbox.calls.since(mark, { operation: 'ListAccessKeys' }).length).toBeGreaterThanOrEqual(2);
    expect((await iam.listAccessKeys(account, 'revoked-meanwhile')).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
  });

  it('a reset that revoked the key of its lost attempt but could not make another leaves the user its old key, which was never revoked', async () => {
    const bucket = await bucketWithAdminAccess();
    const old = (await create(bucket, { User: { UserName: 'lost-then-refused' } })).body.AccessKey.AccessKeyId;
    // The lost attempt's key goes (the SDK's retries meet IAM's two-key limit, which it takes for throttling);
    // the CreateAccessKey after it is refused.
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', nth: 1, error: 'lost' });
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', nth: 4, error: { name: 'AccessDenied', httpStatusCode: 403 } });
    const mark = t.sandbox.calls.mark();
    let res;
    try {
      res = await t.request('PUT', users(bucket, '/lost-then-refused'));
    } finally {
      t.sandbox.faults.clear();
    }
    expect(res.status, res.text).toBe(403);
    expect(t.sandbox.calls.since(mark, { operation: 'DeleteAccessKey' }).map((call) => (call.input as { AccessKeyId: string }).AccessKeyId)).not.toContain(old);
    expect((await iam.listAccessKeys(account, 'lost-then-refused')).map((k) => k.AccessKeyId)).toEqual([old]);
  });

  it("refuses a reset while another holds the user's key lock (409), and leaves that lock to its holder", async () => {
    const bucket = await bucketWithAdminAccess();
    await create(bucket, { User: { UserName: 'locked-keys' } });
    // The first reset holds the lock and waits at its CreateAccessKey until the others have answered.
    let othersAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (othersAnswered = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', nth: 1, hold: () => (locked(), answered) });
    let first;
    try {
      first = t.request('PUT', users(bucket, '/locked-keys'));
      await holding;
      const second = await t.request('PUT', users(bucket, '/locked-keys'));
      expect(second.status, second.text).toBe(409);
      expect(second.body.Message).toContain(`the access keys of 'locked-keys'`);
      // The refused reset took nothing of the first one's: a third is refused as well.
      expect((await t.request('PUT', users(bucket, '/locked-keys'))).status).toBe(409);
    } finally {
      othersAnswered();
      t.sandbox.faults.clear();
    }
    const res = await first;
    expect(res.status, res.text).toBe(200);
    expect((await iam.listAccessKeys(account, 'locked-keys')).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
  });

  describe("the user's key lock is one name in the account: a reset through a bucket the user is not of takes it too", () => {
    const lockArn = (bucket: string, user: string) => keyLockNames(account, bucket, user).policyArn;
    /** No key lock of `user` left at either bucket's path, once IAM shows every change. */
    const noLockLeft = async (user: string, ...buckets: string[]) => {
      await t.sandbox.sleep(AWS_PROPAGATION.iamMs);
      for (const bucket of buckets) expect(await iam.getPolicy(account, lockArn(bucket, user)), bucket).toBeNull();
    };
    /** The user's bucket with the user and its first key, and a bucket the user is not of. */
    const userAndWrongBucket = async (user: string) => {
      const [bucket, elsewhere] = await Promise.all([bucketWithAdminAccess(), bucketWithAdminAccess()]);
      const first = (await create(bucket, { User: { UserName: user } })).body.AccessKey.AccessKeyId as string;
      return { bucket, elsewhere, first };
    };
    /** The reset `res` replaced `first` with the key it answered, and left no lock at either bucket's path. */
    const replaced = async (user: string, res: TestResponse, first: string, ...buckets: string[]) => {
      expect(res.body.DeletedKeyIds).toEqual([first]);
      expect((await iam.listAccessKeys(account, user)).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
      await noLockLeft(user, ...buckets);
    };

    it('answers 404 at once while a real reset holds the lock, and the real reset goes on', async () => {
      const { bucket, elsewhere, first } = await userAndWrongBucket('held-keys');
      // The real reset holds the lock and waits at its CreateAccessKey until the wrong one has answered.
      const [locked, wrongAnswered] = [barrier(), barrier()];
      t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', nth: 1, hold: () => (locked.open(), wrongAnswered.opened) });
      let real;
      try {
        real = t.request('PUT', users(bucket, '/held-keys'));
        await locked.opened;
        // Measured from when IAM shows everything so far, as a request after a pause sees it.
        t.sandbox.settle();
        const started = t.sandbox.clock.now();
        const wrong = await t.request('PUT', users(elsewhere, '/held-keys'));
        expect(wrong.status, wrong.text).toBe(404);
        expect(wrong.body.Code).toBe('UserNotFound');
        // IAM refused it the lock's name and shows no lock at its bucket's path; it did not wait for either.
        expect(t.sandbox.clock.now() - started).toBeLessThan(PROPAGATION_BUDGET_MS / 10);
      } finally {
        wrongAnswered.open();
        t.sandbox.faults.clear();
      }
      const res = await real;
      expect(res.status, res.text).toBe(200);
      await replaced('held-keys', res, first, bucket, elsewhere);
    });

    it('a real reset takes the lock once the wrong one has given it up, without waiting for it to show at its own path', async () => {
      const { bucket, elsewhere, first } = await userAndWrongBucket('freed-keys');
      const mark = t.sandbox.calls.mark();
      const [wrongAtMembership, realRefused, wrongAnswered] = [barrier(), barrier(), barrier()];
      // The wrong reset holds the lock (its CreatePolicy is the first) while its membership check waits
      // until IAM has refused the real reset the name; the real reset tries again once the wrong one answered.
      t.sandbox.faults.add({ service: 'iam', operation: 'ListGroupsForUser', nth: 1, hold: () => (wrongAtMembership.open(), realRefused.opened) });
      t.sandbox.faults.add({ service: 'iam', operation: 'GetPolicy', nth: 1, hold: async () => realRefused.open() });
      t.sandbox.faults.add({ service: 'iam', operation: 'CreatePolicy', nth: 3, hold: () => wrongAnswered.opened });
      let wrong, real;
      try {
        wrong = t.request('PUT', users(elsewhere, '/freed-keys')).finally(() => wrongAnswered.open());
        await wrongAtMembership.opened;
        // The wrong reset's CreatePolicy has taken effect before the real reset asks.
        const createPolicies = () => t.sandbox.calls.since(mark, { operation: 'CreatePolicy' });
        while (createPolicies()[0]?.outcome !== 'ok') await new Promise((resolve) => setImmediate(resolve));
        t.sandbox.settle();
        const started = t.sandbox.clock.now();
        real = await t.request('PUT', users(bucket, '/freed-keys'));
        expect(real.status, real.text).toBe(200);
        expect(t.sandbox.clock.now() - started).toBeLessThan(PROPAGATION_BUDGET_MS / 10);
        expect((await wrong).status).toBe(404);
        expect(createPolicies().map((c) => c.outcome)).toEqual(['ok', 'error', 'ok']);
      } finally {
        realRefused.open();
        wrongAnswered.open();
        t.sandbox.faults.clear();
      }
      await replaced('freed-keys', real, first, bucket, elsewhere);
    });

    it('a real reset right after a refused wrong one takes the lock at its first try: the wrong one removed its lock before it answered', async () => {
      const { bucket, elsewhere, first } = await userAndWrongBucket('after-wrong');
      const wrong = await t.request('PUT', users(elsewhere, '/after-wrong'));
      expect(wrong.status, wrong.text).toBe(404);
      const mark = t.sandbox.calls.mark();
      // At once, as a client that got the bucket wrong and retries through the right one: the name is free again.
      const res = await t.request('PUT', users(bucket, '/after-wrong'), { atOnce: true });
      expect(res.status, res.text).toBe(200);
      expect(t.sandbox.calls.since(mark, { operation: 'CreatePolicy' }).map((call) => call.outcome)).toEqual(['ok']);
      await replaced('after-wrong', res, first, bucket, elsewhere);
    });

    it('a real reset answers 409 ConcurrentChange when the lock stays with a wrong reset that could not remove it', async () => {
      const { bucket, elsewhere, first } = await userAndWrongBucket('kept-lock');
      t.sandbox.faults.add({ service: 'iam', operation: 'DeletePolicy', error: { name: 'InvalidInput', httpStatusCode: 400 } });
      try {
        expect((await t.request('PUT', users(elsewhere, '/kept-lock'))).status).toBe(404);
      } finally {
        t.sandbox.faults.clear();
      }
      t.sandbox.settle();
      const started = t.sandbox.clock.now();
      const res = await t.request('PUT', users(bucket, '/kept-lock'));
      expect(res.status, res.text).toBe(409);
      expect(res.body.Code).toBe('ConcurrentChange');
      // It tried for the lock within the wait budget, no longer.
      expect(t.sandbox.clock.now() - started).toBeLessThanOrEqual(PROPAGATION_BUDGET_MS);
      expect((await iam.listAccessKeys(account, 'kept-lock')).map((k) => k.AccessKeyId)).toEqual([first]);
      // The lock left stays the reconciler's; the real reset left none of its own.
      await t.sandbox.sleep(AWS_PROPAGATION.iamMs);
      expect(await iam.getPolicy(account, lockArn(elsewhere, 'kept-lock'))).not.toBeNull();
      expect(await iam.getPolicy(account, lockArn(bucket, 'kept-lock'))).toBeNull();
      await iam.deletePolicy(account, lockArn(elsewhere, 'kept-lock'));
    });

    it('a wrong reset whose lock was made but its answer lost still finds that lock once refused, and removes it', async () => {
      const { elsewhere } = await userAndWrongBucket('lost-wrong-lock');
      t.sandbox.faults.add({ service: 'iam', operation: 'CreatePolicy', nth: 1, error: 'lost' });
      let res;
      try {
        res = await t.request('PUT', users(elsewhere, '/lost-wrong-lock'));
      } finally {
        t.sandbox.faults.clear();
      }
      expect(res.status, res.text).toBe(404);
      await noLockLeft('lost-wrong-lock', elsewhere);
    });

    it('a reset whose lock was made but its answer lost knows the lock for its own by its tag, and removes it', async () => {
      const bucket = await bucketWithAdminAccess();
      const first = (await create(bucket, { User: { UserName: 'lost-lock' } })).body.AccessKey.AccessKeyId;
      t.sandbox.faults.add({ service: 'iam', operation: 'CreatePolicy', nth: 1, error: 'lost' });
      let res;
      try {
        res = await t.request('PUT', users(bucket, '/lost-lock'));
      } finally {
        t.sandbox.faults.clear();
      }
      expect(res.status, res.text).toBe(200);
      await replaced('lost-lock', res, first, bucket);
    });
  });

  it('answers 503 when IAM does not list its new key within the wait budget after a listing that named a revoked key, and leaves the user the key it had', async () => {
    const bucket = await bucketWithAdminAccess();
    const user = `${bucket}-unlisted`;
    await create(bucket, { User: { UserName: user } });
    t.sandbox.settle();
    // IAM lags longer than the service waits: the reset that follows lists the key the first one revoked.
    t.sandbox.setPropagation({ ...AWS_PROPAGATION, iamMs: 3 * PROPAGATION_BUDGET_MS });
    let kept: string;
    let res;
    try {
      const first = await t.request('PUT', users(bucket, `/${user}`));
      expect(first.status, first.text).toBe(200);
      kept = first.body.AccessKey.AccessKeyId;
      res = await t.request('PUT', users(bucket, `/${user}`), { atOnce: true });
    } finally {
      t.sandbox.settle();
      t.sandbox.setPropagation('aws');
    }
    expect(res.status, res.text).toBe(503);
    expect(res.body).toMatchObject({ Code: 'AwsUnavailable', Message: expect.stringContaining(`IAM did not list the new access key of '${user}'`) });
    expect((await iam.listAccessKeys(account, user)).map((k) => k.AccessKeyId)).toEqual([kept]);
  });

  it('refuses a reset with 409 when IAM holds 2 keys but lists only one within the wait budget, changing nothing', async () => {
    const bucket = await bucketWithAdminAccess();
    const user = `${bucket}-hidden`;
    const old = (await create(bucket, { User: { UserName: user } })).body.AccessKey.AccessKeyId as string;
    t.sandbox.settle();
    t.sandbox.setPropagation({ ...AWS_PROPAGATION, iamMs: 3 * PROPAGATION_BUDGET_MS });
    let res;
    let other: string;
    try {
      // A second key made outside the service, which IAM does not list yet.
      other = (await iam.createAccessKey(account, user)).AccessKeyId;
      res = await t.request('PUT', users(bucket, `/${user}`), { atOnce: true });
    } finally {
      t.sandbox.settle();
      t.sandbox.setPropagation('aws');
    }
    expect(res.status, res.text).toBe(409);
    expect(res.body.Code).toBe('AccessKeyLimitExceeded');
    expect((await iam.listAccessKeys(account, user)).map((k) => k.AccessKeyId).sort()).toEqual([old, other].sort());
  });

  it('refuses a user that already has 2 keys (409) without changing anything', async () => {
    const bucket = await bucketWithAdminAccess();
    await create(bucket, { User: { UserName: 'two-keys' } });
    await iam.createAccessKey(account, 'two-keys');
    const before = t.sandbox.snapshot();
    const mark = t.sandbox.calls.mark();
    const res = await t.request('PUT', users(bucket, '/two-keys'));
    expect(res.status).toBe(409);
    expect(res.body.Code).toBe('AccessKeyLimitExceeded');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    // Refused from the listing, before any key is asked of IAM.
    expect(t.sandbox.calls.since(mark, { operation: 'CreateAccessKey' })).toEqual([]);
  });

  it('answers 404 for an unknown user and 429 when IAM keeps throttling', async () => {
    const bucket = await bucketWithAdminAccess();
    expect((await t.request('PUT', users(bucket, '/ghost'))).body.Code).toBe('UserNotFound');
    await create(bucket, { User: { UserName: 'throttled-keys' } });
    t.sandbox.faults.add({ operation: 'CreateAccessKey', error: { name: 'Throttling', httpStatusCode: 400 } });
    try {
      const res = await t.request('PUT', users(bucket, '/throttled-keys'));
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      t.sandbox.faults.clear();
    }
  });

  it('keeps the old key working when any AWS call of the reset fails, with the mapped status; a lock it cannot release does not fail it', async () => {
    const bucket = await bucketWithAdminAccess();
    const made = await create(bucket, { User: { UserName: 'steady' } });
    const oldKey = made.body.AccessKey.AccessKeyId as string;
    const probe = await bucketWithAdminAccess();
    await create(probe, { User: { UserName: 'steady-probe' } });
    const mark = t.sandbox.calls.mark();
    expect((await t.request('PUT', users(probe, '/steady-probe'))).status).toBe(200);
    const calls = t.sandbox.calls.since(mark);
    expect(calls.map((c) => c.operation)).toEqual(expect.arrayContaining(['CreateAccessKey', 'DeleteAccessKey']));

    const seen = new Map<string, number>();
    for (const call of calls) {
      const nth = (seen.get(call.operation) ?? 0) + 1;
      seen.set(call.operation, nth);
      const before = t.sandbox.snapshot();
      const logsBefore = t.logs.length;
      t.sandbox.faults.add({
        service: call.service,
        operation: call.operation,
        nth,
        error: call.service === 's3' ? { name: 'AccessDenied', httpStatusCode: 403 } : { name: 'InvalidInput', httpStatusCode: 400 },
      });
      let res;
      try {
        res = await t.request('PUT', users(bucket, '/steady'));
      } finally {
        t.sandbox.faults.clear();
      }
      if (call.operation === 'DeletePolicy') {
        // Releasing the reset's lock comes after the work is done: the reset stands and the new key alone
        // works (the release is tried again at the end; a lock left anyway is the reconciler's).
        expect(res.status, res.text).toBe(200);
        expect(
          t.logs.slice(logsBefore).filter((line) => line.includes('could not release the key-reset lock') && line.includes('"user":"steady"')),
        ).toHaveLength(1);
        expect((await iam.listAccessKeys(account, 'steady')).map((k) => k.AccessKeyId)).toEqual([res.body.AccessKey.AccessKeyId]);
        t.sandbox.restore(before);
        continue;
      }
      // The mapped answer: S3 AccessDenied 403, IAM InvalidInput 400.
      expect(res.status, `${call.operation} #${nth}: ${res.text}`).toBe(call.service === 's3' ? 403 : 400);
      expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString(), `fault at ${call.operation} #${nth}`).toBe('');
      expect((await iam.listAccessKeys(account, 'steady')).map((k) => k.AccessKeyId)).toEqual([oldKey]);
    }
  });

  /**
   * A reset of a new user with one key, `old`, while the given IAM operations fail: its answer, the
   * operations it made on the user's key lock, and the log lines it wrote.
   */
  async function resetWhileFailing(name: string, operations: readonly string[]) {
    const bucket = await bucketWithAdminAccess();
    const user = `${bucket}-${name}`;
    const old = (await create(bucket, { User: { UserName: user } })).body.AccessKey.AccessKeyId as string;
    const lock = keyLockNames(account, bucket, user);
    const logsBefore = t.logs.length;
    const mark = t.sandbox.calls.mark();
    for (const operation of operations) t.sandbox.faults.add({ service: 'iam', operation, error: { name: 'InvalidInput', httpStatusCode: 400 } });
    let res;
    try {
      res = await t.request('PUT', users(bucket, `/${user}`));
    } finally {
      t.sandbox.faults.clear();
    }
    const onLock = t.sandbox.calls.since(mark).filter((call) => {
      const input = call.input as { PolicyArn?: string; PolicyName?: string };
      return input.PolicyArn === lock.policyArn || input.PolicyName === lock.policy;
    });
    return {
      user,
      old,
      res,
      onLock: onLock.map((call) => call.operation),
      lockTags: async () => (await iam.getPolicy(account, lock.policyArn))?.Tags,
      logs: t.logs.slice(logsBefore),
    };
  }

  it('a reset whose undo fails while it still holds its lock names the old key on that lock for the reconciler', async () => {
    // Revoking the old key fails, and so do releasing the lock and deleting the new key again.
    const { old, res, onLock, lockTags } = await resetWhileFailing('held', ['DeleteAccessKey', 'DeletePolicy']);
    expect(res.status, res.text).toBe(400);
    expect(onLock).toEqual(['CreatePolicy', 'DeletePolicy', 'TagPolicy']);
    expect(await lockTags()).toContainEqual({ Key: OLD_KEYS_TAG, Value: old });
  });

  it('a reset whose undo fails after it released its lock makes the lock again, naming the old key for the reconciler, and logs the undo', async () => {
    // Revoking the old key fails while the lock is released beside it; deleting the new key again fails too.
    const { user, old, res, onLock, lockTags, logs } = await resetWhileFailing('undone', ['DeleteAccessKey']);
    expect(res.status, res.text).toBe(400);
    expect(onLock).toEqual(['CreatePolicy', 'DeletePolicy', 'CreatePolicy']);
    // Both keys are left, and the lock tells the reconciler which one was the user's.
    const keys = (await iam.listAccessKeys(account, user)).map((k) => k.AccessKeyId);
    expect(keys).toHaveLength(2);
    expect(keys).toContain(old);
    expect(await lockTags()).toContainEqual({ Key: OLD_KEYS_TAG, Value: old });
    expect(logs.filter((line) => line.includes("could not undo 'create access key' of a failed resetKeys"))).toHaveLength(1);
  });
});

describe('a key reset cut off, and the reconciler', () => {
  // Its own app, on a clock the test sets: which keys are the user's own is told by IAM's dates, to the second.
  let own: TestApp;
  let clock: ManualClock;
  let ownIam: IamGateway;
  const seconds = (n: number) => n * 1000;
  /** Moves the clock to `ms` past the start of a later second. */
  const intoNextSecond = (ms: number) => clock.set((Math.floor(clock.now() / 1000) + 1) * 1000 + ms);
  const keysOf = async (user: string) => (await ownIam.listAccessKeys(account, user)).map((k) => k.AccessKeyId).sort();
  const lockOf = (bucket: string, user: string) => ownIam.getPolicy(account, keyLockNames(account, bucket, user).policyArn);
  const reconcile = async () => {
    clock.advance(seconds(own.config.reconciler.graceSeconds + 60));
    expect((await own.app.get(Reconciler).runOnce('sandbox')).complete).toBe(true);
  };
  /** A bucket (made without the route, which goes on in the background on the clock) and its user with one key. */
  async function userWithKey(name: string): Promise<{ bucket: string; user: string; old: string }> {
    const bucket = await bucketWithAdminAccess(`${name}-${Date.now().toString(36)}`, account, own);
    const user = `${name}-user`;
    const created = await own.request('POST', `sandbox/buckets/${bucket}/users`, { body: { User: { UserName: user } } });
    expect(created.status, created.text).toBe(200);
    // Once IAM shows the user everywhere: a CreateAccessKey before would wait for it, past the lock's second.
    clock.advance(AWS_PROPAGATION.iamMs);
    return { bucket, user, old: created.body.AccessKey.AccessKeyId };
  }
  /**
   * A reset that leaves its lock and its new key, `after` ms past the lock, as one cut off after its
   * CreateAccessKey does: deleting the old key fails, and so do releasing the lock, the undo of the new
   * key and naming the old keys on the lock. (The harness's own calls let IAM settle first, which moves the clock: the reset
   * itself makes the lock and the key.)
   */
  async function cutOffReset(name: string, after: number): Promise<{ bucket: string; user: string; old: string; made: string }> {
    const { bucket, user, old } = await userWithKey(name);
    intoNextSecond(100);
    const failing = { name: 'InvalidInput', httpStatusCode: 400 };
    own.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', hold: async () => clock.advance(after) });
    own.sandbox.faults.add({ service: 'iam', operation: 'DeleteAccessKey', error: failing });
    own.sandbox.faults.add({ service: 'iam', operation: 'DeletePolicy', error: failing });
    own.sandbox.faults.add({ service: 'iam', operation: 'TagPolicy', error: failing });
    try {
      const res = await own.request('PUT', `sandbox/buckets/${bucket}/users/${user}`);
      expect(res.status, res.text).toBe(400);
    } finally {
      own.sandbox.faults.clear();
    }
    const lock = await lockOf(bucket, user);
    expect(lock?.Tags.map((t) => t.Key)).not.toContain(OLD_KEYS_TAG);
    const made = (await keysOf(user)).filter((k) => k !== old);
    expect(made).toHaveLength(1);
    return { bucket, user, old, made: made[0]! };
  }

  beforeAll(async () => {
    clock = new ManualClock();
    own = await startTestApp({ sandboxOptions: { clock } });
    ownIam = own.root(IamGateway);
  });

  afterAll(async () => {
    await own?.close();
  });

  it("removes a key IAM dates after the lock's second while one of the user's own is still there, and the lock", async () => {
    const { bucket, user, old } = await cutOffReset('cut-later', 1000);
    await reconcile();
    expect(await keysOf(user)).toEqual([old]);
    expect(await lockOf(bucket, user)).toBeNull();
  });

  it("keeps a key IAM dates in the lock's second: it may be the user's own, and one somebody holds never goes", async () => {
    const { bucket, user, old, made } = await cutOffReset('cut-same', 800);
    await reconcile();
    expect(await keysOf(user)).toEqual([old, made].sort());
    expect(await lockOf(bucket, user)).toBeNull();
  });

  it("keeps the new key once the user's own are gone (the reset deleted them: it answered, or was about to)", async () => {
    const { bucket, user, old, made } = await cutOffReset('cut-done', 1000);
    await ownIam.deleteAccessKey(account, user, old);
    await reconcile();
    expect(await keysOf(user)).toEqual([made]);
    expect(await lockOf(bucket, user)).toBeNull();
  });

  it("leaves the keys of a user that is not the bucket's alone when a refused reset could not remove its lock", async () => {
    const { user, old } = await userWithKey('cut-owner');
    const stranger = await bucketWithAdminAccess(`cut-stranger-${Date.now().toString(36)}`, account, own);
    const mark = own.sandbox.calls.mark();
    own.sandbox.faults.add({ service: 'iam', operation: 'DeletePolicy', error: { name: 'InvalidInput', httpStatusCode: 400 } });
    let res;
    try {
      res = await own.request('PUT', `sandbox/buckets/${stranger}/users/${user}`);
    } finally {
      own.sandbox.faults.clear();
    }
    expect(res.status, res.text).toBe(404);
    expect(own.sandbox.calls.since(mark, { operation: 'CreatePolicy' })).toHaveLength(1);
    clock.advance(AWS_PROPAGATION.iamMs);
    expect(await lockOf(stranger, user)).not.toBeNull();
    // A key of a later second than that lock, as a reset through the user's own bucket would make.
    clock.advance(seconds(2));
    const later = (await ownIam.createAccessKey(account, user)).AccessKeyId;
    await reconcile();
    expect(await keysOf(user)).toEqual([old, later].sort());
    expect(await lockOf(stranger, user)).toBeNull();
  });
});

describe('DELETE /{account}/buckets/{bucket}/users/{user}', () => {
  it('deletes the keys, the memberships and the user', async () => {
    const bucket = await bucketWithAdminAccess();
    const made = await create(bucket, { User: { UserName: 'leaver' }, Groups: ['BktAdmGrp', 'BktRWGrp'] });
    const res = await t.request('DELETE', users(bucket, '/leaver'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      UserName: 'leaver',
      UserDeleted: true,
      DeletedKeyIds: [made.body.AccessKey.AccessKeyId],
      Groups: expect.arrayContaining([`${bucket}-BktAdmGrp`, `${bucket}-BktRWGrp`]),
    });
    expect(await iam.getUser(account, 'leaver')).toBeNull();
    expect((await t.request('DELETE', users(bucket, '/leaver'))).status).toBe(404);
    expect((await t.request('GET', users(bucket))).body).toEqual([]);
  });

  it('only takes a user that also belongs elsewhere out of this bucket', async () => {
    const [a, b] = [await bucketWithAdminAccess(), await bucketWithAdminAccess()];
    await create(a, { User: { UserName: 'shared' } });
    await iam.addUserToGroup(account, 'shared', `${b}-BktAdmGrp`);
    const res = await t.request('DELETE', users(a, '/shared'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ UserName: 'shared', UserDeleted: false, DeletedKeyIds: [], Groups: [`${a}-BktAdmGrp`] });
    expect((await iam.listGroupsForUser(account, 'shared')).map((g) => g.GroupName)).toEqual([`${b}-BktAdmGrp`]);
    expect(await iam.listAccessKeys(account, 'shared')).toHaveLength(1);
  });

  it('answers 429 with Retry-After when IAM keeps throttling', async () => {
    const bucket = await bucketWithAdminAccess();
    await create(bucket, { User: { UserName: 'slow-leaver' } });
    t.sandbox.faults.add({ operation: 'DeleteUser', error: { name: 'Throttling', httpStatusCode: 400 } });
    try {
      const res = await t.request('DELETE', users(bucket, '/slow-leaver'));
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      t.sandbox.faults.clear();
    }
    expect((await t.request('DELETE', users(bucket, '/slow-leaver'))).status).toBe(200);
  });
});

describe("which users are the bucket's", () => {
  it("takes a user under the bucket's IAM path that is in no group yet (a create stopped half-way) as the bucket's", async () => {
    const bucket = await bucketWithAdminAccess();
    await iam.createUser(account, { name: 'half-made', path: bucketIamPath(bucket), tags: systemTags(account) });
    expect((await t.request('GET', users(bucket, '/half-made'))).status).toBe(200);
    const res = await t.request('DELETE', users(bucket, '/half-made'));
    expect(res.status, res.text).toBe(200);
    expect(res.body.UserDeleted).toBe(true);
    expect(await iam.getUser(account, 'half-made')).toBeNull();
  });

  it("never shows, resets or deletes a user under another bucket's path, or one in another bucket's group only", async () => {
    const [bucket, elsewhere] = [await bucketWithAdminAccess(), await bucketWithAdminAccess()];
    // Made half-way for the other bucket: under its path, in no group yet.
    await iam.createUser(account, { name: 'outsider', path: bucketIamPath(elsewhere), tags: systemTags(account) });
    // Under the bucket's path, but a member of another bucket's group only: that bucket's, not this one's.
    await iam.createUser(account, { name: 'moved', path: bucketIamPath(bucket), tags: systemTags(account) });
    await iam.addUserToGroup(account, 'moved', `${elsewhere}-BktAdmGrp`);
    const before = t.sandbox.snapshot();
    for (const stranger of ['outsider', 'moved']) {
      for (const method of ['GET', 'PUT', 'DELETE'] as const) {
        const res = await t.request(method, users(bucket, `/${stranger}`));
        expect(res.status, `${method} ${stranger}: ${res.text}`).toBe(404);
        expect(res.body.Code).toBe('UserNotFound');
      }
    }
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });
});

describe('bucket isolation: foo and foobar', () => {
  it('never shows, resets or deletes a user of the other bucket', async () => {
    const foo = await bucketWithAdminAccess('foo');
    const foobar = await bucketWithAdminAccess('foobar');
    const fooUser = await create(foo, { User: { UserName: 'foo-user' }, Groups: ['BktAdmGrp', 'BktRWGrp'] });
    const foobarUser = await create(foobar, { User: { UserName: 'foobar-user' }, Groups: ['BktROGrp'] });
    expect([fooUser.status, foobarUser.status]).toEqual([200, 200]);
    const before = t.sandbox.snapshot();

    expect((await t.request('GET', users(foo))).body.map((u: { UserName: string }) => u.UserName)).toEqual(['foo-user']);
    expect((await t.request('GET', users(foobar))).body.map((u: { UserName: string }) => u.UserName)).toEqual(['foobar-user']);
    for (const [bucket, stranger] of [
      [foo, 'foobar-user'],
      [foobar, 'foo-user'],
    ] as const) {
      for (const method of ['GET', 'PUT', 'DELETE'] as const) {
        const res = await t.request(method, users(bucket, `/${stranger}`));
        expect(res.status, `${method} ${bucket}/${stranger}`).toBe(404);
        expect(res.body.Code).toBe('UserNotFound');
      }
    }
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });
});
