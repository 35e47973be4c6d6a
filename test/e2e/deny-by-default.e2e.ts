import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccountProvider, legacyBucketName, legacyLeftoverName, S3Gateway } from '#aws';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';

// The service acts only on what it made: each reproduction below (tried against the sandbox, as a new
// user and as an attacker would) answers a 4xx and changes nothing in AWS.
const ID = '111111111111';
const LOG_BUCKET = `s3-api-access-logs-${ID}`;
const LEGACY = legacyBucketName(ID);
const LEFTOVER = legacyLeftoverName(ID);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'plain.sites.example.com' } } })).status).toBe(202);
});
afterAll(() => t.close());

type Method = 'HEAD' | 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
type Call = readonly [Method, string, unknown?];

/** Runs each call and asserts it answered `status` (and `code`, when it has a body), with AWS left exactly as it was. */
async function refusedUnchanged(calls: readonly Call[], status: number, code: string): Promise<void> {
  const before = t.sandbox.snapshot();
  for (const [method, path, body] of calls) {
    const res: TestResponse = await t.request(method, path, body === undefined ? {} : { body });
    expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
    if (method !== 'HEAD') expect(res.body.Code, `${method} ${path}`).toBe(code);
  }
  expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
}

/** Every bucket and bucket-user route on `bucket`, the mutating ones with bodies they would otherwise accept. */
const bucketRoutes = (bucket: string): Call[] => [
  ['HEAD', `sandbox/buckets/${bucket}`],
  ['GET', `sandbox/buckets/${bucket}`],
  ['GET', `sandbox/buckets/${bucket}/duck`],
  ['PUT', `sandbox/buckets/${bucket}`, { Tags: [{ Key: 'owner', Value: 'me' }] }],
  ['PUT', `sandbox/buckets/${bucket}`, { BucketPolicy: JSON.stringify(readOnlyFor(bucket)) }],
  ['DELETE', `sandbox/buckets/${bucket}`],
  ['POST', `sandbox/buckets/${bucket}/users`, { User: { UserName: 'intruder' }, Groups: ['BktROGrp'] }],
  ['GET', `sandbox/buckets/${bucket}/users`],
  ['GET', `sandbox/buckets/${bucket}/users/legacy-reports-admin`],
  ['PUT', `sandbox/buckets/${bucket}/users/legacy-reports-admin`],
  ['DELETE', `sandbox/buckets/${bucket}/users/legacy-reports-admin`],
];

const readOnlyFor = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

describe('the access-log bucket', () => {
  it('is never managed: every bucket and user route answers 403 BucketNotManaged and changes nothing', async () => {
    await refusedUnchanged(bucketRoutes(LOG_BUCKET), 403, 'BucketNotManaged');
  });

  it('still serves as the logging target of new buckets afterwards', async () => {
    const res = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'logged-after-attempts' } } });
    expect(res.status).toBe(202);
    const shown = await t.request('GET', 'sandbox/buckets/logged-after-attempts');
    expect(shown.body.Logging).toEqual({ TargetBucket: LOG_BUCKET, TargetGrants: null, TargetPrefix: 's3/logged-after-attempts/' });
  });
});

describe('a bucket the service did not make', () => {
  it('is still listed by name', async () => {
    const res = await t.request('GET', 'sandbox/buckets');
    expect(res.body).toEqual(expect.arrayContaining([LEGACY, LOG_BUCKET]));
  });

  it('answers 403 BucketNotManaged on every bucket and user route, and changes nothing', async () => {
    await refusedUnchanged(bucketRoutes(LEGACY), 403, 'BucketNotManaged');
  });

  it("is not taken for a service bucket because it carries the service's tags of another org", async () => {
    t.sandbox.createBucket(ID, 'other-org-bucket');
    // A deployment of the service for another org made it.
    await t.app.get(S3Gateway).putBucketTags(t.app.get(AwsAccountProvider).resolve('sandbox'), 'other-org-bucket', [
      { Key: 's3-api:managed-by', Value: 's3-api' },
      { Key: 's3-api:org', Value: 'someone-else' },
    ]);
    await refusedUnchanged(bucketRoutes('other-org-bucket'), 403, 'BucketNotManaged');
  });
});

describe('a delete of a bucket that does not exist', () => {
  it('leaves IAM outside the service path alone: 404, nothing removed', async () => {
    // What older tooling left for a bucket deleted by hand: a group, its policy and a member with a key, at path '/'.
    const before = t.sandbox.snapshot();
    expect(before.has(`${ID}/iam/group/${LEFTOVER}-BktROGrp`)).toBe(true);
    expect(before.has(`${ID}/iam/user/legacy-archive-reader`)).toBe(true);
    await refusedUnchanged([['DELETE', `sandbox/buckets/${LEFTOVER}`]], 404, 'BucketNotFound');
  });
});

describe('website routes on a plain bucket of the service', () => {
  it('answer 404 WebsiteNotFound for its users, a scoped user included, and write nothing into the bucket', async () => {
    const users = 'sandbox/websites/plain.sites.example.com/users';
    await refusedUnchanged(
      [
        ['POST', users, { User: { UserName: 'site-admin' } }],
        ['POST', users, { User: { UserName: 'docs-writer', Path: '/docs/' }, Groups: ['BktRWGrp'] }],
        ['GET', users],
      ],
      404,
      'WebsiteNotFound',
    );
    expect(t.sandbox.objectKeys('plain.sites.example.com')).toEqual([]);
    // And the bucket stays deletable through its own route.
    expect((await t.request('DELETE', 'sandbox/buckets/plain.sites.example.com')).status).toBe(200);
  });
});
