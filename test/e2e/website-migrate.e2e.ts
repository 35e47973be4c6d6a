import { DeleteBucketPolicyCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsAccount, AwsAccountProvider, CloudFrontGateway, S3Gateway, websiteOriginAccessPolicy, websitePublicReadPolicy } from '#aws';
import { ManualClock } from '#aws-sandbox';
import { Reconciler } from '../../apps/s3-api/src/reconciler/reconciler.js';
import { toLegacyShape } from '../support/legacy-website.js';
import { sandboxClients } from '../support/sandbox-clients.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';
const DOMAIN = 'sites.example.com';
const HOUR = 3_600_000;

let t: TestApp;
let clock: ManualClock;
let account: AwsAccount;
let s3: S3Gateway;
let cloudFront: CloudFrontGateway;
let counter = 0;

/**
 * A website as the service made them before origin access controls: the distribution reads the bucket's
 * website endpoint, the bucket is public (Block Public Access relaxed, a policy for "*"), no function.
 * Made with today's create, then taken back to that shape as the root of the account.
 */
async function legacyWebsite(website: object = {}): Promise<{ name: string; distributionId: string }> {
  const name = `legacy${++counter}.${DOMAIN}`;
  const res = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: name }, ...website } });
  expect(res.status, res.text).toBe(202);
  await toLegacyShape(t, name, res);
  clock.advance(HOUR);
  return { name, distributionId: res.body.Distribution.Id as string };
}

const migrate = (name: string) => t.request('POST', `sandbox/websites/${name}/migrate`);

/**
 * A migration during which someone changes the site between the migration's last write (Block Public
 * Access) and its read-back: `change` runs while the read-back's `operation` is held, before S3 or
 * CloudFront answers it.
 */
async function migrateChangedBeforeReadBack(name: string, operation: string, change: () => unknown) {
  let written = false;
  t.sandbox.faults.add({
    operation: 'PutPublicAccessBlock',
    when: () => {
      written = true;
      return false;
    },
    error: { name: 'Unused', httpStatusCode: 400 },
  });
  t.sandbox.faults.add({ operation, when: () => written, nth: 1, hold: async () => change() });
  return migrate(name).finally(() => t.sandbox.faults.clear());
}

const notPrivate = (name: string, ...problems: string[]) =>
  `website '${name}' did not read back as private (${problems.join('; ')}); its migration was put back`;

beforeAll(async () => {
  clock = new ManualClock();
  t = await startTestApp({ sandboxOptions: { clock } });
  account = t.app.get(AwsAccountProvider).resolve('sandbox');
  s3 = t.root(S3Gateway);
  cloudFront = t.root(CloudFrontGateway);
});

afterAll(async () => {
  await t?.close();
});

describe('POST /{account}/websites/{website}/migrate', () => {
  it('moves a website on its website endpoint to a private bucket read through the origin access control', async () => {
    const { name, distributionId } = await legacyWebsite({ WebsiteConfiguration: { ErrorDocument: { Key: 'oops.html' } } });
    expect((await t.request('GET', `sandbox/websites/${name}`)).body.Origin).toBe('WebsiteEndpoint');

    const res = await migrate(name);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ Website: name, Migrated: true, Origin: 'OriginAccessControl' });
    const config = res.body.Distribution.DistributionConfig;
    expect(config.Origins.Items[0]).toMatchObject({ DomainName: `${name}.s3.us-east-1.amazonaws.com`, CustomOriginConfig: null });
    expect((await cloudFront.listOriginAccessControls(account)).map((control) => control.Id)).toEqual([config.Origins.Items[0].OriginAccessControlId]);
    expect(config.CustomErrorResponses.Items.map((r: { ResponsePagePath: string }) => r.ResponsePagePath)).toEqual(['/oops.html', '/oops.html']);
    const fn = (config.DefaultCacheBehavior.FunctionAssociations.Items[0].FunctionARN as string).split('/').pop()!;
    expect(await cloudFront.describeFunction(account, fn)).toMatchObject({ Status: 'DEPLOYED' });

    expect(await s3.getPublicAccessBlock(account, name)).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const policy = (await s3.getBucketPolicy(account, name))!;
    expect(policy).not.toContain('"*"');
    expect(JSON.parse(policy).Statement).toEqual([
      expect.objectContaining({ Condition: { StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${ID}:distribution/${distributionId}` } } }),
    ]);
    expect((await t.request('GET', `sandbox/websites/${name}`)).body.Origin).toBe('OriginAccessControl');

    // Once there, a website is answered as it is, and nothing is written.
    const mark = t.sandbox.calls.mark();
    const again = await migrate(name);
    expect(again.status).toBe(200);
    expect(again.body.Migrated).toBe(false);
    expect(t.sandbox.calls.since(mark).filter((call) => !/^(Get|Head|List|Describe)/.test(call.operation))).toEqual([]);
  });

  it('works in an account whose Block Public Access refuses public policies', async () => {
    const { name } = await legacyWebsite();
    t.sandbox.setAccountPublicAccessBlock(ID, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    try {
      const res = await migrate(name);
      expect(res.status, res.text).toBe(200);
      expect(res.body.Migrated).toBe(true);
    } finally {
      t.sandbox.setAccountPublicAccessBlock(ID, undefined);
    }
  });

  it('puts every step back when the bucket does not read back as private (409 MigrationNotVerified)', async () => {
    const { name } = await legacyWebsite();
    const before = t.sandbox.snapshot();
    // Someone makes the bucket public again between the migration's writes and its read-back.
    let reads = 0;
    const fault = t.sandbox.faults.add({
      operation: 'GetBucketPolicy',
      when: () => {
        if (++reads === 2) t.sandbox.setBucketPolicy(ID, name, websitePublicReadPolicy(name));
        return false;
      },
      error: { name: 'Unused', httpStatusCode: 400 },
    });
    const res = await migrate(name).finally(() => t.sandbox.faults.remove(fault));
    expect(res.status, res.text).toBe(409);
    expect(res.body.Code).toBe('MigrationNotVerified');
    expect(res.body.Message).toContain('"*"');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    expect((await t.request('GET', `sandbox/websites/${name}`)).body.Origin).toBe('WebsiteEndpoint');
  });

  it('409 MigrationNotVerified naming each way the bucket or distribution did not read back as private, and the site stays on its website endpoint', async () => {
    const distributionArn = (id: string) => `arn:aws:cloudfront::${ID}:distribution/${id}`;
    const cases: { problems: string[]; operation: string; change: (site: { name: string; distributionId: string }) => unknown }[] = [
      {
        problems: ['its Block Public Access is not all on'],
        operation: 'GetPublicAccessBlock',
        change: ({ name }) =>
          s3.putPublicAccessBlock(account, name, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false }),
      },
      {
        problems: ['its bucket policy is missing or still names "*"', 'its bucket policy does not name the distribution'],
        operation: 'GetBucketPolicy',
        change: ({ name }) => sandboxClients(t.sandbox, ID).s3.send(new DeleteBucketPolicyCommand({ Bucket: name })),
      },
      {
        // One statement for the distribution, one for anyone: the policy names the distribution and is still public.
        problems: ['its bucket policy is missing or still names "*"'],
        operation: 'GetBucketPolicy',
        change: ({ name, distributionId }) => {
          const statements = [websiteOriginAccessPolicy(name, distributionArn(distributionId)), websitePublicReadPolicy(name)].flatMap((p) => p.Statement);
          t.sandbox.setBucketPolicy(ID, name, { Version: '2012-10-17', Statement: statements });
        },
      },
      {
        // Allow with NotPrincipal reads as anyone but the principals it names: public too, though it names no "*".
        problems: ['its bucket policy is missing or still names "*"'],
        operation: 'GetBucketPolicy',
        change: ({ name, distributionId }) => {
          const anyoneBut = { Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ID}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` };
          const statements = [...websiteOriginAccessPolicy(name, distributionArn(distributionId)).Statement, anyoneBut];
          t.sandbox.setBucketPolicy(ID, name, { Version: '2012-10-17', Statement: statements });
        },
      },
      {
        problems: ['its bucket policy does not name the distribution'],
        operation: 'GetBucketPolicy',
        change: ({ name }) => t.sandbox.setBucketPolicy(ID, name, websiteOriginAccessPolicy(name, distributionArn('E2OTHERDISTRIB'))),
      },
      {
        problems: ['its distribution does not read through the origin access control'],
        operation: 'GetDistribution',
        change: ({ name, distributionId }) =>
          cloudFront.setWebsiteOrigin(account, distributionId, { kind: 'website-endpoint', domain: `${name}.s3-website-us-east-1.amazonaws.com` }),
      },
    ];
    for (const { problems, operation, change } of cases) {
      const site = await legacyWebsite();
      const res = await migrateChangedBeforeReadBack(site.name, operation, () => change(site));
      expect(res.status, res.text).toBe(409);
      expect(res.body).toMatchObject({ Code: 'MigrationNotVerified', Message: notPrivate(site.name, ...problems) });
      expect((await t.request('GET', `sandbox/websites/${site.name}`)).body.Origin).toBe('WebsiteEndpoint');
    }
  });

  it('names in the log each step a failed migration could not undo, under the migration', async () => {
    const { name } = await legacyWebsite();
    // The read-back finds the bucket public again, and from then on every write of the site's is refused.
    let reads = 0;
    let undoing = false;
    const denied = { name: 'AccessDenied', httpStatusCode: 403 };
    t.sandbox.faults.add({
      operation: 'GetBucketPolicy',
      when: () => {
        if (++reads === 2) {
          t.sandbox.setBucketPolicy(ID, name, websitePublicReadPolicy(name));
          undoing = true;
        }
        return false;
      },
      error: denied,
    });
    for (const operation of ['PutBucketPolicy', 'PutPublicAccessBlock', 'UpdateDistribution'])
      t.sandbox.faults.add({ operation, when: () => undoing, error: denied });
    const logsBefore = t.logs.length;
    const res = await migrate(name).finally(() => t.sandbox.faults.clear());
    expect(res.status, res.text).toBe(409);
    const undoFailures = t.logs.slice(logsBefore).filter((line) => line.includes('could not undo') && line.includes(`"website":"${name}"`));
    for (const step of ['block public access', 'origin access policy', 'repoint the distribution', 'let both readers in']) {
      expect(
        undoFailures.some((line) => line.includes(`could not undo '${step}' of a failed migrateWebsite`)),
        step,
      ).toBe(true);
    }
  });

  it('refuses a routing rule CloudFront cannot express with 400 naming it, before changing anything', async () => {
    const { name } = await legacyWebsite();
    const rules = [
      { Condition: { KeyPrefixEquals: 'a/' }, Redirect: { ReplaceKeyPrefixWith: 'b/' } },
      { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { HostName: 'elsewhere.example.org', ReplaceKeyWith: 'missing.html' } },
    ];
    await s3.putBucketWebsite(account, name, { IndexDocument: { Suffix: 'index.html' }, RoutingRules: rules });
    const before = t.sandbox.snapshot();
    const res = await migrate(name);
    expect(res.status, res.text).toBe(400);
    expect(res.body.Code).toBe('RoutingRuleNotSupported');
    expect(res.body.Message).toMatch(/^WebsiteConfiguration\.RoutingRules\[1\]: it redirects to another host/);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('removes the function with the distribution once the website is deleted and the reconciler has run', async () => {
    const { name } = await legacyWebsite();
    expect((await migrate(name)).status).toBe(200);
    const before = t.sandbox
      .snapshot()
      .paths()
      .filter((path) => /\/cloudfront\/function\/[^/]+$/.test(path)).length;
    expect((await t.request('DELETE', `sandbox/websites/${name}`)).status).toBe(200);
    clock.advance(HOUR);
    await t.app.get(Reconciler).runOnce('sandbox');
    expect(
      t.sandbox
        .snapshot()
        .paths()
        .filter((path) => /\/cloudfront\/function\/[^/]+$/.test(path)).length,
    ).toBe(before - 1);
  });
});
