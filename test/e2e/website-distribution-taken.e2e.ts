import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsAccount, AwsAccountProvider, CloudFrontGateway, S3Gateway } from '#aws';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A website whose distribution someone took out of the service's hands (its tags changed outside the
 * service): the service's role may act only on distributions that carry its tags (deploy/iam), so the
 * sandbox, which evaluates that policy, refuses it; each route refuses the website before anything changes.
 * (A distribution deleted outside the service is answered as gone: see websites.e2e.ts.)
 */

const DOMAIN = 'sites.example.com';

let t: TestApp;
let account: AwsAccount;
let s3: S3Gateway;
let cloudFront: CloudFrontGateway;
let counter = 0;

const siteName = (): string => `taken${++counter}.${DOMAIN}`;

async function created(name: string, extra: object = {}) {
  const response = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: name }, ...extra } });
  expect(response.status, response.text).toBe(202);
  return response.body;
}

/** Someone takes the website's distribution out of the service's hands: without its managed-by tag, the service's role may not act on it. */
const untagElsewhere = (arn: string): Promise<void> => cloudFront.untagResource(account, arn, ['s3-api:managed-by']);

/**
 * Makes a website, takes its distribution out of the service's hands (`take`), then sends the route,
 * which must answer 403 DistributionNotManaged and change nothing.
 */
async function refusedUnchanged(method: Parameters<TestApp['request']>[0], route: string, body?: object, take = untagElsewhere) {
  const name = siteName();
  const { Distribution } = await created(name);
  await take(Distribution.ARN);
  const before = t.sandbox.snapshot();
  const refused = await t.request(method, `sandbox/websites/${name}${route}`, body ? { body } : {});
  expect(refused.status, refused.text).toBe(403);
  expect(refused.body.Code).toBe('DistributionNotManaged');
  expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  return { name, Distribution, refused };
}

beforeAll(async () => {
  t = await startTestApp();
  account = t.app.get(AwsAccountProvider).resolve('sandbox');
  s3 = t.root(S3Gateway);
  cloudFront = t.root(CloudFrontGateway);
});

afterAll(async () => {
  await t?.close();
});

describe('GET /{account}/websites/{website}', () => {
  it('403 DistributionNotManaged when its distribution no longer carries the service tags, and shows nothing of it', async () => {
    const { Distribution, refused } = await refusedUnchanged('GET', '');
    expect(refused.body.Message).toContain(Distribution.Id);
    expect(refused.text).not.toContain(Distribution.DomainName);
  });

  it('answers a failure of the distribution read other than a refusal as that failure (503), not as a distribution that is not managed', async () => {
    const name = siteName();
    await created(name);
    const down = t.sandbox.faults.add({ operation: 'GetDistribution', error: { name: 'ServiceUnavailable', httpStatusCode: 503 } });
    const shown = await t.request('GET', `sandbox/websites/${name}`);
    t.sandbox.faults.remove(down);
    expect(shown.status, shown.text).toBe(503);
  });
});

/**
 * AWS refuses the service an action on a distribution that still carries the service's tags: a right
 * its own policy lacks (a policy deployed without it), which is no sign that the distribution changed
 * hands. The route answers AWS's refusal of the service, and changes nothing.
 */
async function deniedUnchanged(method: Parameters<TestApp['request']>[0], route: string, operation: string, body?: object) {
  const name = siteName();
  await created(name);
  const before = t.sandbox.snapshot();
  const denied = t.sandbox.faults.add({ operation, error: { name: 'AccessDenied', httpStatusCode: 403 } });
  const refused = await t.request(method, `sandbox/websites/${name}${route}`, body ? { body } : {});
  t.sandbox.faults.remove(denied);
  expect([refused.status, refused.body.Code], refused.text).toEqual([403, 'AwsAccessDenied']);
  expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
}

describe('a failure other than a refusal on a distribution that no longer carries the service tags', () => {
  it('GET answers that failure (503), not DistributionNotManaged: it may pass, where a distribution taken does not come back', async () => {
    const name = siteName();
    const { Distribution } = await created(name);
    await untagElsewhere(Distribution.ARN);
    const down = t.sandbox.faults.add({ operation: 'GetDistribution', error: { name: 'ServiceUnavailable', httpStatusCode: 503 } });
    const shown = await t.request('GET', `sandbox/websites/${name}`);
    t.sandbox.faults.remove(down);
    expect(shown.status, shown.text).toBe(503);
  });
});

describe('a right missing from the service policy on a distribution it still manages', () => {
  it('GET answers 403 AwsAccessDenied, not DistributionNotManaged', async () => {
    await deniedUnchanged('GET', '', 'GetDistribution');
  });

  it('PATCH with a cache invalidation answers 403 AwsAccessDenied, not DistributionNotManaged, and makes no invalidation', async () => {
    await deniedUnchanged('PATCH', '', 'CreateInvalidation', { CacheInvalidation: ['/*'] });
  });
});

describe('PUT /{account}/websites/{website}', () => {
  it("403 DistributionNotManaged when its distribution carries another org's tag, and changes nothing (its lock released)", async () => {
    // Still managed by s3-api, but for another org: the service's rights need both tags.
    const otherOrg = (arn: string) => cloudFront.tagResource(account, arn, [{ Key: 's3-api:org', Value: `not-${account.org}` }]);
    await refusedUnchanged('PUT', '', { Tags: [{ Key: 'New', Value: '2' }] }, otherOrg);
  });
});

describe('PATCH /{account}/websites/{website}', () => {
  it('403 DistributionNotManaged when its distribution no longer carries the service tags, and makes no invalidation', async () => {
    await refusedUnchanged('PATCH', '', { CacheInvalidation: ['/*'] });
  });
});

describe('POST /{account}/websites/{website}/migrate', () => {
  it('403 DistributionNotManaged, before anything changes', async () => {
    await refusedUnchanged('POST', '/migrate');
  });
});

describe('DELETE /{account}/websites/{website}', () => {
  it('403 DistributionNotManaged, and removes nothing: a bucket deleted under a live distribution would let anyone take its name and serve on the domain', async () => {
    const { name, Distribution } = await refusedUnchanged('DELETE', '');
    expect(await s3.headBucket(account, name)).not.toBe('missing');
    expect((await cloudFront.getDistribution(account, Distribution.Id))!.distribution.DistributionConfig).toMatchObject({
      Enabled: true,
      Aliases: { Items: [name] },
    });
  });
});
