import { CreateDistributionWithTagsCommand } from '@aws-sdk/client-cloudfront';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccountProvider, Route53Gateway, S3Gateway } from '#aws';
import { createSandboxClients, websiteDistributionConfig } from '#aws-sandbox';
import { WebsiteOrigins } from '../../apps/s3-api/src/websites/website-origins.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('a website with its own index document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("serves it at the site's root, not index.html", async () => {
    const res = await t.request('POST', 'sandbox/websites', {
      body: { BucketInput: { Bucket: 'home.sites.example.com' }, WebsiteConfiguration: { IndexDocument: { Suffix: 'home.html' } } },
    });
    expect(res.status).toBe(202);
    expect(res.body.Distribution.DistributionConfig.DefaultRootObject).toBe('home.html');
  });
});

describe('a website of an account whose access logs have no prefix', () => {
  let t: TestApp;
  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 's3api-log-prefix-')), 'config.yaml');
    writeFileSync(
      path,
      "sandbox: { enabled: true }\naccounts:\n  - { name: sandbox, id: '111111111111', domains: { sites.example.com: {} }, accessLog: { bucket: 'site-logs-{account_id}' } }\n",
    );
    t = await startTestApp({ env: { S3API_CONFIG: path } });
  });
  afterAll(() => t.close());

  it("logs under the site's name at the top of the log bucket", async () => {
    const name = 'logged.sites.example.com';
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: name } } })).status).toBe(202);
    const account = t.app.get(AwsAccountProvider).resolve('sandbox');
    expect(await t.root(S3Gateway).getBucketLogging(account, name)).toMatchObject({ TargetBucket: 'site-logs-111111111111', TargetPrefix: `${name}/` });
  });
});

describe('a website create over stale DNS records', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('succeeds and points the records at the new distribution (an applied change whose answer was lost leaves such records)', async () => {
    const name = 'stale.sites.example.com';
    const account = t.app.get(AwsAccountProvider).resolve('sandbox');
    const zone = account.domains['sites.example.com']!.hostedZoneId;
    const route53 = t.root(Route53Gateway);
    const stale = 'd0ld0ld0ld0ld0.cloudfront.net';
    await route53.changeAliasRecords(
      account,
      zone,
      'CREATE',
      [
        { name, type: 'A', target: stale },
        { name, type: 'AAAA', target: stale },
      ],
      'left over',
    );

    const created = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: name } } });
    expect(created.status, created.text).toBe(202);
    const record = await route53.getAliasRecord(account, zone, name, 'AAAA');
    expect(record?.AliasTarget.DNSName).toBe(`${created.body.Distribution.DomainName}.`);
    expect((await t.request('DELETE', `sandbox/websites/${name}`)).status).toBe(200);
    expect(await route53.getAliasRecord(account, zone, name, 'A')).toBeNull();
  });
});

describe("the seed's shapes of a website", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('nests the origin settings and carries the seed keys of the distribution and the DNS record', async () => {
    const created = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'shapes.sites.example.com' } } });
    expect(created.status).toBe(202);
    const config = created.body.Distribution.DistributionConfig;
    expect(config.Origins.Items[0]).toEqual({
      Id: 'shapes.sites.example.com',
      DomainName: 'shapes.sites.example.com.s3.us-east-1.amazonaws.com',
      OriginPath: '',
      OriginAccessControlId: expect.stringMatching(/^E[A-Z0-9]{13}$/),
      S3OriginConfig: { OriginAccessIdentity: '' },
      CustomOriginConfig: null,
    });
    expect(config.ViewerCertificate).toMatchObject({ CertificateSource: 'acm', SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    expect(config.DefaultCacheBehavior.TrustedSigners).toEqual({ Enabled: false, Quantity: 0, Items: null });
    expect(Object.keys(config)).toEqual(expect.arrayContaining(['Logging', 'Restrictions']));
    const shown = await t.request('GET', 'sandbox/websites/shapes.sites.example.com');
    expect(shown.body.DNSRecord).toMatchObject({
      Type: 'A',
      TTL: null,
      SetIdentifier: null,
      ResourceRecords: null,
      AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2' },
    });
  });
});

describe('a website create of a name that a distribution of another account serves', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 409 WebsiteAlreadyExists before it takes the bucket name, which is global too: the distribution comes first', async () => {
    const name = 'held.sites.example.com';
    const other = '222222222222';
    const certificate = t.sandbox.addCertificate(other, 'sites.example.com');
    const elsewhere = createSandboxClients(t.sandbox, other);
    await elsewhere.cloudfront.send(
      new CreateDistributionWithTagsCommand({
        DistributionConfigWithTags: {
          DistributionConfig: {
            ...websiteDistributionConfig({ reference: 'elsewhere', alias: name, origin: name }),
            ViewerCertificate: { ACMCertificateArn: certificate, SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
          },
          Tags: { Items: [] },
        },
      }),
    );
    elsewhere.destroy();
    // The account's origin access control is made with its first website and kept: it is there already.
    await t.app.get(WebsiteOrigins).originAccessControl(t.app.get(AwsAccountProvider).resolve('sandbox'));
    const before = t.sandbox.snapshot();
    const mark = t.sandbox.calls.mark();
    const res = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: name } } });
    expect(res.status, res.text).toBe(409);
    expect(res.body.Code).toBe('WebsiteAlreadyExists');
    expect(t.sandbox.calls.since(mark).map((call) => call.operation)).not.toContain('CreateBucket');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });
});
