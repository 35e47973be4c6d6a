import { GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccountProvider, legacyBucketName, legacyLeftoverName, S3Gateway } from '#aws';
import { sandboxClients } from '../support/sandbox-clients.js';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';

// The service acts only on what it made: each reproduction below (tried against the sandbox, as a new
// user and as an attacker would) answers a 4xx and changes nothing in AWS.
const ID = '111111111111';
const LOG_BUCKET = `s3-api-access-logs-${ID}`;
const LEGACY = legacyBucketName(ID);
const LEFTOVER = legacyLeftoverName(ID);
const SITE = 'www.sites.example.com';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'plain.sites.example.com' } } })).status).toBe(202);
  expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: SITE } } })).status).toBe(202);
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
    await t.root(S3Gateway).putBucketTags(t.app.get(AwsAccountProvider).resolve('sandbox'), 'other-org-bucket', [
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

const policyOn = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const everything = (bucket: string) => [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`];

describe("a website's bucket through the bucket route", () => {
  it('answers 409 BucketIsWebsite to a policy open to everyone, and to new tags, changing nothing', async () => {
    const publicWrite = policyOn({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: everything(SITE) });
    const namedReader = policyOn({ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${SITE}/*` });
    // The public policy is refused for what it is before anything else; a harmless one meets the website rule.
    await refusedUnchanged([['PUT', `sandbox/buckets/${SITE}`, { BucketPolicy: publicWrite }]], 400, 'ValidationError');
    await refusedUnchanged(
      [
        ['PUT', `sandbox/buckets/${SITE}`, { BucketPolicy: namedReader }],
        ['PUT', `sandbox/buckets/${SITE}`, { Tags: [{ Key: 'owner', Value: 'me' }] }],
      ],
      409,
      'BucketIsWebsite',
    );
    expect((await t.request('GET', `sandbox/websites/${SITE}`)).status).toBe(200);
  });

  it("gives the website's admin group no right to change the bucket policy or Block Public Access", async () => {
    const document = t.sandbox.snapshot().get(`${ID}/iam/policy/${SITE}-BktAdmPlc/version/v1`);
    const decide = async (action: string) => {
      const result = await runSimulation(
        {
          request: {
            principal: `arn:aws:iam::${ID}:user/site-admin`,
            action,
            resource: { resource: `arn:aws:s3:::${SITE}`, accountId: ID },
            contextVariables: {},
          },
          identityPolicies: [{ name: 'admin', policy: document }],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      );
      return result.resultType === 'error' ? JSON.stringify(result.errors) : result.overallResult;
    };
    for (const action of ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketPublicAccessBlock'])
      expect(await decide(action), action).toBe('ExplicitlyDenied');
    expect(await decide('s3:PutBucketWebsite')).toBe('Allowed');
  });
});

describe('bucket policies', () => {
  const bucket = 'policy-rules';
  beforeAll(async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: bucket } } })).status).toBe(202);
  });
  const put = (policy: string) => t.request('PUT', `sandbox/buckets/${bucket}`, { body: { BucketPolicy: policy } });

  it('refuses a Deny that would lock the service out of the bucket (400), and the bucket stays manageable', async () => {
    const lockout = policyOn({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: everything(bucket) });
    await refusedUnchanged([['PUT', `sandbox/buckets/${bucket}`, { BucketPolicy: lockout }]], 400, 'ValidationError');
    const res = await put(lockout);
    expect(res.body.Details).toEqual([{ Field: 'BucketPolicy', Problem: expect.stringContaining('would lock this service out') }]);
    expect((await t.request('GET', `sandbox/buckets/${bucket}`)).status).toBe(200);
  });

  it('accepts the usual Deny of plain HTTP', async () => {
    const tlsOnly = policyOn({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: everything(bucket),
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect((await put(tlsOnly)).status).toBe(200);
  });

  it('sends S3 the parsed document: duplicate keys in the client text never reach it', async () => {
    const sent =
      `{"Version":"2012-10-17","Statement":[{"Sid":"First","Sid":"Second","Effect":"Allow",` +
      `"Principal":{"AWS":"222222222222"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::${bucket}/*"}]}`;
    const res = await put(sent);
    expect(res.status, res.text).toBe(200);
    const stored = (await sandboxClients(t.sandbox).s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!;
    expect(stored).toBe(JSON.stringify(JSON.parse(sent)));
    expect(stored).not.toContain('First');
    expect(res.body.BucketPolicy).toBe(stored);
  });
});
