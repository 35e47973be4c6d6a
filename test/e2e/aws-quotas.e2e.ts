import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { sandboxClients } from '../support/sandbox-clients.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const groupsInAccount = async (): Promise<number> => (await sandboxClients(t.sandbox, ID).iam.send(new GetAccountSummaryCommand({}))).SummaryMap!.Groups!;

/** Fills the account up to `groups` IAM groups, as many buckets would (AWS's default quota: 300). */
async function fillGroupsTo(groups: number): Promise<void> {
  t.sandbox.seed(ID, { groups: groups - (await groupsInAccount()) });
}

/**
 * A bucket of the test's own that takes the account's 300th IAM group (AWS's default quota), the others
 * seeded; deleted with its groups and users when the test ends, which leaves the account at 299.
 */
async function bucketAtGroupQuota(bucket: string): Promise<void> {
  await fillGroupsTo(299);
  const made = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: bucket } } });
  expect(made.status, made.text).toBe(202);
  onTestFinished(async () => {
    const deleted = await t.request('DELETE', `sandbox/buckets/${bucket}`);
    expect(deleted.status, deleted.text).toBe(200);
  });
  expect(await groupsInAccount()).toBe(300);
}

/** A bucket or website create's claim on its name (its admin policy), made first and released at once when the create is refused. */
const CLAIM = ['CreatePolicy', 'DeletePolicy'];

/**
 * A refusal for a quota: 409 QuotaExceeded naming it and the account's usage, no Retry-After, nothing
 * left; `writes`, the AWS writes tried (in any order): none but a create's claim on its name for an IAM
 * quota, read before anything else is made; for an S3 or CloudFront quota, also the write the quota
 * refused and the undo of what was made beside it.
 */
async function expectRefusedForQuota(
  request: () => Promise<{ status: number; body: any; headers: Record<string, unknown>; text: string }>,
  named: RegExp,
  writes: readonly string[],
) {
  const before = t.sandbox.snapshot();
  const mark = t.sandbox.calls.mark();
  const res = await request();
  const tried = t.sandbox.calls
    .since(mark)
    .map((call) => call.operation)
    .filter((operation) => !/^(Get|Head|List|Describe)/.test(operation));
  expect(tried.sort()).toEqual([...writes].sort());
  expect(res.status, res.text).toBe(409);
  expect(res.body.Code).toBe('QuotaExceeded');
  expect(res.body.Message).toMatch(named);
  expect(res.headers['retry-after']).toBeUndefined();
  expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
}

describe('AWS account quotas at their defaults', () => {
  it('the bucket that would be the 301st IAM group answers 409 QuotaExceeded, naming the quota and the usage, with nothing made', async () => {
    await bucketAtGroupQuota('quota-300th');
    await expectRefusedForQuota(
      () => t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'quota-301st' } } }),
      /has 300 of its 300 IAM groups \(quota GroupsPerAccount\) and bucket 'quota-301st' needs 1 more/,
      CLAIM,
    );
    expect(t.sandbox.hasBucket('quota-301st')).toBe(false);
  });

  it('a website needs two groups, a user its groups made on first use: refused before anything is made', async () => {
    await bucketAtGroupQuota('quota-users');
    await expectRefusedForQuota(
      () => t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'quota.sites.example.com' } } }),
      /IAM groups \(quota GroupsPerAccount\) and website 'quota.sites.example.com' needs 2 more/,
      CLAIM,
    );
    await expectRefusedForQuota(
      () => t.request('POST', 'sandbox/buckets/quota-users/users', { body: { User: { UserName: 'quota-reader' }, Groups: ['BktROGrp'] } }),
      /and user 'quota-reader' needs 1 more/,
      [],
    );
    // Only the groups it lacks count: the admin group is there.
    await expectRefusedForQuota(
      () => t.request('POST', 'sandbox/buckets/quota-users/users', { body: { User: { UserName: 'quota-admin-reader' }, Groups: ['BktAdmGrp', 'BktROGrp'] } }),
      /and user 'quota-admin-reader' needs 1 more/,
      [],
    );
    // Joining the groups that exist needs no new one.
    expect((await t.request('POST', 'sandbox/buckets/quota-users/users', { body: { User: { UserName: 'quota-admin' } } })).status).toBe(200);
  });

  it('S3 and CloudFront quotas answer 409 QuotaExceeded too, with nothing left behind', async () => {
    t.sandbox.setQuotas('222222222222', { buckets: (await t.request('GET', 'sandbox2/buckets')).body.length });
    await expectRefusedForQuota(
      () => t.request('POST', 'sandbox2/buckets', { body: { BucketInput: { Bucket: 'quota-s3' } } }),
      /TooManyBuckets/,
      // The admin group is made beside the bucket, and undone with the claim.
      [...CLAIM, 'CreateBucket', 'CreateGroup', 'AttachGroupPolicy', 'DetachGroupPolicy', 'DeleteGroup'],
    );
    // The account's origin access control is made with its first website, and kept.
    t.sandbox.setQuotas('222222222222', { buckets: 10_000 });
    expect((await t.request('POST', 'sandbox2/websites', { body: { BucketInput: { Bucket: 'first.sites.example.com' } } })).status).toBe(202);
    expect((await t.request('DELETE', 'sandbox2/websites/first.sites.example.com')).status).toBe(200);
    t.sandbox.setQuotas('222222222222', { buckets: 10_000, distributions: 0 });
    await expectRefusedForQuota(
      () => t.request('POST', 'sandbox2/websites', { body: { BucketInput: { Bucket: 'quota-cf.sites.example.com' } } }),
      /TooManyDistributions/,
      // The site's function is made, published, and deleted again when the distribution is refused.
      [...CLAIM, 'CreateFunction', 'PublishFunction', 'CreateDistributionWithTags', 'DeleteFunction'],
    );
  });
});
