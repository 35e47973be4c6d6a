import { parse } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsAccount, AwsAccountProvider, IamGateway, S3Gateway } from '#aws';
import { ManualClock, SandboxErrors } from '#aws-sandbox';
import { callPoints, INJECTED_ANSWER, INJECTED_ERROR } from '../support/fault-sweep.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';
const OTHER_ID = '222222222222';
const LOG_BUCKET = `s3-api-access-logs-${ID}`;

let t: TestApp;
let counter = 0;
/** A fresh bucket name per test: the sandbox lives as long as the file. */
const fresh = (base = 'bkt'): string => `${base}-${++counter}`;

const account = (ref = 'sandbox'): AwsAccount => t.app.get(AwsAccountProvider).resolve(ref);
const createBucket = (name: string, extra: Record<string, unknown> = {}, accountRef = 'sandbox') =>
  t.request('POST', `${accountRef}/buckets`, { body: { BucketInput: { Bucket: name }, ...extra } });
const putObject = (bucket: string, key: string) => t.sandbox.putObject(ID, bucket, key, 'hello');
/** A bucket of the other sandbox account, made directly in the sandbox. */
const otherAccountBucket = (name: string) => t.sandbox.createBucket(OTHER_ID, name);

/**
 * Runs `work` with a small latency on every sandbox call and returns its critical path in AWS round
 * trips (calls made concurrently start before any answers): counted from the call log, not a clock.
 */
async function roundTrips(work: () => Promise<unknown>): Promise<number> {
  const mark = t.sandbox.calls.mark();
  t.sandbox.setLatency(2);
  try {
    await work();
  } finally {
    t.sandbox.setLatency(0);
  }
  return t.sandbox.calls.criticalPath(mark);
}
const state = (path: string): unknown => t.sandbox.snapshot().get(`${ID}/${path}`);
const bucketPaths = (bucket: string, accountId = ID): string[] =>
  t.sandbox
    .snapshot()
    .paths()
    .filter((p) => p === `${accountId}/s3/bucket/${bucket}` || p.startsWith(`${accountId}/s3/bucket/${bucket}/`));

async function created(name: string, extra: Record<string, unknown> = {}, accountRef = 'sandbox'): Promise<void> {
  const res = await createBucket(name, extra, accountRef);
  expect(res.status, res.text).toBe(202);
}

/** A bad request: 400 ValidationError naming the offending fields, and not one AWS call made. */
async function expectRejectedBeforeAws(
  method: 'POST' | 'PUT' | 'GET' | 'DELETE' | 'HEAD',
  path: string,
  body: unknown,
  fields: readonly string[],
): Promise<{ Field: string; Problem: string }[]> {
  const calls = t.sandbox.calls.count();
  const res = await t.request(method, path, body === undefined ? {} : { body });
  expect(res.status, res.text).toBe(400);
  expect(t.sandbox.calls.count(), 'AWS calls made for a bad request').toBe(calls);
  if (method === 'HEAD') return [];
  expect(res.body.Code).toBe('ValidationError');
  const details = res.body.Details as { Field: string; Problem: string }[];
  expect(details.map((d) => d.Field)).toEqual(expect.arrayContaining([...fields]));
  return details;
}

const denyInsecureTransport = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });

const publicRead = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
  });

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /{account}/buckets', () => {
  it('lists the bucket names of the account only', async () => {
    const mine = fresh('list');
    const theirs = fresh('list-other');
    await created(mine);
    otherAccountBucket(theirs);
    const res = await t.request('GET', 'sandbox/buckets');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.arrayContaining([LOG_BUCKET, mine]));
    expect(res.body).not.toContain(theirs);
    expect(res.body.every((name: unknown) => typeof name === 'string')).toBe(true);
  });

  it('answers 404 AccountNotFound for an unknown account, without calling AWS', async () => {
    const calls = t.sandbox.calls.count();
    const res = await t.request('GET', 'nosuchaccount/buckets');
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('AccountNotFound');
    expect(t.sandbox.calls.count()).toBe(calls);
  });

  it('answers 401 without a token', async () => {
    expect((await t.request('GET', 'sandbox/buckets', { token: null })).status).toBe(401);
  });
});

describe('POST /{account}/buckets', () => {
  it('answers 202 with the seed shape and makes a fully configured bucket with its admin group and policy', async () => {
    const name = fresh('create');
    const res = await createBucket(name, {
      Tags: [
        { Key: 'Application', Value: 'HowToGet' },
        { Key: 'COA', Value: 'Take.My.Money' },
      ],
    });
    expect(res.status, res.text).toBe(202);
    expect(Object.keys(res.body).sort()).toEqual(['Bucket', 'Group', 'Policy']);
    expect(res.body.Bucket).toBe(`/${name}`);
    expect(res.body.Policy).toMatchObject({
      PolicyName: `${name}-BktAdmPlc`,
      Arn: `arn:aws:iam::${ID}:policy/s3-api/${name}/${name}-BktAdmPlc`,
      Path: `/s3-api/${name}/`,
      DefaultVersionId: 'v1',
      IsAttachable: true,
    });
    expect(Object.keys(res.body.Policy).sort()).toEqual(
      [
        'Arn',
        'AttachmentCount',
        'CreateDate',
        'DefaultVersionId',
        'Description',
        'IsAttachable',
        'Path',
        'PermissionsBoundaryUsageCount',
        'PolicyId',
        'PolicyName',
        'UpdateDate',
      ].sort(),
    );
    expect(res.body.Group).toMatchObject({
      GroupName: `${name}-BktAdmGrp`,
      Path: `/s3-api/${name}/`,
      Arn: `arn:aws:iam::${ID}:group/s3-api/${name}/${name}-BktAdmGrp`,
    });
    expect(Object.keys(res.body.Group).sort()).toEqual(['Arn', 'CreateDate', 'GroupId', 'GroupName', 'Path']);

    expect(state(`s3/bucket/${name}`)).toEqual({ region: 'us-east-1' });
    expect(state(`s3/bucket/${name}/tags`)).toEqual({
      Application: 'HowToGet',
      COA: 'Take.My.Money',
      's3-api:org': expect.any(String),
      's3-api:managed-by': 's3-api',
    });
    expect(JSON.stringify(state(`s3/bucket/${name}/encryption`))).toContain('AES256');
    expect(state(`s3/bucket/${name}/public-access-block`)).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect(state(`s3/bucket/${name}/logging`)).toMatchObject({ TargetBucket: LOG_BUCKET, TargetPrefix: `s3/${name}/` });
    expect(state(`s3/bucket/${name}/lifecycle`)).toBeUndefined();
    expect(state(`iam/group/${name}-BktAdmGrp/attached-policy/arn:aws:iam::${ID}:policy/s3-api/${name}/${name}-BktAdmPlc`)).toBe(true);
    const document = JSON.stringify(state(`iam/policy/${name}-BktAdmPlc/version/v1`));
    expect(document).toContain(`arn:aws:s3:::${name}`);
    expect(document).toContain(`arn:aws:s3:::${name}/*`);
  });

  it.each([
    ['deep-archive', [{ Days: 1, StorageClass: 'DEEP_ARCHIVE' }]],
    ['intelligent-tiering', [{ Days: 0, StorageClass: 'INTELLIGENT_TIERING' }]],
    ['glacier-ir-90', [{ Days: 90, StorageClass: 'GLACIER_IR' }]],
  ])('applies the lifecycle preset %s', async (preset, transitions) => {
    const name = fresh('lifecycle');
    await created(name, { Lifecycle: preset });
    const lifecycle = state(`s3/bucket/${name}/lifecycle`) as { Rules: { Status: string; Transitions: unknown; AbortIncompleteMultipartUpload: unknown }[] };
    expect(lifecycle.Rules).toHaveLength(1);
    expect(lifecycle.Rules[0]).toMatchObject({ Status: 'Enabled', Transitions: transitions, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } });
  });

  it('has a critical path of 4 AWS round trips: the claim with HeadBucket and the IAM quotas, the bucket and its group, their settings, the tags', async () => {
    const name = fresh('fast');
    const mark = t.sandbox.calls.mark();
    // Sequentially its 12 calls would take 12 round trips. The path is measured where AWS asks for no
    // wait: propagation retries would add round trips of their own.
    t.sandbox.setPropagation({});
    const depth = await roundTrips(() => created(name, { Lifecycle: 'deep-archive' })).finally(() => t.sandbox.setPropagation('aws'));
    expect(depth).toBe(4);
    const calls = t.sandbox.calls.since(mark).map((c) => c.operation);
    expect(calls.slice(0, 3).sort()).toEqual(['CreatePolicy', 'GetAccountSummary', 'HeadBucket']);
    expect(calls.at(-1)).toBe('PutBucketTagging');
  });

  describe('rejects bad input with 400 and every problem listed, before any AWS call', () => {
    it('an unknown field, top-level or nested', async () => {
      await expectRejectedBeforeAws('POST', 'sandbox/buckets', { BucketInput: { Bucket: fresh('unknown') }, Acl: 'public-read' }, ['Acl']);
      await expectRejectedBeforeAws('POST', 'sandbox/buckets', { BucketInput: { Bucket: fresh('unknown'), ACL: 'public-read' } }, ['BucketInput.ACL']);
      await expectRejectedBeforeAws(
        'POST',
        'sandbox/buckets',
        { BucketInput: { Bucket: fresh('unknown'), CreateBucketConfiguration: { LocationConstraint: 'us-east-1', Other: 1 } } },
        ['BucketInput.CreateBucketConfiguration.Other'],
      );
    });

    it('a missing or malformed BucketInput, or no JSON body at all', async () => {
      await expectRejectedBeforeAws('POST', 'sandbox/buckets', {}, ['BucketInput']);
      await expectRejectedBeforeAws('POST', 'sandbox/buckets', { BucketInput: 'foo' }, ['BucketInput']);
      await expectRejectedBeforeAws('POST', 'sandbox/buckets', { BucketInput: {} }, ['BucketInput.Bucket']);
      const calls = t.sandbox.calls.count();
      const res = await t.request('POST', 'sandbox/buckets', { body: '{"BucketInput":', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(t.sandbox.calls.count()).toBe(calls);
    });

    it.each(['ab', 'Bad_Name', '-leading-hyphen', 'trailing-hyphen-', '192.168.1.1', 'two..dots', 'xn--punycode', 'name-s3alias', 'a'.repeat(64)])(
      'the invalid name %j',
      async (name) => {
        const details = await expectRejectedBeforeAws('POST', 'sandbox/buckets', { BucketInput: { Bucket: name } }, ['BucketInput.Bucket']);
        expect(details.length).toBeGreaterThan(0);
      },
    );

    it('every rule a name breaks, one detail each', async () => {
      const details = await expectRejectedBeforeAws('POST', 'sandbox/buckets', { BucketInput: { Bucket: '-A..' } }, ['BucketInput.Bucket']);
      expect(details.filter((d) => d.Field === 'BucketInput.Bucket').length).toBeGreaterThanOrEqual(3);
    });

    it("a region outside the account's allowed regions", async () => {
      await expectRejectedBeforeAws(
        'POST',
        'sandbox/buckets',
        { BucketInput: { Bucket: fresh('region'), CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } } },
        ['BucketInput.CreateBucketConfiguration.LocationConstraint'],
      );
    });

    it.each([
      ['an aws: prefix', [{ Key: 'aws:cloudformation:stack', Value: 'x' }], 'Tags[0].Key'],
      ['the reserved s3-api: prefix', [{ Key: 's3-api:org', Value: 'x' }], 'Tags[0].Key'],
      [
        'duplicate keys',
        [
          { Key: 'A', Value: '1' },
          { Key: 'A', Value: '2' },
        ],
        'Tags',
      ],
      ['51 tags', Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })), 'Tags'],
      ['a key too long', [{ Key: 'k'.repeat(129), Value: 'v' }], 'Tags[0].Key'],
      ['a missing value', [{ Key: 'A' }], 'Tags[0].Value'],
      ['a tag that is not an object', ['A=1'], 'Tags[0]'],
    ])('tags with %s', async (_what, tags, field) => {
      await expectRejectedBeforeAws('POST', 'sandbox/buckets', { BucketInput: { Bucket: fresh('tags') }, Tags: tags }, [field]);
    });

    it.each(['glacier', 'DEEP-ARCHIVE', '', 42])('the lifecycle %j', async (lifecycle) => {
      await expectRejectedBeforeAws('POST', 'sandbox/buckets', { BucketInput: { Bucket: fresh('lc') }, Lifecycle: lifecycle }, ['Lifecycle']);
    });

    it('all problems of one request at once', async () => {
      await expectRejectedBeforeAws('POST', 'sandbox/buckets', { BucketInput: { Bucket: 'x' }, Tags: [{ Key: 'aws:x', Value: '' }], Lifecycle: 'nope' }, [
        'Tags[0].Key',
        'Lifecycle',
      ]);
    });
  });

  it('answers 404 AccountNotFound for an unknown account, without calling AWS', async () => {
    const calls = t.sandbox.calls.count();
    const res = await t.request('POST', '999999999999/buckets', { body: { BucketInput: { Bucket: fresh('acct') } } });
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('AccountNotFound');
    expect(t.sandbox.calls.count()).toBe(calls);
  });

  it('answers 409 BucketAlreadyExists for a bucket of this account, and changes nothing', async () => {
    const name = fresh('dup');
    await created(name, { Tags: [{ Key: 'Owner', Value: 'first' }] });
    const before = t.sandbox.snapshot();
    const res = await createBucket(name, { Tags: [{ Key: 'Owner', Value: 'second' }] });
    expect(res.status).toBe(409);
    expect(res.body.Code).toBe('BucketAlreadyExists');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 409 BucketAlreadyExists for a name another AWS account owns, and changes nothing', async () => {
    const name = fresh('taken');
    otherAccountBucket(name);
    const before = t.sandbox.snapshot();
    const res = await createBucket(name);
    expect(res.status).toBe(409);
    expect(res.body.Code).toBe('BucketAlreadyExists');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 409 when the admin group name is taken by something else, and removes the bucket it made', async () => {
    const name = fresh('iam-taken');
    await t.root(IamGateway).createGroup(account(), `${name}-BktAdmGrp`, '/elsewhere/');
    const before = t.sandbox.snapshot();
    const res = await createBucket(name);
    expect(res.status).toBe(409);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 429 with Retry-After when AWS keeps throttling, and leaves nothing behind', async () => {
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'PutBucketEncryption', error: { name: 'SlowDown', httpStatusCode: 503 }, times: 10 });
    try {
      const res = await createBucket(fresh('throttled'));
      expect(res.status, res.text).toBe(429);
      expect(res.body.Code).toBe('Throttled');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      t.sandbox.faults.clear();
    }
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 503 when an AWS service is unavailable, and leaves nothing behind', async () => {
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'CreateGroup', error: { name: 'ServiceUnavailable', httpStatusCode: 503 }, times: 10 });
    try {
      const res = await createBucket(fresh('unavailable'));
      expect(res.status, res.text).toBe(503);
      expect(res.body.Code).toBe('AwsUnavailable');
    } finally {
      t.sandbox.faults.clear();
    }
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('a fault at each AWS call in turn answers the mapped error and leaves the sandbox exactly as before', async () => {
    // The call positions come from one undisturbed create, so a new step is covered without editing this test.
    const probe = fresh('sweep');
    const mark = t.sandbox.calls.mark();
    await created(probe, { Tags: [{ Key: 'A', Value: 'b' }], Lifecycle: 'deep-archive' });
    const points = callPoints(t.sandbox.calls.since(mark));
    expect(points.map((p) => p.operation)).toEqual(
      expect.arrayContaining(['HeadBucket', 'CreateBucket', 'PutBucketLifecycleConfiguration', 'AttachGroupPolicy']),
    );

    const problems: string[] = [];
    for (const point of points) {
      const name = fresh('sweep');
      const before = t.sandbox.snapshot();
      t.sandbox.faults.add({ operation: point.operation, nth: point.nth, times: 1, error: { ...INJECTED_ERROR } });
      const res = await createBucket(name, { Tags: [{ Key: 'A', Value: 'b' }], Lifecycle: 'deep-archive' });
      t.sandbox.faults.clear();
      const where = `${point.operation}#${point.nth}`;
      if (res.status !== INJECTED_ANSWER.status || res.body?.Code !== INJECTED_ANSWER.code)
        problems.push(`${where}: answered ${res.status} ${res.text.slice(0, 200)}`);
      const diff = t.sandbox.diff(before, t.sandbox.snapshot());
      if (!diff.isEmpty()) problems.push(`${where}: left behind\n${diff.toString()}`);
    }
    expect(problems).toEqual([]);
    expect(points.length).toBeGreaterThanOrEqual(9);
  });

  it('10 concurrent creates of one name: exactly one 202, nine 409, and the winner keeps everything', async () => {
    const name = fresh('race');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => createBucket(name, { Tags: [{ Key: 'Request', Value: String(i) }] })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, ...Array<number>(9).fill(409)]);
    for (const loser of answers.filter((a) => a.status === 409)) expect(loser.body.Code).toBe('BucketAlreadyExists');
    const winner = answers.findIndex((a) => a.status === 202);

    expect(state(`s3/bucket/${name}`)).toEqual({ region: 'us-east-1' });
    expect(state(`s3/bucket/${name}/tags`)).toMatchObject({ Request: String(winner) });
    expect(state(`iam/policy/${name}-BktAdmPlc`)).toBeDefined();
    expect(state(`iam/group/${name}-BktAdmGrp`)).toBeDefined();
    expect(state(`iam/group/${name}-BktAdmGrp/attached-policy/arn:aws:iam::${ID}:policy/s3-api/${name}/${name}-BktAdmPlc`)).toBe(true);
    expect((await t.request('HEAD', `sandbox/buckets/${name}`)).status).toBe(200);
  });
});

describe('HEAD /{account}/buckets/{bucket}', () => {
  it('answers 200 for a bucket of the account, with no body', async () => {
    const name = fresh('head');
    await created(name);
    const res = await t.request('HEAD', `sandbox/buckets/${name}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });

  it('answers 404 for a missing bucket, with no body', async () => {
    const res = await t.request('HEAD', `sandbox/buckets/${fresh('missing')}`);
    expect(res.status).toBe(404);
    expect(res.text).toBe('');
  });

  it('answers 403 for a bucket of another AWS account', async () => {
    const name = fresh('head-other');
    otherAccountBucket(name);
    const res = await t.request('HEAD', `sandbox/buckets/${name}`);
    expect(res.status).toBe(403);
    expect(res.text).toBe('');
  });

  it('answers 400 for an invalid name and 404 for an unknown account, without calling AWS', async () => {
    await expectRejectedBeforeAws('HEAD', 'sandbox/buckets/Not_A_Bucket', undefined, []);
    const calls = t.sandbox.calls.count();
    expect((await t.request('HEAD', `nosuchaccount/buckets/${fresh()}`)).status).toBe(404);
    expect(t.sandbox.calls.count()).toBe(calls);
  });
});

describe('GET /{account}/buckets/{bucket}', () => {
  it('shows tags, system tags, logging, emptiness, region, encryption and public access block', async () => {
    const name = fresh('show');
    await created(name, { Tags: [{ Key: 'Application', Value: 'HowToGet' }] });
    const res = await t.request('GET', `sandbox/buckets/${name}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      Tags: [{ Key: 'Application', Value: 'HowToGet' }],
      SystemTags: expect.arrayContaining([
        { Key: 's3-api:org', Value: expect.any(String) },
        { Key: 's3-api:managed-by', Value: 's3-api' },
      ]),
      Logging: { TargetBucket: LOG_BUCKET, TargetGrants: null, TargetPrefix: `s3/${name}/` },
      Empty: true,
      Region: 'us-east-1',
      Encryption: 'AES256',
      PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
  });

  it('says Empty false once the bucket holds an object', async () => {
    const name = fresh('show-full');
    await created(name);
    await putObject(name, 'docs/readme.txt');
    expect((await t.request('GET', `sandbox/buckets/${name}`)).body.Empty).toBe(false);
  });

  it('answers 403 BucketNotManaged for a bucket made outside the service, and shows nothing of it', async () => {
    const name = fresh('bare');
    t.sandbox.createBucket(ID, name);
    const res = await t.request('GET', `sandbox/buckets/${name}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ Code: 'BucketNotManaged', Message: expect.stringContaining(name), RequestId: expect.any(String) });
  });

  it('reads everything at once: one AWS round trip, no HeadBucket first', async () => {
    const name = fresh('show-once');
    await created(name);
    const mark = t.sandbox.calls.mark();
    expect(await roundTrips(async () => expect((await t.request('GET', `sandbox/buckets/${name}`)).status).toBe(200))).toBe(1);
    expect(
      t.sandbox.calls
        .since(mark)
        .map((c) => c.operation)
        .sort(),
    ).toEqual([
      'GetBucketEncryption',
      'GetBucketLocation',
      'GetBucketLogging',
      'GetBucketTagging',
      'GetPublicAccessBlock',
      'ListMultipartUploads',
      'ListObjectVersions',
    ]);
  });

  it('answers 404 for a missing bucket within the same single round trip', async () => {
    expect(await roundTrips(async () => expect((await t.request('GET', `sandbox/buckets/${fresh('nothere')}`)).status).toBe(404))).toBe(1);
  });

  it('answers 404 BucketNotFound for a missing bucket', async () => {
    const res = await t.request('GET', `sandbox/buckets/${fresh('nothere')}`);
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('BucketNotFound');
  });

  it('answers 403 for a bucket of another AWS account', async () => {
    const name = fresh('show-other');
    otherAccountBucket(name);
    const res = await t.request('GET', `sandbox/buckets/${name}`);
    expect(res.status).toBe(403);
    expect(res.body.Code).toBe('AwsAccessDenied');
  });

  it('answers 400 for an invalid bucket name, without calling AWS', async () => {
    await expectRejectedBeforeAws('GET', 'sandbox/buckets/UPPER', undefined, ['bucket']);
  });
});

describe('PUT /{account}/buckets/{bucket}', () => {
  it('replaces the client tags (no merge) and keeps the system tags', async () => {
    const name = fresh('put');
    await created(name, {
      Tags: [
        { Key: 'Old', Value: '1' },
        { Key: 'Keep', Value: 'old' },
      ],
    });
    const system = Object.entries(state(`s3/bucket/${name}/tags`) as Record<string, string>).filter(([k]) => k.startsWith('s3-api:'));
    const res = await t.request('PUT', `sandbox/buckets/${name}`, {
      body: {
        Tags: [
          { Key: 'Keep', Value: 'new' },
          { Key: 'New', Value: '2' },
        ],
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      Bucket: name,
      Tags: [
        { Key: 'Keep', Value: 'new' },
        { Key: 'New', Value: '2' },
      ],
      SystemTags: expect.arrayContaining(system.map(([Key, Value]) => ({ Key, Value }))),
    });
    expect(state(`s3/bucket/${name}/tags`)).toEqual({ Keep: 'new', New: '2', ...Object.fromEntries(system) });
  });

  it('removes every client tag with an empty list, still keeping the system tags', async () => {
    const name = fresh('put-empty');
    await created(name, { Tags: [{ Key: 'Old', Value: '1' }] });
    const res = await t.request('PUT', `sandbox/buckets/${name}`, { body: { Tags: [] } });
    expect(res.status).toBe(200);
    expect(Object.keys(state(`s3/bucket/${name}/tags`) as object).sort()).toEqual(['s3-api:managed-by', 's3-api:org']);
  });

  it('sets a bucket policy', async () => {
    const name = fresh('policy');
    await created(name);
    const policy = denyInsecureTransport(name);
    const res = await t.request('PUT', `sandbox/buckets/${name}`, { body: { BucketPolicy: policy } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ Bucket: name, BucketPolicy: policy });
    expect(state(`s3/bucket/${name}/policy`)).toEqual(JSON.parse(policy));
  });

  it('answers 403 when S3 refuses the policy, and puts the previous tags back', async () => {
    const name = fresh('refused');
    await created(name, { Tags: [{ Key: 'Before', Value: 'yes' }] });
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'PutBucketPolicy', error: SandboxErrors.accessDenied() });
    try {
      const res = await t.request('PUT', `sandbox/buckets/${name}`, {
        body: { Tags: [{ Key: 'After', Value: 'yes' }], BucketPolicy: denyInsecureTransport(name) },
      });
      expect(res.status).toBe(403);
      expect(res.body.Code).toBe('AwsAccessDenied');
    } finally {
      t.sandbox.faults.clear();
    }
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 404 BucketNotFound for a missing bucket, for tags and for a policy', async () => {
    const name = fresh('put-missing');
    for (const body of [{ Tags: [{ Key: 'A', Value: 'b' }] }, { BucketPolicy: denyInsecureTransport(name) }]) {
      const res = await t.request('PUT', `sandbox/buckets/${name}`, { body });
      expect(res.status).toBe(404);
      expect(res.body.Code).toBe('BucketNotFound');
    }
    expect(bucketPaths(name)).toEqual([]);
  });

  describe('rejects bad input with 400 before any AWS call', () => {
    it('neither Tags nor BucketPolicy', async () => {
      await expectRejectedBeforeAws('PUT', `sandbox/buckets/${fresh()}`, {}, ['body']);
    });

    it('an unknown field', async () => {
      await expectRejectedBeforeAws('PUT', `sandbox/buckets/${fresh()}`, { Tags: [], Lifecycle: 'deep-archive' }, ['Lifecycle']);
    });

    it('a null BucketPolicy (found by the fuzzer: it was a 500)', async () => {
      await expectRejectedBeforeAws('PUT', `sandbox/buckets/${fresh()}`, { BucketPolicy: null }, ['BucketPolicy']);
    });

    it.each([
      ['an aws: prefix', [{ Key: 'aws:x', Value: '1' }], 'Tags[0].Key'],
      [
        'duplicate keys',
        [
          { Key: 'A', Value: '1' },
          { Key: 'A', Value: '2' },
        ],
        'Tags',
      ],
      ['51 tags', Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })), 'Tags'],
    ])('tags with %s', async (_what, tags, field) => {
      await expectRejectedBeforeAws('PUT', `sandbox/buckets/${fresh()}`, { Tags: tags }, [field]);
    });

    it.each([
      ['not JSON', '{"Version":'],
      ['an object instead of a string', { Version: '2012-10-17', Statement: [] }],
      ['an empty string', ''],
      ['no statements', JSON.stringify({ Version: '2012-10-17', Statement: [] })],
      [
        'another bucket as resource',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::someone-else/*' }],
        }),
      ],
    ])('a BucketPolicy that is %s', async (_what, policy) => {
      await expectRejectedBeforeAws('PUT', `sandbox/buckets/${fresh()}`, { BucketPolicy: policy }, ['BucketPolicy']);
    });

    it('a public BucketPolicy (an Allow to everyone)', async () => {
      const name = fresh('public');
      const [detail] = await expectRejectedBeforeAws('PUT', `sandbox/buckets/${name}`, { BucketPolicy: publicRead(name) }, ['BucketPolicy']);
      expect(detail!.Problem).toMatch(/allows everyone/);
    });

    it('an invalid bucket name', async () => {
      await expectRejectedBeforeAws('PUT', 'sandbox/buckets/Bad..Name', { Tags: [] }, ['bucket']);
    });
  });
});

describe('DELETE /{account}/buckets/{bucket}', () => {
  it('deletes the bucket and everything made for it, and says what it removed', async () => {
    const name = fresh('delete');
    const before = t.sandbox.snapshot();
    await created(name, { Lifecycle: 'deep-archive' });
    const res = await t.request('DELETE', `sandbox/buckets/${name}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ Bucket: name, Users: [], Groups: [`${name}-BktAdmGrp`], Policies: [`${name}-BktAdmPlc`] });
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('removes the bucket users, their keys and every group of the bucket', async () => {
    const name = fresh('delete-users');
    const before = t.sandbox.snapshot();
    await created(name);
    const iam = t.root(IamGateway);
    await iam.createUser(account(), { name: `${name}-alice`, path: `/s3-api/${name}/`, tags: [] });
    await iam.addUserToGroup(account(), `${name}-alice`, `${name}-BktAdmGrp`);
    await iam.createAccessKey(account(), `${name}-alice`);
    const res = await t.request('DELETE', `sandbox/buckets/${name}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.Users).toEqual([`${name}-alice`]);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 409 BucketNotEmpty for a bucket holding an object, before touching anything', async () => {
    const name = fresh('delete-full');
    await created(name);
    await putObject(name, 'keep.txt');
    const before = t.sandbox.snapshot();
    const mark = t.sandbox.calls.mark();
    const res = await t.request('DELETE', `sandbox/buckets/${name}`);
    expect(res.status).toBe(409);
    expect(res.body.Code).toBe('BucketNotEmpty');
    expect(res.body.Message).toMatch(/holds 1 object version; delete them first/);
    // Only the reads that decide (is it a website's bucket? does it hold anything?), made together.
    expect(
      t.sandbox.calls
        .since(mark)
        .map((c) => c.operation)
        .sort(),
    ).toEqual(['GetBucketTagging', 'ListMultipartUploads', 'ListObjectVersions']);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 404 BucketNotFound for a missing bucket with nothing left of it', async () => {
    const res = await t.request('DELETE', `sandbox/buckets/${fresh('gone')}`);
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('BucketNotFound');
  });

  it('answers 403 for a bucket of another AWS account, and touches nothing', async () => {
    const name = fresh('delete-other');
    otherAccountBucket(name);
    const before = t.sandbox.snapshot();
    const res = await t.request('DELETE', `sandbox/buckets/${name}`);
    expect(res.status).toBe(403);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 400 for an invalid bucket name, without calling AWS', async () => {
    await expectRejectedBeforeAws('DELETE', 'sandbox/buckets/a_b', undefined, ['bucket']);
  });

  it('deleting foo never touches foobar or myfoo (exact names only)', async () => {
    const iam = t.root(IamGateway);
    const acct = account();
    const names = ['foo', 'foobar', 'myfoo'];
    for (const b of names) {
      await created(b);
      await iam.createUser(acct, { name: `${b}-user`, path: `/s3-api/${b}/`, tags: [] });
      await iam.addUserToGroup(acct, `${b}-user`, `${b}-BktAdmGrp`);
      await iam.createAccessKey(acct, `${b}-user`);
    }
    // A user of both foo and foobar only loses its foo membership.
    await iam.createUser(acct, { name: 'shared-user', path: '/s3-api/foobar/', tags: [] });
    await iam.addUserToGroup(acct, 'shared-user', 'foo-BktAdmGrp');
    await iam.addUserToGroup(acct, 'shared-user', 'foobar-BktAdmGrp');

    const before = t.sandbox.snapshot();
    const mark = t.sandbox.calls.mark();
    const res = await t.request('DELETE', 'sandbox/buckets/foo');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ Bucket: 'foo', Users: ['foo-user'], Groups: ['foo-BktAdmGrp'], Policies: ['foo-BktAdmPlc'] });

    const changed = t.sandbox.diff(before, t.sandbox.snapshot()).entries.map((e) => `${e.change} ${e.path}`);
    expect(changed.length).toBeGreaterThan(0);
    for (const entry of changed) {
      expect(entry, 'only foo and its users may change').toMatch(
        /\/s3\/bucket\/foo($|\/)|\/iam\/(group|policy)\/foo-Bkt|\/iam\/user\/foo-user($|\/)|\/iam\/user\/shared-user\/group\/foo-BktAdmGrp$/,
      );
    }
    expect(changed).toContain(`removed ${ID}/iam/user/shared-user/group/foo-BktAdmGrp`);
    for (const call of t.sandbox.calls.since(mark)) {
      if (/^(Delete|Remove|Detach|Put|Update|Create)/.test(call.operation))
        expect(JSON.stringify(call.input), `${call.operation} touched another bucket`).not.toMatch(/foobar|myfoo/);
    }
    for (const b of ['foobar', 'myfoo']) {
      expect((await t.request('HEAD', `sandbox/buckets/${b}`)).status).toBe(200);
      expect(state(`iam/group/${b}-BktAdmGrp`)).toBeDefined();
      expect(state(`iam/policy/${b}-BktAdmPlc`)).toBeDefined();
      expect(state(`iam/user/${b}-user/group/${b}-BktAdmGrp`)).toBe(true);
    }
    expect(state('iam/user/shared-user/group/foobar-BktAdmGrp')).toBe(true);
  });

  it('a delete interrupted half-way, then repeated, finishes the job', async () => {
    const name = fresh('interrupted');
    const before = t.sandbox.snapshot();
    await created(name);
    const iam = t.root(IamGateway);
    await iam.createUser(account(), { name: `${name}-bob`, path: `/s3-api/${name}/`, tags: [] });
    await iam.addUserToGroup(account(), `${name}-bob`, `${name}-BktAdmGrp`);
    await iam.createAccessKey(account(), `${name}-bob`);

    t.sandbox.faults.add({ operation: 'DeleteGroup', nth: 1, times: 1, error: { ...INJECTED_ERROR } });
    const failed = await t.request('DELETE', `sandbox/buckets/${name}`);
    t.sandbox.faults.clear();
    expect(failed.status).toBe(INJECTED_ANSWER.status);
    expect((await t.request('HEAD', `sandbox/buckets/${name}`)).status).toBe(200);

    const repeated = await t.request('DELETE', `sandbox/buckets/${name}`);
    expect(repeated.status, repeated.text).toBe(200);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    expect((await t.request('DELETE', `sandbox/buckets/${name}`)).status).toBe(404);
  });

  it('cleans the IAM leftovers of a bucket deleted outside the service, once older than the grace period (a create of the name may be at work before)', async () => {
    const clock = new ManualClock();
    const own = await startTestApp({ sandboxOptions: { clock } });
    try {
      const name = fresh('leftovers');
      const before = own.sandbox.snapshot();
      expect((await own.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: name } } })).status).toBe(202);
      await own.root(S3Gateway).deleteBucket(account(), name);
      const young = await own.request('DELETE', `sandbox/buckets/${name}`);
      expect(young.status, young.text).toBe(404);
      expect(own.sandbox.diff(before, own.sandbox.snapshot()).toString()).toContain(`${name}-BktAdmPlc`);
      clock.advance((own.config.reconciler.graceSeconds + 1) * 1000);
      const res = await own.request('DELETE', `sandbox/buckets/${name}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ Groups: [`${name}-BktAdmGrp`], Policies: [`${name}-BktAdmPlc`] });
      expect(own.sandbox.diff(before, own.sandbox.snapshot()).toString()).toBe('');
    } finally {
      await own.close();
    }
  });

  it('a fault at each AWS call of a delete, then a repeat, always ends with everything removed', async () => {
    const iam = t.root(IamGateway);
    const arrange = async (name: string) => {
      await created(name);
      await iam.createUser(account(), { name: `${name}-carol`, path: `/s3-api/${name}/`, tags: [] });
      await iam.addUserToGroup(account(), `${name}-carol`, `${name}-BktAdmGrp`);
      await iam.createAccessKey(account(), `${name}-carol`);
    };
    // The call positions come from one undisturbed delete.
    const probe = fresh('delete-sweep');
    await arrange(probe);
    const mark = t.sandbox.calls.mark();
    expect((await t.request('DELETE', `sandbox/buckets/${probe}`)).status).toBe(200);
    const points = callPoints(t.sandbox.calls.since(mark));
    expect(points.map((p) => p.operation)).toEqual(
      expect.arrayContaining(['ListObjectVersions', 'ListMultipartUploads', 'DeleteAccessKey', 'DeleteUser', 'DeleteGroup', 'DeletePolicy', 'DeleteBucket']),
    );

    const problems: string[] = [];
    for (const point of points) {
      const name = fresh('delete-sweep');
      const before = t.sandbox.snapshot();
      await arrange(name);
      t.sandbox.faults.add({ operation: point.operation, nth: point.nth, times: 1, error: { ...INJECTED_ERROR } });
      const failed = await t.request('DELETE', `sandbox/buckets/${name}`);
      t.sandbox.faults.clear();
      const where = `${point.operation}#${point.nth}`;
      if (failed.status !== INJECTED_ANSWER.status || failed.body?.Code !== INJECTED_ANSWER.code) {
        problems.push(`${where}: answered ${failed.status} ${failed.text.slice(0, 200)}`);
      }
      const repeated = await t.request('DELETE', `sandbox/buckets/${name}`);
      if (repeated.status !== 200) problems.push(`${where}: the repeat answered ${repeated.status} ${repeated.text.slice(0, 200)}`);
      const diff = t.sandbox.diff(before, t.sandbox.snapshot());
      if (!diff.isEmpty()) problems.push(`${where}: the repeat did not finish the job\n${diff.toString()}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('GET /{account}/buckets/{bucket}/duck', () => {
  it('downloads a Cyberduck bookmark of the bucket, without secrets', async () => {
    const name = fresh('duck');
    await created(name);
    const res = await t.request('GET', `sandbox/buckets/${name}/duck`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?${name}\\.duck"?$`));
    expect(res.headers['content-type']).toMatch(/^(application\/x-plist|text\/xml)/);
    expect(parse(res.text)).toEqual({
      Hostname: 's3.amazonaws.com',
      Nickname: name,
      Path: `/${name}`,
      Port: '443',
      Protocol: 's3',
      Provider: 'iterate GmbH',
      'Web URL': `s3://${name}/`,
    });
    expect(res.text).not.toMatch(/Secret|AccessKey|sandbox-token/i);
  });

  it.each(['/docs/', 'docs', '/docs'])('opens the folder of ?path=%s', async (path) => {
    const name = fresh('duck-path');
    await created(name);
    const res = await t.request('GET', `sandbox/buckets/${name}/duck?path=${encodeURIComponent(path)}`);
    expect(res.status).toBe(200);
    expect(parse(res.text)).toMatchObject({ Path: `/${name}/docs`, Nickname: `${name}/docs`, 'Web URL': `s3://${name}/` });
  });

  it('answers 404 BucketNotFound for a missing bucket', async () => {
    const res = await t.request('GET', `sandbox/buckets/${fresh('duck-missing')}/duck`);
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('BucketNotFound');
  });

  it('answers 403 for a bucket of another AWS account', async () => {
    const name = fresh('duck-other');
    otherAccountBucket(name);
    expect((await t.request('GET', `sandbox/buckets/${name}/duck`)).status).toBe(403);
  });

  it.each([
    ['a .. segment', '../other', 'path'],
    ['a nested .. segment', 'a/../../b', 'path'],
    ['a control character', 'a\u0007b', 'path'],
    ['an unknown query parameter', undefined, 'token'],
  ])('answers 400 for %s, without calling AWS', async (_what, path, field) => {
    const query = path === undefined ? 'token=x' : `path=${encodeURIComponent(path)}`;
    await expectRejectedBeforeAws('GET', `sandbox/buckets/${fresh()}/duck?${query}`, undefined, [field]);
  });
});
