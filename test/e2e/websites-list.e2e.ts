import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsAccount, AwsAccountProvider, S3Gateway } from '#aws';
import { DISTRIBUTION_ID_TAG, MANAGED_BY_TAG, ORG_TAG, systemTags } from '../../apps/s3-api/src/common/system-tags.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let account: AwsAccount;
beforeAll(async () => {
  t = await startTestApp();
  account = t.app.get(AwsAccountProvider).resolve('sandbox');
});
afterAll(() => t.close());

/** A bucket carrying these tags, made straight in AWS (as another deployment or a hand would). */
async function taggedBucket(name: string, tags: { Key: string; Value: string }[]): Promise<void> {
  const s3 = t.root(S3Gateway);
  await s3.createBucket(account, name, account.region);
  await s3.putBucketTags(account, name, tags);
}

const listed = async (path = 'sandbox/websites'): Promise<string[]> => {
  const res = await t.request('GET', path);
  expect(res.status, res.text).toBe(200);
  return res.body as string[];
};

describe('GET /{account}/websites', () => {
  it("lists the account's websites and nothing else: no plain bucket, nothing of another org, nothing made by hand", async () => {
    expect(await listed()).toEqual([]);
    for (const site of ['beta.sites.example.com', 'alpha.sites.example.com']) {
      expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: site } } })).status).toBe(202);
    }
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'plain-list-bucket' } } })).status).toBe(202);
    const distribution = { Key: DISTRIBUTION_ID_TAG, Value: 'EDFDVBD6EXAMPLE' };
    await taggedBucket('other-org.sites.example.com', [{ Key: MANAGED_BY_TAG, Value: 's3-api' }, { Key: ORG_TAG, Value: 'another-org' }, distribution]);
    await taggedBucket('by-hand.sites.example.com', [distribution]);
    expect(await listed()).toEqual(['alpha.sites.example.com', 'beta.sites.example.com']);

    expect((await t.request('DELETE', 'sandbox/websites/beta.sites.example.com')).status).toBe(200);
    expect(await listed()).toEqual(['alpha.sites.example.com']);
  });

  it('costs one AWS call per hundred websites, however many other buckets the account holds, and pages like the other lists', async () => {
    const calls = async (): Promise<string[]> => {
      const mark = t.sandbox.calls.mark();
      await listed();
      return t.sandbox.calls.since(mark).map((call) => `${call.service} ${call.operation}`);
    };
    expect(await calls()).toEqual(['tagging GetResources']);
    t.sandbox.seed(account.id, { buckets: 2_000 });
    expect(await calls()).toEqual(['tagging GetResources']);

    for (let i = 0; i < 120; i++) {
      await taggedBucket(`many-${String(i).padStart(3, '0')}.sites.example.com`, systemTags(account, [{ Key: DISTRIBUTION_ID_TAG, Value: `E${i}` }]));
    }
    expect(await calls()).toEqual(['tagging GetResources', 'tagging GetResources']);
    const all = await listed();
    expect(all).toHaveLength(121);

    const first = await t.request('GET', 'sandbox/websites?limit=100');
    expect(first.body).toEqual([...all].sort().slice(0, 100));
    const rest = await t.request('GET', `sandbox/websites?limit=100&next=${String(first.headers['x-next-token'])}`);
    expect(rest.body).toEqual([...all].sort().slice(100));
    expect(rest.headers['x-next-token']).toBeUndefined();
  });

  it('answers a bad limit with 400 ValidationError and an AWS refusal with its mapped error', async () => {
    expect((await t.request('GET', 'sandbox/websites?limit=0')).body.Code).toBe('ValidationError');
    // Every attempt, so that the SDK's retries give up too.
    t.sandbox.faults.add({ operation: 'GetResources', error: { name: 'ThrottledException', httpStatusCode: 400 } });
    const res = await t.request('GET', 'sandbox/websites');
    expect(res.status).toBe(429);
    expect(res.body.Code).toBe('Throttled');
  });
});
