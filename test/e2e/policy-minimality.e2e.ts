import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccountProvider, legacyBucketName, SANDBOX_ROLE, SERVICE_POLICY_NAME, servicePolicyOf } from '#aws';
import type { SandboxSnapshot } from '#aws-sandbox';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';

const ID = '111111111111';
/** An account of the tags access model, whose users hold the account's shared policies. */
const TAGGED_ID = '222222222222';
const BUCKET = 'tour-bucket';
const SITE = 'tour.sites.example.com';

/** Every route that reaches AWS, in an order where each finds what the ones before it made. */
const TOUR: readonly { readonly route: string; readonly run: (t: TestApp) => Promise<TestResponse> }[] = [
  { route: 'GET /buckets', run: (t) => t.request('GET', 'sandbox/buckets') },
  {
    route: 'POST /buckets',
    run: (t) =>
      t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: BUCKET }, Tags: [{ Key: 'team', Value: 'a' }], Lifecycle: 'deep-archive' } }),
  },
  { route: 'HEAD /buckets/{b}', run: (t) => t.request('HEAD', `sandbox/buckets/${BUCKET}`) },
  { route: 'GET /buckets/{b}', run: (t) => t.request('GET', `sandbox/buckets/${BUCKET}`) },
  { route: 'PUT /buckets/{b}', run: (t) => t.request('PUT', `sandbox/buckets/${BUCKET}`, { body: { Tags: [{ Key: 'team', Value: 'b' }] } }) },
  {
    route: 'POST /buckets/{b}/users',
    run: (t) => t.request('POST', `sandbox/buckets/${BUCKET}/users`, { body: { User: { UserName: 'tour-rw' }, Groups: ['BktRWGrp'] } }),
  },
  { route: 'GET /buckets/{b}/users', run: (t) => t.request('GET', `sandbox/buckets/${BUCKET}/users`) },
  { route: 'GET /buckets/{b}/users/{u}', run: (t) => t.request('GET', `sandbox/buckets/${BUCKET}/users/tour-rw`) },
  { route: 'PUT /buckets/{b}/users/{u}', run: (t) => t.request('PUT', `sandbox/buckets/${BUCKET}/users/tour-rw`) },
  { route: 'DELETE /buckets/{b}/users/{u}', run: (t) => t.request('DELETE', `sandbox/buckets/${BUCKET}/users/tour-rw`) },
  { route: 'DELETE /buckets/{b}', run: (t) => t.request('DELETE', `sandbox/buckets/${BUCKET}`) },
  { route: 'POST /websites', run: (t) => t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: SITE } } }) },
  { route: 'GET /websites', run: (t) => t.request('GET', 'sandbox/websites') },
  { route: 'GET /websites/{w}', run: (t) => t.request('GET', `sandbox/websites/${SITE}`) },
  { route: 'POST /websites/{w}/migrate', run: (t) => t.request('POST', `sandbox/websites/${SITE}/migrate`) },
  { route: 'PUT /websites/{w}', run: (t) => t.request('PUT', `sandbox/websites/${SITE}`, { body: { Tags: [{ Key: 'team', Value: 'c' }] } }) },
  { route: 'PATCH /websites/{w}', run: (t) => t.request('PATCH', `sandbox/websites/${SITE}`, { body: { CacheInvalidation: ['/*'] } }) },
  {
    route: 'POST /websites/{w}/users',
    run: (t) => t.request('POST', `sandbox/websites/${SITE}/users`, { body: { User: { UserName: 'tour-docs', Path: '/docs/' } } }),
  },
  { route: 'DELETE /websites/{w}', run: (t) => t.request('DELETE', `sandbox/websites/${SITE}`) },
  { route: 'POST /buckets (tags)', run: (t) => t.request('POST', 'tagged/buckets', { body: { BucketInput: { Bucket: 'tour-tagged' } } }) },
  {
    route: 'POST /buckets/{b}/users (tags)',
    run: (t) => t.request('POST', 'tagged/buckets/tour-tagged/users', { body: { User: { UserName: 'tour-tagged-rw' }, Groups: ['BktRWGrp'] } }),
  },
  { route: 'POST /buckets/{b}/adopt', run: (t) => t.request('POST', `sandbox/buckets/${legacyBucketName(ID)}/adopt`) },
];

/** For each statement of deploy/iam/s3-api-policy.json, a route that answers 403 without it. */
const STOPS: Readonly<Record<string, string>> = {
  Buckets: 'GET /buckets/{b}',
  PlaceholderObjects: 'POST /websites',
  AccountWideS3: 'GET /buckets',
  IamUnderTheServicePath: 'POST /buckets',
  CreateUsersWithTheBoundary: 'POST /buckets/{b}/users',
  AttachOnlyTheServicePolicies: 'POST /buckets',
  AttachTheSharedPoliciesToUsers: 'POST /buckets/{b}/users (tags)',
  NameClaims: 'POST /buckets (tags)',
  IamAccountWide: 'POST /buckets',
  AdoptFromOlderTooling: 'POST /buckets/{b}/adopt',
  CreateDistributionsTaggedAsTheService: 'POST /websites',
  TheServiceDistributions: 'PATCH /websites/{w}',
  ListDistributionsAndTheirTags: 'PUT /websites/{w}',
  CreateFunctionsTaggedAsTheService: 'POST /websites',
  TheServiceFunctions: 'POST /websites',
  OriginAccessControls: 'POST /websites',
  FindTheServiceResourcesByTag: 'GET /websites',
  AliasRecordsInTheServiceZones: 'POST /websites',
};

describe('the shipped policy is minimal', () => {
  let t: TestApp;
  let start: SandboxSnapshot;
  let policy: ReturnType<typeof servicePolicyOf>;
  let taggedPolicy: ReturnType<typeof servicePolicyOf>;

  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 's3api-minimal-')), 'config.yaml');
    writeFileSync(
      path,
      `sandbox: { enabled: true }\naccounts:\n  - { name: sandbox, id: '${ID}', domains: { sites.example.com: {} } }\n  - { name: tagged, id: '${TAGGED_ID}', accessModel: tags }\n`,
    );
    t = await startTestApp({ env: { S3API_CONFIG: path } });
    policy = servicePolicyOf(t.app.get(AwsAccountProvider).resolve('sandbox'));
    taggedPolicy = servicePolicyOf(t.app.get(AwsAccountProvider).resolve('tagged'));
    start = t.sandbox.snapshot();
  });
  afterAll(() => t.close());

  /** Runs the whole tour from the same start under `statements`; the routes that answered 403. */
  async function refusedRoutes(statements: typeof policy.Statement): Promise<string[]> {
    t.sandbox.restore(start);
    const kept = new Set(statements.map((s) => s.Sid));
    t.sandbox.putRolePolicy(ID, SANDBOX_ROLE, SERVICE_POLICY_NAME, { ...policy, Statement: statements });
    t.sandbox.putRolePolicy(TAGGED_ID, SANDBOX_ROLE, SERVICE_POLICY_NAME, {
      ...taggedPolicy,
      Statement: taggedPolicy.Statement.filter((s) => kept.has(s.Sid)),
    });
    const refused: string[] = [];
    for (const step of TOUR) if ((await step.run(t)).status === 403) refused.push(step.route);
    return refused;
  }

  it('lets every route of the tour succeed as it is', async () => {
    t.sandbox.restore(start);
    const failed: string[] = [];
    for (const step of TOUR) {
      const res = await step.run(t);
      if (res.status >= 300) failed.push(`${step.route}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
  });

  it('makes a named route answer 403 without any one of its statements', async () => {
    expect(Object.keys(STOPS).sort(), 'name a route each statement of the policy is needed for').toEqual(policy.Statement.map((s) => s.Sid).sort());
    const unstopped: string[] = [];
    for (const statement of policy.Statement) {
      const refused = await refusedRoutes(policy.Statement.filter((s) => s !== statement));
      if (!refused.includes(STOPS[statement.Sid]!))
        unstopped.push(`without ${statement.Sid}, ${STOPS[statement.Sid]} still works (403 only: ${refused.join(', ') || 'none'})`);
    }
    expect(unstopped).toEqual([]);
  });
});
