import { GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsAccount, AwsAccountProvider, CloudFrontGateway, IamGateway, Route53Gateway, S3ControlGateway, S3Gateway } from '#aws';
import { ManualClock } from '#aws-sandbox';
import { AppConfig } from '../../apps/s3-api/src/config/app-config.js';
import { Reconciler } from '../../apps/s3-api/src/reconciler/reconciler.js';
import { serviceFunctions, WebsiteOrigins } from '../../apps/s3-api/src/websites/website-origins.js';
import { sandboxClients } from '../support/sandbox-clients.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DOMAIN = 'sites.example.com';
const HOUR = 3_600_000;
/** A client error the SDK does not retry: the fault reaches the service exactly once. */
const DENIED = { name: 'AccessDenied', httpStatusCode: 403 };

let t: TestApp;
let clock: ManualClock;
let account: AwsAccount;
let account2: AwsAccount;
let s3: S3Gateway;
let iam: IamGateway;
let cloudFront: CloudFrontGateway;
let route53: Route53Gateway;
let reconciler: Reconciler;
let counter = 0;

/** A fresh website name per test, so tests stay independent on one app. */
const siteName = (label = 'site'): string => `${label}${++counter}.${DOMAIN}`;

const createWebsite = (name: string, extra: object = {}, accountRef = 'sandbox') =>
  t.request('POST', `${accountRef}/websites`, { body: { BucketInput: { Bucket: name }, ...extra } });

async function created(name: string, extra: object = {}, accountRef = 'sandbox') {
  const response = await createWebsite(name, extra, accountRef);
  expect(response.status, response.text).toBe(202);
  return response.body;
}

/** The calls the request made, as `Operation` names. */
async function callsOf<T>(run: () => Promise<T>): Promise<{ result: T; operations: string[] }> {
  const mark = t.sandbox.calls.mark();
  const result = await run();
  return { result, operations: t.sandbox.calls.since(mark).map((c) => c.operation) };
}

/** Lets CloudFront finish deploying whatever is in progress, then lets the reconciler run. */
async function deployAndSweep(accountRef = 'sandbox') {
  clock.advance(HOUR);
  return reconciler.runOnce(accountRef);
}

const zoneOf = (a: AwsAccount): string => a.domains[DOMAIN]!.hostedZoneId;

/**
 * Deletes a website's distribution behind the service's back, with the account's own rights. The
 * service's role may read only distributions tagged as its own, so IAM refuses its reads of this one
 * (AccessDenied, as AWS answers for a tag-conditioned action on a resource that does not exist).
 */
async function deleteDistributionElsewhere(id: string): Promise<void> {
  await cloudFront.disableDistribution(account, id, { releaseAliases: true });
  clock.advance(HOUR);
  const { distribution, etag } = (await cloudFront.getDistribution(account, id))!;
  await cloudFront.deleteDistribution(account, id, etag);
  // Its function too, which would otherwise be a leftover for the reconciler runs of later tests.
  for (const fn of serviceFunctions(distribution)) await t.app.get(WebsiteOrigins).removeFunction(account, fn);
}

/**
 * The account's origin access control, which its first website makes and every later one shares and keeps:
 * made before a test's snapshot or its count of AWS calls, so that they hold only what the test's own
 * requests do, whether the test runs first in the file or alone.
 */
const withOriginAccessControl = async (): Promise<void> => {
  await t.app.get(WebsiteOrigins).originAccessControl(account);
};

beforeAll(async () => {
  clock = new ManualClock();
  t = await startTestApp({ sandboxOptions: { clock } });
  const accounts = t.app.get(AwsAccountProvider);
  account = accounts.resolve('sandbox');
  account2 = accounts.resolve('sandbox2');
  s3 = t.root(S3Gateway);
  iam = t.root(IamGateway);
  cloudFront = t.root(CloudFrontGateway);
  route53 = t.root(Route53Gateway);
  reconciler = t.app.get(Reconciler);
});

afterAll(async () => {
  await t?.close();
});

describe('POST /{account}/websites', () => {
  it('202: makes the bucket, distribution, DNS records, groups and placeholder, and answers the seed shape', async () => {
    const name = siteName();
    const body = await created(name, {
      Tags: [{ Key: 'Application', Value: 'HowToGet' }],
      WebsiteConfiguration: {
        ErrorDocument: { Key: 'error.html' },
        RoutingRules: [{ Condition: { KeyPrefixEquals: 'old/' }, Redirect: { ReplaceKeyPrefixWith: 'new/' } }],
      },
    });
    expect(body.Bucket).toBe(`/${name}`);
    expect(body.Policy.PolicyName).toBe(`${name}-BktAdmPlc`);
    expect(body.Group.GroupName).toBe(`${name}-BktAdmGrp`);
    expect(body.Policies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual([`${name}-BktAdmPlc`, `${name}-WebAdmPlc`]);
    expect(body.Groups.map((g: { GroupName: string }) => g.GroupName)).toEqual([`${name}-BktAdmGrp`, `${name}-WebAdmGrp`]);
    expect(body.Groups.every((g: { Path: string }) => g.Path === `/s3-api/${name}/`)).toBe(true);
    const d = body.Distribution;
    expect(d.Status).toBe('InProgress');
    expect(d.DistributionConfig.Aliases).toEqual({ Quantity: 1, Items: [name] });
    expect(d.DistributionConfig.Enabled).toBe(true);
    // The bucket's REST endpoint, signed by the account's origin access control; index documents,
    // the error document and the routing rule come from the function and the error responses.
    const origin = d.DistributionConfig.Origins.Items[0];
    expect(origin).toMatchObject({ DomainName: `${name}.s3.us-east-1.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' }, CustomOriginConfig: null });
    const controls = await cloudFront.listOriginAccessControls(account);
    expect(controls.map((control) => control.Id)).toEqual([origin.OriginAccessControlId]);
    const [association] = d.DistributionConfig.DefaultCacheBehavior.FunctionAssociations.Items;
    expect(association.EventType).toBe('viewer-request');
    expect(await cloudFront.describeFunction(account, association.FunctionARN.split('/').pop())).toMatchObject({ Status: 'DEPLOYED' });
    expect(
      d.DistributionConfig.CustomErrorResponses.Items.map((r: { ErrorCode: number; ResponsePagePath: string }) => [r.ErrorCode, r.ResponsePagePath]),
    ).toEqual([
      [403, '/error.html'],
      [404, '/error.html'],
    ]);
    expect(d.DistributionConfig.ViewerCertificate).toMatchObject({
      ACMCertificateArn: account.domains[DOMAIN]!.certificateArn,
      SSLSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(d.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(body.DnsChange).toMatchObject({ Status: 'PENDING', Comment: 'Created by s3-api' });
    expect(body.DnsChange.Id).toMatch(/^\/change\//);

    const tags = await s3.getBucketTags(account, name);
    expect(tags).toEqual(
      expect.arrayContaining([
        { Key: 'Application', Value: 'HowToGet' },
        { Key: 's3-api:distribution-id', Value: d.Id },
        { Key: 's3-api:managed-by', Value: 's3-api' },
      ]),
    );
    // A private bucket: every Block Public Access setting on, and a policy for that distribution alone.
    expect(await s3.getPublicAccessBlock(account, name)).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const policy = JSON.parse((await s3.getBucketPolicy(account, name))!) as { Statement: { Principal: unknown; Action: string[]; Condition: unknown }[] };
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['s3:GetObject'],
        Condition: { StringEquals: { 'AWS:SourceArn': d.ARN } },
      }),
    ]);
    expect(JSON.stringify(policy)).not.toContain('"*"');
    expect(await s3.getDefaultEncryption(account, name)).toBe('AES256');
    expect((await s3.getBucketLogging(account, name))?.TargetPrefix).toMatch(new RegExp(`${name.replaceAll('.', '\\.')}/$`));
    expect(await s3.objectExists(account, name, 'index.html')).toBe(true);
    expect(await cloudFront.listTags(account, d.ARN)).toEqual(
      expect.arrayContaining([
        { Key: 'Application', Value: 'HowToGet' },
        { Key: 's3-api:website', Value: name },
        { Key: 's3-api:managed-by', Value: 's3-api' },
      ]),
    );
    for (const type of ['A', 'AAAA'] as const) {
      const record = await route53.getAliasRecord(account, zoneOf(account), name, type);
      expect(record?.AliasTarget.DNSName).toBe(`${d.DomainName}.`);
    }
  });

  it('lets its own distribution read the objects of the new site and nobody else, as S3 judges the policy and Block Public Access it holds', async () => {
    const name = siteName();
    const { Distribution } = await created(name);
    const policy = JSON.parse((await sandboxClients(t.sandbox).s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy!);
    // RestrictPublicBuckets, on the bucket or on the account, keeps a public policy from serving anonymous callers.
    const blocks = [await s3.getPublicAccessBlock(account, name), await t.root(S3ControlGateway).accountPublicAccessBlock(account)];
    const judged = async (principal: Parameters<typeof runSimulation>[0]['request']['principal'], action: string, resource: string, sourceArn?: string) => {
      const result = await runSimulation(
        {
          request: {
            principal,
            action,
            resource: { resource, accountId: account.id },
            contextVariables: sourceArn ? { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account.id } : {},
          },
          identityPolicies: [],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: policy,
          additionalSettings: { s3: { blockPublicAccess: blocks.some((block) => block?.RestrictPublicBuckets === true) } },
        },
        {},
      );
      return result.resultType === 'error' ? JSON.stringify(result.errors) : result.overallResult;
    };
    const otherDistribution = Distribution.ARN.replace(/[^/]+$/, 'E0THERDISTRIB');
    for (const key of ['index.html', 'docs/a.css']) {
      expect(await judged('cloudfront.amazonaws.com', 's3:GetObject', `arn:aws:s3:::${name}/${key}`, Distribution.ARN), key).toBe('Allowed');
      expect(await judged('cloudfront.amazonaws.com', 's3:GetObject', `arn:aws:s3:::${name}/${key}`, otherDistribution), key).toBe('ImplicitlyDenied');
      expect(await judged(anonymousPrincipal, 's3:GetObject', `arn:aws:s3:::${name}/${key}`), key).toBe('ImplicitlyDenied');
    }
    for (const action of ['s3:PutObject', 's3:DeleteObject', 's3:GetObjectAcl', 's3:PutObjectAcl']) {
      expect(await judged('cloudfront.amazonaws.com', action, `arn:aws:s3:::${name}/index.html`, Distribution.ARN), action).toBe('ImplicitlyDenied');
      expect(await judged(anonymousPrincipal, action, `arn:aws:s3:::${name}/index.html`), action).toBe('ImplicitlyDenied');
    }
    for (const action of ['s3:ListBucket', 's3:PutBucketPolicy', 's3:DeleteBucket', 's3:PutBucketWebsite']) {
      expect(await judged(anonymousPrincipal, action, `arn:aws:s3:::${name}`), action).toBe('ImplicitlyDenied');
    }
  });

  it('keeps the website configuration as given in the bucket, where a migration reads it back', async () => {
    const name = siteName();
    const WebsiteConfiguration = {
      IndexDocument: { Suffix: 'home.html' },
      ErrorDocument: { Key: 'error.html' },
      RoutingRules: [
        {
          Condition: { KeyPrefixEquals: 'old/' },
          Redirect: { HostName: 'docs.example.org', Protocol: 'https', HttpRedirectCode: '302', ReplaceKeyPrefixWith: 'new/' },
        },
        { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { ReplaceKeyWith: 'missing.html' } },
        { Redirect: { ReplaceKeyWith: 'moved.html' } },
      ],
    };
    const { Distribution } = await created(name, { WebsiteConfiguration });
    expect(await s3.getBucketWebsite(account, name)).toEqual(WebsiteConfiguration);
    // The rule on 404 wins over the error document, for the 403 a private bucket answers too.
    expect(
      Distribution.DistributionConfig.CustomErrorResponses.Items.map((r: { ErrorCode: number; ResponsePagePath: string }) => [r.ErrorCode, r.ResponsePagePath]),
    ).toEqual([
      [403, '/missing.html'],
      [404, '/missing.html'],
    ]);
  });

  it('409 WebsiteAlreadyExists when a distribution the service did not make serves the name, and nothing is left behind', async () => {
    const name = siteName();
    await cloudFront.createWebsiteDistribution(account2, {
      callerReference: `elsewhere-${name}`,
      alias: name,
      origin: { kind: 'website-endpoint', domain: 'elsewhere.example.org' },
      certificateArn: account2.domains[DOMAIN]!.certificateArn,
      indexDocument: 'index.html',
      comment: 'not made by the service',
      tags: [],
    });
    await withOriginAccessControl();
    const before = t.sandbox.snapshot();
    const refused = await createWebsite(name);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.Code).toBe('WebsiteAlreadyExists');
    await deployAndSweep();
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('400 DomainNotConfigured / ValidationError before any AWS call', async () => {
    const cases: [unknown, string][] = [
      [{ BucketInput: { Bucket: 'site.other.org' } }, 'DomainNotConfigured'],
      [{ BucketInput: { Bucket: 'nodots' } }, 'DomainNotConfigured'],
      [{ BucketInput: { Bucket: `a.b.${DOMAIN}` } }, 'ValidationError'],
      [{ BucketInput: { Bucket: `-a.${DOMAIN}` } }, 'ValidationError'],
      [{ BucketInput: { Bucket: `UPPER.${DOMAIN}` } }, 'ValidationError'],
      [{}, 'ValidationError'],
      [{ BucketInput: { Bucket: `ok.${DOMAIN}` }, Unknown: 1 }, 'ValidationError'],
      [{ BucketInput: { Bucket: `ok.${DOMAIN}` }, Tags: [{ Key: 'aws:x', Value: '' }] }, 'ValidationError'],
      [{ BucketInput: { Bucket: `ok.${DOMAIN}` }, Tags: Array.from({ length: 48 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }, 'ValidationError'],
      [
        { BucketInput: { Bucket: `ok.${DOMAIN}` }, WebsiteConfiguration: { RoutingRules: [{ Redirect: { ReplaceKeyWith: 'a', ReplaceKeyPrefixWith: 'b' } }] } },
        'ValidationError',
      ],
      [
        { BucketInput: { Bucket: `ok.${DOMAIN}` }, WebsiteConfiguration: { RoutingRules: [{ Condition: {}, Redirect: { HostName: 'x.org' } }] } },
        'ValidationError',
      ],
      [
        { BucketInput: { Bucket: `ok.${DOMAIN}` }, WebsiteConfiguration: { RoutingRules: [{ Condition: { HttpErrorCodeReturnedEquals: '200' } }] } },
        'ValidationError',
      ],
      [{ BucketInput: { Bucket: `ok.${DOMAIN}` }, WebsiteConfiguration: { IndexDocument: { Suffix: 'a/b.html' } } }, 'ValidationError'],
    ];
    for (const [body, code] of cases) {
      const { result, operations } = await callsOf(() => t.request('POST', 'sandbox/websites', { body }));
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.Code, JSON.stringify(body)).toBe(code);
      expect(operations).toEqual([]);
    }
    // The name is in the body: the refusal names the body's field, as a client would correct it.
    const elsewhere = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'site.other.org' } } });
    expect(elsewhere.body.Details).toEqual([{ Field: 'BucketInput.Bucket', Problem: expect.any(String) }]);
  });

  it('401 without a token, 404 for an unknown account (no AWS call)', async () => {
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: siteName() } }, token: null })).status).toBe(401);
    const { result, operations } = await callsOf(() => createWebsite(siteName(), {}, 'nosuchaccount'));
    expect(result.status).toBe(404);
    expect(result.body.Code).toBe('AccountNotFound');
    expect(operations).toEqual([]);
  });

  it('409 WebsiteAlreadyExists for an existing website, here or in another account, and changes nothing', async () => {
    const name = siteName();
    await created(name);
    const before = t.sandbox.snapshot();
    const again = await createWebsite(name);
    expect(again.status).toBe(409);
    expect(again.body.Code).toBe('WebsiteAlreadyExists');
    const elsewhere = await createWebsite(name, {}, 'sandbox2');
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.Code).toBe('WebsiteAlreadyExists');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).isEmpty()).toBe(true);
  });

  it('429 with Retry-After when AWS throttles, 503 when it is unavailable; nothing is left behind', async () => {
    await withOriginAccessControl();
    const before = t.sandbox.snapshot();
    const throttled = t.sandbox.faults.add({ operation: 'CreateBucket', error: { name: 'SlowDown', httpStatusCode: 503 } });
    const slow = await createWebsite(siteName());
    t.sandbox.faults.remove(throttled);
    expect(slow.status).toBe(429);
    expect(slow.headers['retry-after']).toBeDefined();

    const down = t.sandbox.faults.add({ operation: 'PutBucketWebsite', error: { name: 'ServiceUnavailable', httpStatusCode: 503 } });
    const unavailable = await createWebsite(siteName());
    t.sandbox.faults.remove(down);
    expect(unavailable.status).toBe(503);

    await deployAndSweep();
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('403 when AWS denies access, with everything undone', async () => {
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'PutBucketWebsite', nth: 1, error: DENIED });
    const denied = await createWebsite(siteName());
    t.sandbox.faults.clear();
    expect(denied.status).toBe(403);
    expect(denied.body.Code).toBe('AwsAccessDenied');
    await deployAndSweep();
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('logs an undo a failed create could not finish under the create, and the reconciler removes what it left', async () => {
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'PutBucketWebsite', nth: 1, error: DENIED });
    t.sandbox.faults.add({ operation: 'DeleteBucket', nth: 1, error: DENIED });
    const logsBefore = t.logs.length;
    const denied = await createWebsite(siteName());
    t.sandbox.faults.clear();
    expect(denied.status).toBe(403);
    expect(t.logs.slice(logsBefore).filter((line) => line.includes('could not undo') && line.includes('of a failed createWebsite'))).toHaveLength(1);
    await deployAndSweep();
    // The account's origin access control, made by its first website, is shared by all of them and stays.
    const shared = (entry: { path: string }) => entry.path.includes('/cloudfront/origin-access-control/');
    expect(
      t.sandbox
        .diff(before, t.sandbox.snapshot())
        .filter((entry) => !shared(entry))
        .toString(),
    ).toBe('');
  });

  it('a create that failed after its distribution was made can be retried at once under the same name', async () => {
    // The undo disables the distribution and releases its alias: CloudFront lets an alias belong to one
    // distribution only, and the reconciler deletes the disabled one only once it has deployed, an hour on.
    for (const operation of ['CreateBucket', 'PutBucketPolicy']) {
      const name = siteName('retry');
      t.sandbox.faults.add({ operation, nth: 1, error: DENIED });
      const failed = await createWebsite(name);
      t.sandbox.faults.clear();
      expect(failed.status, `${operation}: ${failed.text}`).toBe(403);
      const retried = await createWebsite(name);
      expect(retried.status, `${operation}: ${retried.text}`).toBe(202);
      expect((await t.request('GET', `sandbox/websites/${name}`)).body.Distribution.Id).toBe(retried.body.Distribution.Id);
    }
    // The failed attempts' disabled distributions go now, not during a later test.
    expect((await deployAndSweep()).removed).toBe(2);
  });

  it('(a) a fault at each AWS call leaves nothing but a disabled distribution, which the reconciler removes', async () => {
    await withOriginAccessControl();
    const { operations } = await callsOf(() => created(siteName('probe')));
    const positions = operations.map((operation, i) => ({ operation, nth: operations.slice(0, i + 1).filter((o) => o === operation).length }));
    expect(positions.length).toBeGreaterThanOrEqual(15);
    for (const { operation, nth } of positions) {
      const name = siteName('fault');
      const before = t.sandbox.snapshot();
      t.sandbox.faults.add({ operation, nth, error: DENIED });
      const response = await createWebsite(name);
      t.sandbox.faults.clear();
      const where = `${operation} #${nth}: ${response.text}`;
      // The mapped answer: 403 AwsAccessDenied; on HeadBucket a 403 means the name is another account's: 409.
      expect(response.status, where).toBe(operation === 'HeadBucket' ? 409 : 403);
      expect(await s3.headBucket(account, name), where).toBe('missing');
      expect(await iam.listGroups(account, `/s3-api/${name}/`), where).toEqual([]);
      expect(await route53.getAliasRecord(account, zoneOf(account), name, 'A'), where).toBeNull();
      expect(await route53.getAliasRecord(account, zoneOf(account), name, 'AAAA'), where).toBeNull();
      const distributions = (await cloudFront.listDistributions(account, undefined, 1000)).items;
      expect(
        distributions.filter((d) => d.Enabled && d.Aliases.includes(name)),
        where,
      ).toEqual([]);
      await deployAndSweep();
      const diff = t.sandbox.diff(before, t.sandbox.snapshot());
      expect(diff.isEmpty(), `${where}\n${diff.toString()}`).toBe(true);
    }
  });
});

describe('HEAD /{account}/websites/{website}', () => {
  it('200 / 404 / 403 / 400, with no body', async () => {
    const name = siteName();
    await created(name);
    const ok = await t.request('HEAD', `sandbox/websites/${name}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    expect((await t.request('HEAD', `sandbox/websites/${siteName()}`)).status).toBe(404);
    const theirs = siteName();
    await created(theirs, {}, 'sandbox2');
    expect((await t.request('HEAD', `sandbox/websites/${theirs}`)).status).toBe(403);
    const bad = await callsOf(() => t.request('HEAD', 'sandbox/websites/not.configured.org'));
    expect(bad.result.status).toBe(400);
    expect(bad.result.text).toBe('');
    expect(bad.operations).toEqual([]);
  });
});

describe('GET /{account}/websites/{website}', () => {
  it('200 with tags, logging, emptiness, DNS record and distribution', async () => {
    const name = siteName();
    const { Distribution } = await created(name, { Tags: [{ Key: 'CreatedBy', Value: 'Big Bird' }] });
    const shown = await t.request('GET', `sandbox/websites/${name}`);
    expect(shown.status).toBe(200);
    expect(Object.keys(shown.body).sort()).toEqual(['DNSRecord', 'Distribution', 'Empty', 'Logging', 'Origin', 'Tags']);
    expect(shown.body.Origin).toBe('OriginAccessControl');
    expect(shown.body.Tags).toEqual([{ Key: 'CreatedBy', Value: 'Big Bird' }]);
    expect(shown.body.Empty).toBe(true);
    expect(shown.body.Logging.TargetPrefix).toMatch(new RegExp(`${name.replaceAll('.', '\\.')}/$`));
    expect(shown.body.DNSRecord).toMatchObject({
      Name: `${name}.`,
      Type: 'A',
      AliasTarget: { DNSName: `${Distribution.DomainName}.`, HostedZoneId: 'Z2FDTNDATAQYW2' },
    });
    expect(shown.body.Distribution.Id).toBe(Distribution.Id);
  });

  it('Empty ignores our placeholders (also scoped ones) but not other objects', async () => {
    const name = siteName();
    await created(name);
    await s3.putObject(account, name, 'docs/index.html', 'x', { contentType: 'text/html', tags: [{ Key: 's3-api:placeholder', Value: 'true' }] });
    expect((await t.request('GET', `sandbox/websites/${name}`)).body.Empty).toBe(true);
    await s3.putObject(account, name, 'blog/index.html', 'mine', { contentType: 'text/html' });
    expect((await t.request('GET', `sandbox/websites/${name}`)).body.Empty).toBe(false);
  });

  it('Empty counts nothing for an object deleted while the website is read', async () => {
    const name = siteName();
    await created(name);
    await s3.putObject(account, name, 'blog/index.html', 'mine', { contentType: 'text/html' });
    // S3 answers NoSuchKey for its tags: it went between the listing and that read.
    t.sandbox.faults.add({
      operation: 'GetObjectTagging',
      when: (input) => input['Key'] === 'blog/index.html',
      error: { name: 'NoSuchKey', httpStatusCode: 404 },
    });
    const shown = await t.request('GET', `sandbox/websites/${name}`);
    t.sandbox.faults.clear();
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body.Empty).toBe(true);
  });

  it('404 WebsiteNotFound when the bucket goes while the website is read', async () => {
    const name = siteName();
    await created(name);
    t.sandbox.faults.add({ operation: 'GetBucketLogging', nth: 1, error: { name: 'NoSuchBucket', httpStatusCode: 404 } });
    const shown = await t.request('GET', `sandbox/websites/${name}`);
    t.sandbox.faults.clear();
    expect(shown.status, shown.text).toBe(404);
    expect(shown.body.Code).toBe('WebsiteNotFound');
  });

  it('200 with no distribution when its distribution was deleted outside the service (IAM refuses the read; its tags prove it gone)', async () => {
    const name = siteName();
    const { Distribution } = await created(name);
    await deleteDistributionElsewhere(Distribution.Id);
    const shown = await callsOf(() => t.request('GET', `sandbox/websites/${name}`));
    expect(shown.result.status, shown.result.text).toBe(200);
    expect(shown.result.body).toMatchObject({ Empty: true, Distribution: null });
    expect(shown.operations).toContain('ListTagsForResource');
  });

  it('404 for a missing website, 400 for a bad name (no AWS call)', async () => {
    const missing = await t.request('GET', `sandbox/websites/${siteName()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.Code).toBe('WebsiteNotFound');
    const bad = await callsOf(() => t.request('GET', `sandbox/websites/x.${siteName()}`));
    expect(bad.result.status).toBe(400);
    expect(bad.operations).toEqual([]);
  });
});

describe('a website route with a name that cannot be a website of the account', () => {
  it('answers 400 naming the website in the path as the field, on every route, before any AWS call', async () => {
    const routes: ['GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE', string, object?][] = [
      ['GET', ''],
      ['PUT', '', { Tags: [] }],
      ['PATCH', '', { CacheInvalidation: ['/*'] }],
      ['POST', '/migrate'],
      ['DELETE', ''],
      ['GET', '/duck'],
    ];
    const mark = t.sandbox.calls.mark();
    for (const [method, tail, body] of routes) {
      for (const [name, code] of [
        [`a.b.${DOMAIN}`, 'ValidationError'],
        ['site.other.org', 'DomainNotConfigured'],
      ] as const) {
        const res = await t.request(method, `sandbox/websites/${name}${tail}`, body ? { body } : {});
        expect(res.status, `${method} ${name}${tail}`).toBe(400);
        expect(res.body.Code, `${method} ${name}${tail}`).toBe(code);
        expect(res.body.Details, `${method} ${name}${tail}`).toEqual([{ Field: 'website', Problem: expect.any(String) }]);
      }
    }
    expect(t.sandbox.calls.since(mark)).toEqual([]);
  });
});

describe('PUT /{account}/websites/{website}', () => {
  it('200: replaces the client tags on bucket and distribution, keeping system tags', async () => {
    const name = siteName();
    const { Distribution } = await created(name, {
      Tags: [
        { Key: 'Old', Value: '1' },
        { Key: 'Keep', Value: 'a' },
      ],
    });
    const updated = await t.request('PUT', `sandbox/websites/${name}`, {
      body: {
        Tags: [
          { Key: 'Keep', Value: 'b' },
          { Key: 'New', Value: '2' },
        ],
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.Tags).toEqual([
      { Key: 'Keep', Value: 'b' },
      { Key: 'New', Value: '2' },
    ]);
    const bucketTags = await s3.getBucketTags(account, name);
    const distributionTags = await cloudFront.listTags(account, Distribution.ARN);
    for (const tags of [bucketTags, distributionTags]) {
      const client = tags.filter((tag) => !tag.Key.startsWith('s3-api:'));
      expect(client.sort((a, b) => a.Key.localeCompare(b.Key))).toEqual([
        { Key: 'Keep', Value: 'b' },
        { Key: 'New', Value: '2' },
      ]);
      expect(tags.some((tag) => tag.Key === 's3-api:org')).toBe(true);
    }
    expect(bucketTags).toContainEqual({ Key: 's3-api:distribution-id', Value: Distribution.Id });
    expect(distributionTags).toContainEqual({ Key: 's3-api:website', Value: name });
  });

  it('200: retags the bucket alone when its distribution was deleted outside the service', async () => {
    const name = siteName();
    const { Distribution } = await created(name, { Tags: [{ Key: 'Old', Value: '1' }] });
    await deleteDistributionElsewhere(Distribution.Id);
    const updated = await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [{ Key: 'New', Value: '2' }] } });
    expect(updated.status, updated.text).toBe(200);
    expect((await s3.getBucketTags(account, name)).filter((tag) => !tag.Key.startsWith('s3-api:'))).toEqual([{ Key: 'New', Value: '2' }]);
  });

  it('asks CloudFront only for the changes a retag needs: no untag when no client tag goes, no tag when none is wanted', async () => {
    const name = siteName();
    const { Distribution } = await created(name, { Tags: [{ Key: 'Keep', Value: 'a' }] });
    const cloudFrontCalls = (operations: string[]) => operations.filter((op) => op === 'TagResource' || op === 'UntagResource');
    const added = await callsOf(() =>
      t.request('PUT', `sandbox/websites/${name}`, {
        body: {
          Tags: [
            { Key: 'Keep', Value: 'a' },
            { Key: 'New', Value: '2' },
          ],
        },
      }),
    );
    expect(added.result.status, added.result.text).toBe(200);
    expect(cloudFrontCalls(added.operations)).toEqual(['TagResource']);
    const emptied = await callsOf(() => t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [] } }));
    expect(emptied.result.status, emptied.result.text).toBe(200);
    expect(cloudFrontCalls(emptied.operations)).toEqual(['UntagResource']);
    expect((await cloudFront.listTags(account, Distribution.ARN)).filter((tag) => !tag.Key.startsWith('s3-api:'))).toEqual([]);
  });

  it('refuses a retag while another retag of the site holds its lock (409), and leaves that lock to its holder', async () => {
    const name = siteName();
    await created(name, { Tags: [{ Key: 'Old', Value: '1' }] });
    // The first retag holds the lock and waits at its bucket tagging until the others have answered.
    let othersAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (othersAnswered = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    t.sandbox.faults.add({ service: 's3', operation: 'PutBucketTagging', nth: 1, hold: () => (locked(), answered) });
    let first;
    try {
      first = t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [{ Key: 'First', Value: '1' }] } });
      await holding;
      const second = await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [{ Key: 'Second', Value: '2' }] } });
      expect(second.status, second.text).toBe(409);
      expect(second.body.Code).toBe('ConcurrentChange');
      expect(second.body.Message).toContain(`the tags of '${name}'`);
      // The refused retag took nothing of the first one's: a third is refused as well.
      expect((await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [] } })).status).toBe(409);
    } finally {
      othersAnswered();
      t.sandbox.faults.clear();
    }
    const res = await first;
    expect(res.status, res.text).toBe(200);
    expect((await s3.getBucketTags(account, name)).filter((tag) => !tag.Key.startsWith('s3-api:'))).toEqual([{ Key: 'First', Value: '1' }]);
    // The lock went with the first retag: the next one goes through.
    expect((await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [] } })).status).toBe(200);
  });

  it("retags at once while the distribution's 50 tags hold old and new together, in two steps once they would not", async () => {
    const tags = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ Key: `${prefix}${i}`, Value: 'v' }));
    const name = siteName();
    const { Distribution } = await created(name, { Tags: tags('old', 20) });
    const system = (await cloudFront.listTags(account, Distribution.ARN)).filter((tag) => tag.Key.startsWith('s3-api:')).length;
    // Exactly at the limit: the untag waits until the tag has arrived, which it does only when both are sent at
    // once; sent one after the other, the untag's first attempt times out and the SDK sends it again.
    let tagArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (tagArrived = resolve));
    t.sandbox.faults.add({ service: 'cloudfront', operation: 'TagResource', nth: 1, hold: async () => tagArrived() });
    t.sandbox.faults.add({ service: 'cloudfront', operation: 'UntagResource', nth: 1, hold: () => arrived });
    const atLimit = tags('new', 50 - system - 20);
    const both = await callsOf(() => t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: atLimit } }));
    t.sandbox.faults.clear();
    expect(both.result.status, both.result.text).toBe(200);
    expect(both.operations.filter((op) => op === 'UntagResource')).toHaveLength(1);
    // Over the limit: adding first would take the distribution past 50 tags. The untag is held a turn of the
    // event loop, so a tag sent beside it would land first.
    const over = tags('more', 40);
    t.sandbox.faults.add({ service: 'cloudfront', operation: 'UntagResource', nth: 1, hold: () => new Promise((resolve) => setImmediate(resolve)) });
    const steps = await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: over } });
    t.sandbox.faults.clear();
    expect(steps.status, steps.text).toBe(200);
    const client = (await cloudFront.listTags(account, Distribution.ARN)).filter((tag) => !tag.Key.startsWith('s3-api:'));
    expect(client.map((tag) => tag.Key).sort()).toEqual(over.map((tag) => tag.Key).sort());
  });

  it('puts the bucket and distribution tags back as they were when a retag fails half-way, and releases its lock', async () => {
    const name = siteName();
    const before = [
      { Key: 'Gone', Value: '1' },
      { Key: 'Kept', Value: 'old' },
    ];
    const { Distribution } = await created(name, { Tags: before });
    const clientTagsOf = async () => ({
      bucket: (await s3.getBucketTags(account, name)).filter((tag) => !tag.Key.startsWith('s3-api:')).sort((a, b) => a.Key.localeCompare(b.Key)),
      distribution: (await cloudFront.listTags(account, Distribution.ARN))
        .filter((tag) => !tag.Key.startsWith('s3-api:'))
        .sort((a, b) => a.Key.localeCompare(b.Key)),
    });
    const wanted = {
      Tags: [
        { Key: 'Kept', Value: 'new' },
        { Key: 'Added', Value: '2' },
      ],
    };
    // The bucket's tagging fails once CloudFront has taken the new tags: the distribution's are undone.
    let tagged!: () => void;
    const distributionTagged = new Promise<void>((resolve) => (tagged = resolve));
    t.sandbox.faults.add({ service: 'cloudfront', operation: 'TagResource', nth: 1, hold: async () => void setImmediate(tagged) });
    t.sandbox.faults.add({ service: 's3', operation: 'PutBucketTagging', nth: 1, hold: () => distributionTagged, error: DENIED });
    const failed = await t.request('PUT', `sandbox/websites/${name}`, { body: wanted });
    t.sandbox.faults.clear();
    expect(failed.status, failed.text).toBe(403);
    expect(await clientTagsOf()).toEqual({ bucket: before, distribution: before });
    // CloudFront refusing the new tags leaves both as they were too.
    t.sandbox.faults.add({ service: 'cloudfront', operation: 'TagResource', nth: 1, error: DENIED });
    expect((await t.request('PUT', `sandbox/websites/${name}`, { body: wanted })).status).toBe(403);
    t.sandbox.faults.clear();
    expect(await clientTagsOf()).toEqual({ bucket: before, distribution: before });
    expect((await t.request('PUT', `sandbox/websites/${name}`, { body: wanted })).status).toBe(200);
  });

  it('404 for a missing website; 400 for bad tags or a missing Tags (no AWS call)', async () => {
    const missing = await t.request('PUT', `sandbox/websites/${siteName()}`, { body: { Tags: [] } });
    expect(missing.status).toBe(404);
    for (const body of [{}, { Tags: [{ Key: 's3-api:org', Value: 'x' }] }, { Tags: 'x' }]) {
      const bad = await callsOf(() => t.request('PUT', `sandbox/websites/${siteName()}`, { body }));
      expect(bad.result.status).toBe(400);
      expect(bad.operations).toEqual([]);
    }
  });
});

describe('PATCH /{account}/websites/{website}', () => {
  it('200: creates an invalidation', async () => {
    const name = siteName();
    const { Distribution } = await created(name);
    const patched = await t.request('PATCH', `sandbox/websites/${name}`, { body: { CacheInvalidation: ['/*', '/index.html'] } });
    expect(patched.status).toBe(200);
    expect(patched.body.Invalidation.InvalidationBatch.Paths).toEqual({ Quantity: 2, Items: ['/*', '/index.html'] });
    expect(patched.body.Invalidation.Status).toBe('InProgress');
    expect(patched.body.Location).toContain(`/distribution/${Distribution.Id}/invalidation/${patched.body.Invalidation.Id}`);
  });

  it('(e) 400 for a missing or empty list, more than 100 paths or a relative path, with zero AWS calls', async () => {
    const name = siteName();
    for (const body of [
      {},
      { CacheInvalidation: [] },
      { CacheInvalidation: ['index.html'] },
      { CacheInvalidation: Array.from({ length: 101 }, (_, i) => `/p${i}`) },
      { CacheInvalidation: '/*' },
    ]) {
      const { result, operations } = await callsOf(() => t.request('PATCH', `sandbox/websites/${name}`, { body }));
      expect(result.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(result.body.Code).toBe('ValidationError');
      expect(operations).toEqual([]);
    }
  });

  it('(e) 400 naming the limit for more than 15 wildcard paths, which CloudFront never takes in progress at once', async () => {
    const name = siteName();
    await created(name);
    const wildcards = (n: number): string[] => Array.from({ length: n }, (_, i) => `/dir${i}/*`);
    const { result, operations } = await callsOf(() => t.request('PATCH', `sandbox/websites/${name}`, { body: { CacheInvalidation: wildcards(16) } }));
    expect(result.status).toBe(400);
    expect(result.body.Details).toEqual([{ Field: 'CacheInvalidation', Problem: expect.stringContaining('at most 15 wildcard paths') }]);
    expect(operations).toEqual([]);
    expect((await t.request('PATCH', `sandbox/websites/${name}`, { body: { CacheInvalidation: wildcards(15) } })).status).toBe(200);
    // The limit counts what is in progress: one more now is worth retrying later.
    const busy = await t.request('PATCH', `sandbox/websites/${name}`, { body: { CacheInvalidation: ['/*'] } });
    expect(busy.status).toBe(429);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('(e) 429 Throttled with Retry-After when CloudFront has too many invalidations in progress', async () => {
    const name = siteName();
    await created(name);
    t.sandbox.faults.add({ operation: 'CreateInvalidation', nth: 1, error: { name: 'TooManyInvalidationsInProgress', httpStatusCode: 400 } });
    const throttled = await t.request('PATCH', `sandbox/websites/${name}`, { body: { CacheInvalidation: ['/*'] } });
    t.sandbox.faults.clear();
    expect(throttled.status).toBe(429);
    expect(throttled.body.Code).toBe('Throttled');
    expect(throttled.body.Message).toBe(`too many cache invalidations are in progress for '${name}'; try again later`);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('403 when AWS denies the invalidation', async () => {
    const name = siteName();
    await created(name);
    t.sandbox.faults.add({ operation: 'CreateInvalidation', nth: 1, error: DENIED });
    const denied = await t.request('PATCH', `sandbox/websites/${name}`, { body: { CacheInvalidation: ['/*'] } });
    t.sandbox.faults.clear();
    expect(denied.status).toBe(403);
  });

  it('404 WebsiteNotFound when its distribution was deleted outside the service', async () => {
    const name = siteName();
    const { Distribution } = await created(name);
    await deleteDistributionElsewhere(Distribution.Id);
    const gone = await t.request('PATCH', `sandbox/websites/${name}`, { body: { CacheInvalidation: ['/*'] } });
    expect(gone.status, gone.text).toBe(404);
    expect(gone.body.Code).toBe('WebsiteNotFound');
  });

  it('404 for a missing website', async () => {
    const missing = await t.request('PATCH', `sandbox/websites/${siteName()}`, { body: { CacheInvalidation: ['/*'] } });
    expect(missing.status).toBe(404);
    expect(missing.body.Code).toBe('WebsiteNotFound');
  });
});

describe('DELETE /{account}/websites/{website}', () => {
  it('200: removes everything, disables the distribution; the reconciler deletes it once deployed', async () => {
    const name = siteName();
    await withOriginAccessControl();
    const before = t.sandbox.snapshot();
    const { Distribution } = await created(name);
    await s3.putObject(account, name, 'docs/index.html', 'x', { contentType: 'text/html', tags: [{ Key: 's3-api:placeholder', Value: 'true' }] });
    const deleted = await t.request('DELETE', `sandbox/websites/${name}`);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body.Website).toBe(name);
    expect(deleted.body.Users).toEqual([]);
    expect([...deleted.body.Groups].sort()).toEqual([`${name}-BktAdmGrp`, `${name}-WebAdmGrp`]);
    expect([...deleted.body.Policies].sort()).toEqual([`${name}-BktAdmPlc`, `${name}-WebAdmPlc`]);
    expect(deleted.body.DNSRecord).toMatchObject({ Type: 'A', AliasTarget: { DNSName: `${Distribution.DomainName}.` } });
    expect(deleted.body.Distribution).toMatchObject({ Id: Distribution.Id, DistributionConfig: { Enabled: false } });
    expect(await s3.headBucket(account, name)).toBe('missing');
    expect(await route53.getAliasRecord(account, zoneOf(account), name, 'A')).toBeNull();
    expect(await route53.getAliasRecord(account, zoneOf(account), name, 'AAAA')).toBeNull();

    const early = await reconciler.runOnce('sandbox');
    expect(early.removed).toBe(0);
    const run = await deployAndSweep();
    expect(run.removed).toBe(1);
    expect(await cloudFront.getDistribution(account, Distribution.Id)).toBeNull();
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).isEmpty()).toBe(true);
    const metrics = await t.request('GET', 'metrics', { token: null });
    expect(metrics.text).toMatch(/s3api_reconciler_removed_total\{account="sandbox",kind="distribution"\} [1-9]/);
    expect(metrics.text).toMatch(/^s3api_reconciler_last_run_timestamp_seconds\{account="sandbox"\} \d{10}/m);
  });

  it('409 WebsiteNotEmpty for a website holding objects, and nothing is removed', async () => {
    const name = siteName();
    await created(name);
    await s3.putObject(account, name, 'about.html', 'mine', { contentType: 'text/html' });
    const before = t.sandbox.snapshot();
    const refused = await t.request('DELETE', `sandbox/websites/${name}`);
    expect(refused.status).toBe(409);
    expect(refused.body.Code).toBe('WebsiteNotEmpty');
    // The placeholder index does not count: one object version, all of them listed.
    expect(refused.body.Message).toMatch(/holds 1 object version\b/);
    expect(refused.body.Message).not.toContain('at least');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).isEmpty()).toBe(true);
  });

  it('409 WebsiteNotEmpty when an object is uploaded while the website is being deleted; a DELETE once it is emptied finishes', async () => {
    const name = siteName();
    await created(name);
    // Someone uploads just as the service asks S3 to delete the bucket: S3 refuses with BucketNotEmpty.
    let uploaded = false;
    // The hook uploads and lets the call go on: it never fires its error.
    const race = t.sandbox.faults.add({
      operation: 'DeleteBucket',
      error: DENIED,
      when: (input) => {
        if (input['Bucket'] === name && !uploaded) {
          t.sandbox.putObject(account.id, name, 'late.html', 'uploaded meanwhile');
          uploaded = true;
        }
        return false;
      },
    });
    const refused = await t.request('DELETE', `sandbox/websites/${name}`);
    t.sandbox.faults.remove(race);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.Code).toBe('WebsiteNotEmpty');
    expect(refused.body.Message).toContain('objects written while it was being deleted');
    expect(t.sandbox.objectKeys(name)).toEqual(['late.html']);

    await s3.deleteObject(account, name, 'late.html');
    const finished = await t.request('DELETE', `sandbox/websites/${name}`);
    expect(finished.status, finished.text).toBe(200);
    expect(await s3.headBucket(account, name)).toBe('missing');
    expect((await deployAndSweep()).removed).toBe(1);
  });

  it('a DELETE whose DeleteBucket AWS refuses answers that refusal, and leaves the website for a repeated DELETE', async () => {
    const name = siteName();
    await created(name);
    t.sandbox.faults.add({ operation: 'DeleteBucket', nth: 1, error: DENIED });
    const refused = await t.request('DELETE', `sandbox/websites/${name}`);
    t.sandbox.faults.clear();
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.Code).toBe('AwsAccessDenied');
    expect((await t.request('HEAD', `sandbox/websites/${name}`)).status).toBe(200);
    expect((await t.request('DELETE', `sandbox/websites/${name}`)).status).toBe(200);
    expect(await s3.headBucket(account, name)).toBe('missing');
    expect((await deployAndSweep()).removed).toBe(1);
  });

  it('two DELETEs of one website both answer 200: the one that finds the bucket already gone takes it as deleted', async () => {
    const name = siteName();
    await created(name);
    // The first DELETE's DeleteBucket goes unanswered until its attempt times out and the SDK sends it
    // again; the second DELETE runs meanwhile. Whichever DeleteBucket comes second finds no bucket.
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => (hung = resolve));
    t.sandbox.faults.add({
      operation: 'DeleteBucket',
      times: 1,
      error: 'hang',
      when: (input) => {
        if (input['Bucket'] !== name) return false;
        hung();
        return true;
      },
    });
    const first = t.request('DELETE', `sandbox/websites/${name}`);
    await hanging;
    const second = await t.request('DELETE', `sandbox/websites/${name}`);
    expect(second.status, second.text).toBe(200);
    const answer = await first;
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.Website).toBe(name);
    expect(await s3.headBucket(account, name)).toBe('missing');
    expect((await deployAndSweep()).removed).toBe(1);
  });

  it('404 for a missing website, 400 for a bad name', async () => {
    expect((await t.request('DELETE', `sandbox/websites/${siteName()}`)).status).toBe(404);
    expect((await t.request('DELETE', 'sandbox/websites/bad..name')).status).toBe(400);
  });

  it('a DELETE that failed part-way is finished by a repeated DELETE', async () => {
    const name = siteName();
    await withOriginAccessControl();
    const before = t.sandbox.snapshot();
    await created(name);
    for (const operation of ['ChangeResourceRecordSets', 'UpdateDistribution', 'DeleteBucket', 'DeleteGroup']) {
      t.sandbox.faults.add({ operation, nth: 1, error: DENIED });
    }
    const failed = await t.request('DELETE', `sandbox/websites/${name}`);
    expect(failed.status).toBe(403);
    t.sandbox.faults.clear();
    const retried = await t.request('DELETE', `sandbox/websites/${name}`);
    expect(retried.status, retried.text).toBe(200);
    expect((await t.request('DELETE', `sandbox/websites/${name}`)).status).toBe(404);
    await deployAndSweep();
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).isEmpty()).toBe(true);
  });

  it('(b) a delete followed at once by a create of the same name succeeds', async () => {
    const name = siteName();
    const first = await created(name);
    expect((await t.request('DELETE', `sandbox/websites/${name}`)).status).toBe(200);
    const second = await created(name);
    expect(second.Distribution.Id).not.toBe(first.Distribution.Id);
    const run = await deployAndSweep();
    expect(run.removed).toBeGreaterThanOrEqual(1);
    expect(await cloudFront.getDistribution(account, first.Distribution.Id)).toBeNull();
    expect(await cloudFront.getDistribution(account, second.Distribution.Id)).not.toBeNull();
    expect((await t.request('GET', `sandbox/websites/${name}`)).body.Distribution.Id).toBe(second.Distribution.Id);
  });

  it('(c) deleting site.<domain> leaves mysite.<domain> and its groups and users alone', async () => {
    const n = ++counter;
    const site = `site${n}.${DOMAIN}`;
    const mysite = `mysite${n}.${DOMAIN}`;
    await created(site);
    await created(mysite);
    for (const [website, user] of [
      [site, `u-site${n}`],
      [mysite, `u-mysite${n}`],
    ] as const) {
      await iam.createUser(account, { name: user, path: `/s3-api/${website}/`, tags: [] });
      await iam.addUserToGroup(account, user, `${website}-BktAdmGrp`);
    }
    const deleted = await t.request('DELETE', `sandbox/websites/${site}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.Users).toEqual([`u-site${n}`]);
    expect(deleted.body.Groups.every((g: string) => g.startsWith(`${site}-`))).toBe(true);
    expect((await iam.listGroups(account, `/s3-api/${mysite}/`)).map((g) => g.GroupName).sort()).toEqual([`${mysite}-BktAdmGrp`, `${mysite}-WebAdmGrp`]);
    expect(await iam.getUser(account, `u-mysite${n}`)).not.toBeNull();
    expect(await iam.getUser(account, `u-site${n}`)).toBeNull();
    expect((await t.request('GET', `sandbox/websites/${mysite}`)).status).toBe(200);
    expect(await route53.getAliasRecord(account, zoneOf(account), mysite, 'A')).not.toBeNull();
  });
});

describe('GET /{account}/websites/{website}/duck', () => {
  it('200 bookmark as an attachment; 404 missing; 400 bad name', async () => {
    const name = siteName();
    await created(name);
    const duck = await t.request('GET', `sandbox/websites/${name}/duck?path=/docs/`);
    expect(duck.status).toBe(200);
    expect(duck.headers['content-disposition']).toBe(`attachment; filename="${name}.duck"`);
    expect(duck.headers['content-type']).toContain('application/x-plist');
    expect(duck.text).toContain(`<string>/${name}/docs</string>`);
    expect((await t.request('GET', `sandbox/websites/${siteName()}/duck`)).status).toBe(404);
    expect((await t.request('GET', 'sandbox/websites/nope.org/duck')).status).toBe(400);
  });

  it("refuses a path with a '..' segment, as the bucket bookmark does", async () => {
    const name = siteName();
    await created(name);
    for (const path of ['../x', 'a/../../b', '..']) {
      const res = await t.request('GET', `sandbox/websites/${name}/duck?path=${encodeURIComponent(path)}`);
      expect(res.status, path).toBe(400);
      expect(res.body.Details, path).toEqual([{ Field: 'path', Problem: "must not contain a '..' segment" }]);
    }
    expect((await t.request('GET', `sandbox/websites/${name}/duck?path=${encodeURIComponent('a..b/c')}`)).status).toBe(200);
  });
});

describe('the reconciler, for distributions', () => {
  it('keeps distributions that are not ours, or still used by their website; tolerates losing a race', async () => {
    const name = siteName();
    const { Distribution } = await created(name);
    const foreign = await cloudFront.createWebsiteDistribution(account, {
      callerReference: `foreign-${counter}`,
      alias: `foreign${counter}.${DOMAIN}`,
      origin: { kind: 'website-endpoint', domain: 'elsewhere.example.org' },
      indexDocument: 'index.html',
      certificateArn: account.domains[DOMAIN]!.certificateArn,
      comment: 'not made by s3-api',
      tags: [{ Key: 'Team', Value: 'other' }],
    });
    // A DELETE that stopped after disabling: the bucket still names the distribution.
    await cloudFront.disableDistribution(account, Distribution.Id);
    await cloudFront.disableDistribution(account, foreign.Id);
    await deployAndSweep();
    expect(await cloudFront.getDistribution(account, Distribution.Id)).not.toBeNull();
    expect(await cloudFront.getDistribution(account, foreign.Id)).not.toBeNull();

    expect((await t.request('DELETE', `sandbox/websites/${name}`)).status).toBe(200);
    clock.advance(HOUR);
    t.sandbox.faults.add({ operation: 'DeleteDistribution', nth: 1, error: { name: 'PreconditionFailed', httpStatusCode: 412 } });
    const raced = await reconciler.runOnce('sandbox');
    t.sandbox.faults.clear();
    expect(raced).toMatchObject({ removed: 0, errors: 0 });
    expect((await reconciler.runOnce('sandbox')).removed).toBe(1);
    expect(await cloudFront.getDistribution(account, Distribution.Id)).toBeNull();
    expect(await cloudFront.getDistribution(account, foreign.Id)).not.toBeNull();
  });

  it('makes at most reconciler.maxCallsPerRun AWS calls per run and resumes where it stopped', async () => {
    for (let i = 0; i < 3; i++) {
      const name = siteName('budget');
      await created(name, {}, 'sandbox2');
      expect((await t.request('DELETE', `sandbox2/websites/${name}`)).status).toBe(200);
    }
    clock.advance(HOUR);
    const config = t.app.get(AppConfig) as { reconciler: AppConfig['reconciler'] };
    const saved = config.reconciler;
    // One website's leftovers take 8 calls: list, tags, bucket, DNS records, distribution, delete, and its function's describe and delete.
    config.reconciler = { ...saved, maxCallsPerRun: 8 };
    try {
      let deleted = 0;
      for (let run = 0; run < 10; run++) {
        const mark = t.sandbox.calls.mark();
        const result = await reconciler.runOnce('sandbox2');
        expect(t.sandbox.calls.since(mark).length).toBeLessThanOrEqual(8);
        expect(result.calls).toBeLessThanOrEqual(8);
        deleted += result.removed;
        if (result.complete && result.removed === 0) break;
      }
      expect(deleted).toBeGreaterThanOrEqual(3);
    } finally {
      config.reconciler = saved;
    }
    const left = (await cloudFront.listDistributions(account2, undefined, 1000)).items.filter((d) => !d.Enabled);
    expect(left).toEqual([]);
  });
});

describe('(d) cost does not grow with the account', () => {
  it('show, update, patch and delete make the same AWS calls with 1,000 distributions and 10,000 records', async () => {
    const measure = async (accountRef: string, name: string) => {
      await created(name, {}, accountRef);
      const counts: Record<string, string[]> = {};
      for (const [method, body] of [['GET'], ['PUT', { Tags: [{ Key: 'A', Value: 'b' }] }], ['PATCH', { CacheInvalidation: ['/*'] }], ['DELETE']] as const) {
        const { result, operations } = await callsOf(() => t.request(method, `${accountRef}/websites/${name}`, body ? { body } : {}));
        expect(result.status, `${method} ${result.text}`).toBe(200);
        counts[method] = [...operations].sort();
      }
      return counts;
    };
    const empty = await measure('sandbox2', siteName('small'));
    // 1,000 distributions: over CloudFront's default quota of 500, which AWS raises on request.
    t.sandbox.setQuotas(account.id, { distributions: 2_000 });
    t.sandbox.seed(account.id, { distributions: 1000, records: { zoneId: zoneOf(account), count: 10_000 } });
    const large = await measure('sandbox', siteName('large'));
    expect(large).toEqual(empty);
    expect(Object.values(large).flat()).not.toContain('ListDistributions');
  });

  it('a reconciler run stays within reconciler.maxCallsPerRun', async () => {
    const mark = t.sandbox.calls.mark();
    const run = await reconciler.runOnce('sandbox');
    expect(run.calls).toBeLessThanOrEqual(t.config.reconciler.maxCallsPerRun);
    expect(t.sandbox.calls.since(mark).length).toBe(run.calls);
  });
});

// Last: the reconciler tests above count what their runs find in the account, and this one leaves a lock behind a while.
describe('PUT /{account}/websites/{website}, the lock left behind', () => {
  it('answers a retag that could not release its lock as done, and logs the lock left for the reconciler', async () => {
    const name = siteName();
    await created(name);
    t.sandbox.faults.add({ service: 'iam', operation: 'DeletePolicy', when: (input) => String(input['PolicyArn']).endsWith('-TagsLock'), error: DENIED });
    const logsBefore = t.logs.length;
    const res = await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [{ Key: 'New', Value: '1' }] } });
    t.sandbox.faults.clear();
    expect(res.status, res.text).toBe(200);
    const warnings = t.logs.slice(logsBefore).filter((line) => line.includes('could not release the tags lock'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`"website":"${name}"`);
    // The lock stays (the reconciler's, after its grace period): until it goes, the site is not retagged again.
    expect((await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [] } })).status).toBe(409);
    await iam.deletePolicy(account, `arn:aws:iam::${account.id}:policy/s3-api/${name}/${name}-TagsLock`);
    expect((await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [] } })).status).toBe(200);
  });
});

// Last, like the describe above: the sites and leftovers these make would change what the reconciler's runs above, which
// count what they remove, reach within their call budget.
describe('POST /{account}/websites, an undo that fails', () => {
  it('names the distribution step in the log, under the create and its website, when a failed create cannot disable its distribution', async () => {
    const name = siteName();
    t.sandbox.faults.add({ operation: 'PutBucketWebsite', nth: 1, error: DENIED });
    t.sandbox.faults.add({ operation: 'UpdateDistribution', nth: 1, error: DENIED });
    const logsBefore = t.logs.length;
    const mark = t.sandbox.calls.mark();
    const denied = await createWebsite(name);
    t.sandbox.faults.clear();
    expect(denied.status).toBe(403);
    const undoFailures = t.logs.slice(logsBefore).filter((line) => line.includes('could not undo'));
    expect(
      undoFailures.filter((line) => line.includes(`"website":"${name}"`) && line.includes("could not undo 'create distribution' of a failed createWebsite")),
    ).toHaveLength(1);
    // What an operator would do from that line: disable the distribution, which the reconciler then deletes.
    const refused = t.sandbox.calls.since(mark).find((call) => call.operation === 'UpdateDistribution')!;
    await cloudFront.disableDistribution(account, (refused.input as { Id: string }).Id, { releaseAliases: true });
    await deployAndSweep();
  });
});

describe('PUT /{account}/websites/{website}, a retag that fails', () => {
  it('undoes a failed retag at CloudFront with only what it changed: a key it added is removed, an overwritten one gets its old value and is never removed', async () => {
    /** A retag whose bucket tagging fails once CloudFront has taken the new tags; the CloudFront calls of its undo, and the client tags it left. */
    async function failedRetag(before: { Key: string; Value: string }[], tags: { Key: string; Value: string }[]) {
      const name = siteName();
      const { Distribution } = await created(name, { Tags: before });
      let tagged!: () => void;
      const distributionTagged = new Promise<void>((resolve) => (tagged = resolve));
      t.sandbox.faults.add({ service: 'cloudfront', operation: 'TagResource', nth: 1, hold: async () => void setImmediate(tagged) });
      t.sandbox.faults.add({ service: 's3', operation: 'PutBucketTagging', nth: 1, hold: () => distributionTagged, error: DENIED });
      const mark = t.sandbox.calls.mark();
      const res = await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: tags } });
      t.sandbox.faults.clear();
      expect(res.status, res.text).toBe(403);
      const [, ...undo] = t.sandbox.calls.since(mark).filter((call) => call.service === 'cloudfront' && /^(Untag|Tag)Resource$/.test(call.operation));
      const left = (await cloudFront.listTags(account, Distribution.ARN)).filter((tag) => !tag.Key.startsWith('s3-api:'));
      return { undo: undo.map((call) => ({ operation: call.operation, input: call.input })), left };
    }
    // Only a new key: the undo removes it, and tags nothing.
    expect(await failedRetag([], [{ Key: 'Added', Value: '1' }])).toEqual({
      undo: [{ operation: 'UntagResource', input: expect.objectContaining({ TagKeys: { Items: ['Added'] } }) }],
      left: [],
    });
    // Only a new value: the undo puts the old one back, and removes nothing.
    const before = [{ Key: 'Kept', Value: 'old' }];
    expect(await failedRetag(before, [{ Key: 'Kept', Value: 'new' }])).toEqual({
      undo: [{ operation: 'TagResource', input: expect.objectContaining({ Tags: { Items: before } }) }],
      left: before,
    });
  });

  it('names in the log each step a failed retag could not undo, under the retag and its website', async () => {
    const name = siteName();
    await created(name, { Tags: [{ Key: 'Gone', Value: '1' }] });
    // CloudFront takes the new tags and drops the old one, then the bucket's tagging fails, and from then on
    // every undo is refused: CloudFront's retag and the release of the tags lock.
    let undoing = false;
    let forward = 0;
    let retagged!: () => void;
    const cloudFrontRetagged = new Promise<void>((resolve) => (retagged = resolve));
    const refusedOnceUndoing = () => {
      if (!undoing && ++forward === 2) setImmediate(retagged);
      return undoing;
    };
    for (const operation of ['TagResource', 'UntagResource'])
      t.sandbox.faults.add({ service: 'cloudfront', operation, when: refusedOnceUndoing, error: DENIED });
    t.sandbox.faults.add({ service: 'iam', operation: 'DeletePolicy', when: () => undoing, error: DENIED });
    t.sandbox.faults.add({
      service: 's3',
      operation: 'PutBucketTagging',
      nth: 1,
      hold: async () => {
        await cloudFrontRetagged;
        undoing = true;
      },
      error: DENIED,
    });
    const logsBefore = t.logs.length;
    const res = await t.request('PUT', `sandbox/websites/${name}`, { body: { Tags: [{ Key: 'Added', Value: '2' }] } });
    t.sandbox.faults.clear();
    expect(res.status, res.text).toBe(403);
    const undoFailures = t.logs.slice(logsBefore).filter((line) => line.includes('could not undo') && line.includes(`"website":"${name}"`));
    for (const step of ['lock the tags', 'remove the distribution tags no longer wanted', 'tag the distribution']) {
      expect(
        undoFailures.some((line) => line.includes(`could not undo '${step}' of a failed updateWebsite`)),
        step,
      ).toBe(true);
    }
    // What an operator would do from those lines: release the lock.
    await iam.deletePolicy(account, `arn:aws:iam::${account.id}:policy/s3-api/${name}/${name}-TagsLock`);
  });
});

// Last in the file: the distributions they leave to the reconciler are in no other test's sweep.
describe("DELETE /{account}/websites/{website}, what is not the website's", () => {
  it('removes only the DNS records that alias its own distribution: an A record pointed at another site stays, and is not answered', async () => {
    const name = siteName();
    const { Distribution: elsewhere } = await created(siteName('other'));
    await created(name);
    await route53.changeAliasRecords(account, zoneOf(account), 'UPSERT', [{ name, type: 'A', target: elsewhere.DomainName }], 'pointed at another site');
    const deleted = await t.request('DELETE', `sandbox/websites/${name}`);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body.DNSRecord).toBeNull();
    expect(await route53.getAliasRecord(account, zoneOf(account), name, 'A')).toMatchObject({ AliasTarget: { DNSName: `${elsewhere.DomainName}.` } });
    expect(await route53.getAliasRecord(account, zoneOf(account), name, 'AAAA')).toBeNull();
  });

  it('after its bucket was deleted outside the service, removes what is left in IAM and names it (200), then answers 404', async () => {
    const name = siteName();
    await created(name);
    await s3.deleteObject(account, name, 'index.html');
    await s3.deleteBucket(account, name);
    // What is younger than the reconciler's grace period may be a create's at work, and stays.
    clock.advance(t.app.get(AppConfig).reconciler.graceSeconds * 1000 + 1);
    const deleted = await t.request('DELETE', `sandbox/websites/${name}`);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body.Users).toEqual([]);
    expect([...deleted.body.Groups].sort()).toEqual([`${name}-BktAdmGrp`, `${name}-WebAdmGrp`]);
    expect([...deleted.body.Policies].sort()).toEqual([`${name}-BktAdmPlc`, `${name}-WebAdmPlc`]);
    expect(await iam.listGroups(account, `/s3-api/${name}/`)).toEqual([]);
    expect((await t.request('DELETE', `sandbox/websites/${name}`)).status).toBe(404);
  });

  it('after its distribution was deleted outside the service, removes the rest (200) and leaves the DNS records, which it cannot prove alias its own', async () => {
    const name = siteName();
    const { Distribution } = await created(name);
    await deleteDistributionElsewhere(Distribution.Id);
    const records = await route53.getAliasRecords(account, zoneOf(account), name);
    expect(records.map((r) => r.Type).sort()).toEqual(['A', 'AAAA']);
    const deleted = await t.request('DELETE', `sandbox/websites/${name}`);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body).toMatchObject({ Website: name, DNSRecord: null, Distribution: null });
    expect([...deleted.body.Groups].sort()).toEqual([`${name}-BktAdmGrp`, `${name}-WebAdmGrp`]);
    expect(await s3.headBucket(account, name)).toBe('missing');
    expect(await route53.getAliasRecords(account, zoneOf(account), name)).toEqual(records);
    expect((await t.request('GET', `sandbox/websites/${name}`)).status).toBe(404);
  });
});
