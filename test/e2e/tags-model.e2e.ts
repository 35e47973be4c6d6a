import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AwsAccount,
  AwsAccountProvider,
  claimsBucketName,
  DEFAULT_BUCKET_ADMIN_ACTIONS,
  IamGateway,
  S3Gateway,
  sharedPolicyName,
  taggedAccessPolicy,
  taggedAdminPolicy,
  USER_SCOPE_TAGS,
} from '#aws';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';
const DOMAIN = 'sites.example.com';

let t: TestApp;
let account: AwsAccount;
let iam: IamGateway;

/** Groups, customer managed policies and users of the account, as GetAccountSummary counts them. */
async function usage(): Promise<{ groups: number; policies: number; users: number }> {
  const u = await iam.quotaUsage(account);
  return { groups: u.groups.used, policies: u.policies.used, users: u.users.used };
}

const tagsOf = (user: { Tags: readonly { Key: string; Value: string }[] | null }) => Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key, tag.Value]));

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 's3api-tags-')), 'config.yaml');
  const tagged = (name: string, id: string) => `  - { name: ${name}, id: '${id}', accessModel: tags, domains: { ${DOMAIN}: {} } }\n`;
  writeFileSync(
    path,
    `sandbox: { enabled: true }\naccounts:\n${tagged('sandbox', ID)}${tagged('forged', '222222222222')}${tagged('racing', '333333333333')}${tagged('lost', '444444444444')}${tagged('full', '555555555555')}`,
  );
  t = await startTestApp({ env: { S3API_CONFIG: path } });
  account = t.app.get(AwsAccountProvider).resolve('sandbox');
  iam = t.root(IamGateway);
});
afterAll(() => t?.close());

describe('a bucket in an account of the tags access model', () => {
  it('is made with the shared admin policy and no group, the policy made once for every bucket', async () => {
    const before = await usage();
    const first = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-first' } } });
    expect(first.status, first.text).toBe(202);
    const body = first.body as { Policy: { PolicyName: string; Path: string }; Group: unknown };
    expect(body.Group).toBeNull();
    expect(body.Policy.PolicyName).toMatch(/^s3-api-BktAdmPlc-[0-9a-f]{8}$/);
    expect(body.Policy.Path).toBe('/s3-api/');
    const second = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-second' } } });
    expect(second.status, second.text).toBe(202);
    expect((second.body as { Policy: { Arn: string } }).Policy).toMatchObject({ PolicyName: body.Policy.PolicyName });
    expect(await usage()).toEqual({ ...before, policies: before.policies + 1 });
  });

  it('has users tagged for it, holding the shared policies, and nothing else of theirs in IAM', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-users' } } })).status).toBe(202);
    const before = await usage();
    const admin = await t.request('POST', 'sandbox/buckets/tags-users/users', { body: { User: { UserName: 'tags-admin' } } });
    expect(admin.status, admin.text).toBe(200);
    const reader = await t.request('POST', 'sandbox/buckets/tags-users/users', { body: { User: { UserName: 'tags-rw' }, Groups: ['BktROGrp', 'BktRWGrp'] } });
    expect(reader.status, reader.text).toBe(200);
    // Client tags only, as in the groups model: the scoping tags are the service's.
    expect((admin.body as { User: { Tags: unknown } }).User.Tags).toBeNull();

    const user = await iam.getUser(account, 'tags-rw');
    expect(tagsOf(user!)).toMatchObject({ [USER_SCOPE_TAGS.bucket]: 'tags-users', [USER_SCOPE_TAGS.access]: 'read-write' });
    expect(tagsOf(user!)).not.toHaveProperty(USER_SCOPE_TAGS.prefix);

    const shown = await t.request('GET', 'sandbox/buckets/tags-users/users/tags-rw');
    expect(shown.status, shown.text).toBe(200);
    const details = shown.body as { Groups: unknown[]; Policies: { PolicyName: string }[] };
    expect(details.Groups).toEqual([]);
    expect(details.Policies.map((p) => p.PolicyName)).toEqual([expect.stringMatching(/^s3-api-BktRWPlc-[0-9a-f]{8}$/)]);

    const listed = await t.request('GET', 'sandbox/buckets/tags-users/users');
    expect((listed.body as { UserName: string }[]).map((u) => u.UserName).sort()).toEqual(['tags-admin', 'tags-rw']);
    // Two users, one new shared policy (read-write; the admin one exists), no group.
    expect(await usage()).toEqual({ groups: before.groups, policies: before.policies + 1, users: before.users + 2 });
  });

  it('does not count a user tagged for another bucket as its own, even under its IAM path', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-mine' } } })).status).toBe(202);
    await iam.createUser(account, {
      name: 'tags-stranger',
      path: '/s3-api/tags-mine/',
      tags: [{ Key: USER_SCOPE_TAGS.bucket, Value: 'tags-other' }],
    });
    expect((await t.request('GET', 'sandbox/buckets/tags-mine/users/tags-stranger')).status).toBe(404);
    expect((await t.request('DELETE', 'sandbox/buckets/tags-mine/users/tags-stranger')).status).toBe(404);
  });

  it('loses its users on delete; the shared policies stay for the other buckets', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-gone' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/buckets/tags-gone/users', { body: { User: { UserName: 'tags-gone-ro' }, Groups: ['BktROGrp'] } })).status).toBe(
      200,
    );
    const one = await t.request('DELETE', 'sandbox/buckets/tags-gone/users/tags-gone-ro');
    expect(one.status, one.text).toBe(200);
    expect(one.body).toMatchObject({ UserDeleted: true, Groups: [] });
    expect((await t.request('POST', 'sandbox/buckets/tags-gone/users', { body: { User: { UserName: 'tags-gone-admin' } } })).status).toBe(200);
    const before = await usage();
    const deleted = await t.request('DELETE', 'sandbox/buckets/tags-gone');
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body).toMatchObject({ Users: ['tags-gone-admin'], Groups: [], Policies: [] });
    expect(await usage()).toEqual({ ...before, users: before.users - 1 });
    expect(await iam.getUser(account, 'tags-gone-admin')).toBeNull();
  });

  it("refuses the user past IAM's 5,000 per account, a quota AWS does not raise: 409 QuotaExceeded naming UsersPerAccount, nothing made", async () => {
    const full = t.app.get(AwsAccountProvider).resolve('full');
    expect((await t.request('POST', 'full/buckets', { body: { BucketInput: { Bucket: 'tags-full' } } })).status).toBe(202);
    t.sandbox.seed(full.id, { users: 5_000 - (await iam.quotaUsage(full)).users.used });
    expect((await iam.quotaUsage(full)).users).toEqual({ used: 5_000, quota: 5_000 });
    const before = t.sandbox.snapshot();
    const refused = await t.request('POST', 'full/buckets/tags-full/users', { body: { User: { UserName: 'tags-5001st' } } });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.Code).toBe('QuotaExceeded');
    expect(refused.body.Message).toMatch(/has 5000 of its 5000 IAM users \(quota UsersPerAccount\) and user 'tags-5001st' needs 1 more/);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    // Buckets need no user: the account still holds more of them.
    expect((await t.request('POST', 'full/buckets', { body: { BucketInput: { Bucket: 'tags-full-more' } } })).status).toBe(202);
  });

  it('refuses a user whose shared policy name holds another document, making nothing', async () => {
    const other = t.app.get(AwsAccountProvider).resolve('forged');
    expect((await t.request('POST', 'forged/buckets', { body: { BucketInput: { Bucket: 'tags-forged' } } })).status).toBe(202);
    // Under the service's path, with the name of the read-only policy, but granting admin rights.
    const name = sharedPolicyName('BktROPlc', taggedAccessPolicy('read-only', false));
    await iam.createPolicy(other, { name, document: taggedAdminPolicy(DEFAULT_BUCKET_ADMIN_ACTIONS, false), description: 'not the service', path: '/s3-api/' });
    const before = await iam.quotaUsage(other);
    const refused = await t.request('POST', 'forged/buckets/tags-forged/users', { body: { User: { UserName: 'tags-victim' }, Groups: ['BktROGrp'] } });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body).toMatchObject({ Code: 'AccessNameTaken' });
    expect(await iam.getUser(other, 'tags-victim')).toBeNull();
    expect(await iam.quotaUsage(other)).toEqual(before);
  });
});

describe('the claim on a name in an account of the tags access model', () => {
  const CLAIMS = claimsBucketName(ID);
  const claims = () => t.sandbox.objectKeys(CLAIMS);

  it("is an object in the account's claims bucket, none in IAM, and goes with the bucket", async () => {
    // The account's shared admin policy is made with its first bucket, which this one may be.
    const shared = `arn:aws:iam::${ID}:policy/s3-api/${sharedPolicyName('BktAdmPlc', taggedAdminPolicy(DEFAULT_BUCKET_ADMIN_ACTIONS, false))}`;
    const sharedMade = (await iam.getPolicy(account, shared)) === null ? 1 : 0;
    const before = await usage();
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-claimed' } } })).status).toBe(202);
    expect(claims()).toContain('claims/tags-claimed');
    expect(await usage()).toEqual({ ...before, policies: before.policies + sharedMade });
    const deleted = await t.request('DELETE', 'sandbox/buckets/tags-claimed');
    expect(deleted.status, deleted.text).toBe(200);
    expect(claims()).not.toContain('claims/tags-claimed');
    // The name is free again.
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-claimed' } } })).status).toBe(202);
  });

  it('refuses a create while another request holds the name, making nothing and leaving its claim', async () => {
    await t.root(S3Gateway).putObject(account, CLAIMS, 'claims/tags-held', 'tags-held\n', {
      contentType: 'text/plain',
      tags: [{ Key: 's3-api:request', Value: 'another' }],
    });
    const bucket = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-held' } } });
    expect(bucket.status, bucket.text).toBe(409);
    expect(bucket.body).toMatchObject({ Code: 'BucketAlreadyExists' });
    expect(t.sandbox.hasBucket('tags-held')).toBe(false);
    expect(await t.root(S3Gateway).getObjectTags(account, CLAIMS, 'claims/tags-held')).toEqual([{ Key: 's3-api:request', Value: 'another' }]);
  });

  it("is its own request's when the write took effect but its answer was lost: the SDK's retry hears 412, and the create goes on", async () => {
    t.sandbox.faults.add({ operation: 'PutObject', nth: 1, error: 'lost' });
    const made = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-lost-claim' } } });
    t.sandbox.faults.clear();
    expect(made.status, made.text).toBe(202);
    expect(t.sandbox.calls.list({ operation: 'PutObject' }).slice(-2)).toMatchObject([
      { outcome: 'error', faulted: true, applied: true },
      { outcome: 'error', errorName: 'PreconditionFailed' },
    ]);
    expect(claims()).toContain('claims/tags-lost-claim');
  });

  it('is refused while the IAM claim of a bucket made before the account moved to the tags model still holds the name', async () => {
    await iam.createPolicy(account, {
      name: 'tags-older-BktAdmPlc',
      document: taggedAdminPolicy(DEFAULT_BUCKET_ADMIN_ACTIONS, false),
      description: 'the claim of a groups-model bucket being deleted',
      path: '/s3-api/tags-older/',
    });
    const refused = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'tags-older' } } });
    expect(refused.status, refused.text).toBe(409);
    expect(t.sandbox.hasBucket('tags-older')).toBe(false);
    // Its own claim, made beside the read, is undone.
    expect(claims()).not.toContain('claims/tags-older');
  });

  it('answers 503 naming the claims bucket when the deployment has not made it, making nothing', async () => {
    const lost = t.app.get(AwsAccountProvider).resolve('lost');
    await t.root(S3Gateway).deleteBucket(lost, claimsBucketName(lost.id));
    const refused = await t.request('POST', 'lost/buckets', { body: { BucketInput: { Bucket: 'tags-unclaimable' } } });
    t.sandbox.createBucket(lost.id, claimsBucketName(lost.id));
    expect(refused.status, refused.text).toBe(503);
    expect(refused.text).toContain(claimsBucketName(lost.id));
    expect(t.sandbox.hasBucket('tags-unclaimable')).toBe(false);
  });
});

describe('a website in an account of the tags access model', () => {
  const SITE = `tags-site.${DOMAIN}`;

  it('is made with the shared admin and web-admin policies and no group; its users are scoped by their tags', async () => {
    const before = await usage();
    const made = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: SITE } } });
    expect(made.status, made.text).toBe(202);
    const body = made.body as {
      Group: unknown;
      Groups: unknown[];
      Policy: { PolicyName: string };
      Policies: { PolicyName: string }[];
      Distribution: { Id: string };
    };
    expect(body.Group).toBeNull();
    expect(body.Groups).toEqual([]);
    expect(body.Policy.PolicyName).toMatch(/^s3-api-SiteAdmPlc-[0-9a-f]{8}$/);
    expect(body.Policies.map((p) => p.PolicyName)).toEqual([body.Policy.PolicyName, expect.stringMatching(/^s3-api-WebAdmPlc-[0-9a-f]{8}$/)]);

    const create = (user: string, extra: object = {}) => t.request('POST', `sandbox/websites/${SITE}/users`, { body: { User: { UserName: user }, ...extra } });
    expect((await create('tags-site-admin')).status).toBe(200);
    expect((await create('tags-site-docs', { User: { UserName: 'tags-site-docs', Path: '/docs/one/' }, Groups: ['BktROGrp'] })).status).toBe(200);
    expect((await create('tags-site-cache', { Groups: ['WebAdmGrp'] })).status).toBe(200);
    const distribution = body.Distribution.Id;
    expect(tagsOf((await iam.getUser(account, 'tags-site-admin'))!)).toMatchObject({
      [USER_SCOPE_TAGS.bucket]: SITE,
      [USER_SCOPE_TAGS.access]: 'admin',
      [USER_SCOPE_TAGS.distribution]: distribution,
    });
    const docs = tagsOf((await iam.getUser(account, 'tags-site-docs'))!);
    expect(docs).toMatchObject({ [USER_SCOPE_TAGS.bucket]: SITE, [USER_SCOPE_TAGS.access]: 'read-only', [USER_SCOPE_TAGS.prefix]: 'docs/one' });
    expect(docs).not.toHaveProperty(USER_SCOPE_TAGS.distribution);
    const cache = tagsOf((await iam.getUser(account, 'tags-site-cache'))!);
    expect(cache).toMatchObject({ [USER_SCOPE_TAGS.distribution]: distribution });
    expect(cache).not.toHaveProperty(USER_SCOPE_TAGS.access);
    const attached = async (user: string) => (await iam.listAttachedUserPolicies(account, user)).map((p) => p.PolicyName.replace(/-[0-9a-f]{8}$/, '')).sort();
    expect(await attached('tags-site-admin')).toEqual(['s3-api-SiteAdmPlc', 's3-api-WebAdmPlc']);
    expect(await attached('tags-site-docs')).toEqual(['s3-api-PathROPlc']);
    expect(await attached('tags-site-cache')).toEqual(['s3-api-WebAdmPlc']);

    const deleted = await t.request('DELETE', `sandbox/websites/${SITE}`);
    expect(deleted.status, deleted.text).toBe(200);
    expect((deleted.body as { Users: string[] }).Users.sort()).toEqual(['tags-site-admin', 'tags-site-cache', 'tags-site-docs']);
    // The shared policies stay (one per kind used); no group was ever made.
    expect(await usage()).toEqual({ ...before, policies: before.policies + 3 });
  });
});

describe('the shared policies of an account', () => {
  it('are made once when the first buckets are made at the same time, by several replicas or one', async () => {
    const racing = t.app.get(AwsAccountProvider).resolve('racing');
    const before = (await iam.quotaUsage(racing)).policies.used;
    const made = await Promise.all(
      Array.from({ length: 4 }, (_, i) => t.request('POST', 'racing/buckets', { body: { BucketInput: { Bucket: `tags-race-${i}` } }, atOnce: true })),
    );
    expect(made.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(made.map((r) => (r.body as { Policy: { Arn: string } }).Policy.Arn)).size).toBe(1);
    expect((await iam.quotaUsage(racing)).policies.used).toBe(before + 1);
  });

  it('are used when a CreatePolicy took effect but its answer was lost, and IAM does not show the policy yet', async () => {
    const lost = t.app.get(AwsAccountProvider).resolve('lost');
    const name = sharedPolicyName('BktAdmPlc', taggedAdminPolicy(DEFAULT_BUCKET_ADMIN_ACTIONS, false));
    const before = (await iam.quotaUsage(lost)).policies.used;
    // What a lost answer leaves: the policy made, not yet visible to the service's next reads.
    await iam.createPolicy(lost, {
      name,
      document: taggedAdminPolicy(DEFAULT_BUCKET_ADMIN_ACTIONS, false),
      description: 'made, answer lost',
      path: '/s3-api/',
    });
    const made = await t.request('POST', 'lost/buckets', { body: { BucketInput: { Bucket: 'tags-lost' } }, atOnce: true });
    expect(made.status, made.text).toBe(202);
    expect((made.body as { Policy: { PolicyName: string } }).Policy.PolicyName).toBe(name);
    expect((await iam.quotaUsage(lost)).policies.used).toBe(before + 1);
  });
});
