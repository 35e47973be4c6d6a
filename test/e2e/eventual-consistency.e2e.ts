import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxClients } from '#aws-sandbox';
import { pathsMentioning, startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** The AWS answers the service met since `mark`, by operation and error: what AWS asked it to wait for. */
const refusals = (mark: number): string[] =>
  t.sandbox.calls
    .since(mark)
    .filter((call) => call.outcome === 'error')
    .map((call) => `${call.operation}:${call.errorName}`);

/** A bucket of the test's own, settled: what the test then does right after something else is its own race. */
const bucketOfItsOwn = async (bucket: string): Promise<void> => {
  expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: bucket } } })).status).toBe(202);
};

describe('on AWS as it really is: eventually consistent', () => {
  it('a key reset right after the user was created revokes the first key, which IAM did not list yet', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'ec-reset' } } })).status).toBe(202);
    const created = await t.request('POST', 'sandbox/buckets/ec-reset/users', { body: { User: { UserName: 'ec-reset-user' } } });
    expect(created.status).toBe(200);
    const first = created.body.AccessKey.AccessKeyId;
    const mark = t.sandbox.calls.mark();
    const reset = await t.request('PUT', 'sandbox/buckets/ec-reset/users/ec-reset-user', { atOnce: true });
    expect(reset.status, reset.text).toBe(200);
    // IAM did not show the user, nor its key, at first.
    expect(refusals(mark)).toContain('GetUser:NoSuchEntityException');
    expect(reset.body.DeletedKeyIds).toEqual([first]);
    const { AccessKeyMetadata } = await createSandboxClients(t.sandbox, ID).iam.send(new ListAccessKeysCommand({ UserName: 'ec-reset-user' }));
    expect(AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([reset.body.AccessKey.AccessKeyId]);
  });

  it('a key reset right after another answers the key it revoked, not the one IAM still listed that the other had revoked', async () => {
    await bucketOfItsOwn('ec-rereset');
    const created = await t.request('POST', 'sandbox/buckets/ec-rereset/users', { body: { User: { UserName: 'ec-rereset' } } });
    const first = await t.request('PUT', 'sandbox/buckets/ec-rereset/users/ec-rereset');
    expect(first.status).toBe(200);
    const mark = t.sandbox.calls.mark();
    const second = await t.request('PUT', 'sandbox/buckets/ec-rereset/users/ec-rereset', { atOnce: true });
    expect(second.status, second.text).toBe(200);
    // IAM still listed the user's first key: the reset found it gone, and looked again for the key that replaced it.
    expect(refusals(mark)).toContain('DeleteAccessKey:NoSuchEntityException');
    expect(t.sandbox.calls.since(mark, { operation: 'DeleteAccessKey' }).map((call) => (call.input as { AccessKeyId: string }).AccessKeyId)).toContain(
      created.body.AccessKey.AccessKeyId,
    );
    expect(second.body.DeletedKeyIds).toEqual([first.body.AccessKey.AccessKeyId]);
    const { AccessKeyMetadata } = await createSandboxClients(t.sandbox, ID).iam.send(new ListAccessKeysCommand({ UserName: 'ec-rereset' }));
    expect(AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([second.body.AccessKey.AccessKeyId]);
  });

  it('a bucket create waits out S3 answering its new bucket as missing, and never rolls back for it', async () => {
    const mark = t.sandbox.calls.mark();
    const res = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'ec-create' }, Lifecycle: 'deep-archive' }, atOnce: true });
    expect(res.status, res.text).toBe(202);
    // Its tags go last, once the settings before them have waited the bucket out.
    expect(refusals(mark)).toEqual(expect.arrayContaining(['PutBucketEncryption:NoSuchBucket']));
    expect(t.sandbox.calls.since(mark).map((call) => call.operation)).not.toContain('DeleteBucket');
    const shown = await t.request('GET', 'sandbox/buckets/ec-create');
    expect(shown.body).toMatchObject({ Encryption: 'AES256', Logging: { TargetPrefix: 's3/ec-create/' } });
  });

  it('a website create waits out its new bucket refusing the policy that lets its distribution read it, and never relaxes Block Public Access', async () => {
    const mark = t.sandbox.calls.mark();
    const res = await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'ec.sites.example.com' } }, atOnce: true });
    expect(res.status, res.text).toBe(202);
    expect(refusals(mark)).toContain('PutBucketPolicy:NoSuchBucket');
    const blocks = t.sandbox.calls
      .since(mark, { operation: 'PutPublicAccessBlock' })
      .map((call) => (call.input as { PublicAccessBlockConfiguration: object }).PublicAccessBlockConfiguration);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(Object.values(block)).toEqual([true, true, true, true]);
  });

  it('a user shown right after its create is found, once IAM shows it', async () => {
    await bucketOfItsOwn('ec-shown');
    const created = await t.request('POST', 'sandbox/buckets/ec-shown/users', { body: { User: { UserName: 'ec-shown' } } });
    expect(created.status).toBe(200);
    const mark = t.sandbox.calls.mark();
    const res = await t.request('GET', 'sandbox/buckets/ec-shown/users/ec-shown', { atOnce: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body.User.UserName).toBe('ec-shown');
    // IAM did not show the user at first; once it does, the user is shown whole.
    expect(refusals(mark)).toContain('GetUser:NoSuchEntityException');
    expect(res.body.AccessKeys.map((k: { AccessKeyId: string }) => k.AccessKeyId)).toEqual([created.body.AccessKey.AccessKeyId]);
    expect(res.body.Groups.map((g: { GroupName: string }) => g.GroupName)).toEqual(['ec-shown-BktAdmGrp']);
    expect(res.body.Policies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual(['ec-shown-BktAdmPlc']);
  });

  it('a second user right after the first, in a group made a moment ago, joins it instead of answering a name conflict', async () => {
    await bucketOfItsOwn('ec-joined');
    expect((await t.request('POST', 'sandbox/buckets/ec-joined/users', { body: { User: { UserName: 'ec-rw-1' }, Groups: ['BktRWGrp'] } })).status).toBe(200);
    const mark = t.sandbox.calls.mark();
    const second = await t.request('POST', 'sandbox/buckets/ec-joined/users', { body: { User: { UserName: 'ec-rw-2' }, Groups: ['BktRWGrp'] }, atOnce: true });
    expect(second.status, second.text).toBe(200);
    // IAM did not show the group yet, so the service tried to make it; AWS refused the name.
    expect(refusals(mark)).toContain('CreateGroup:EntityAlreadyExistsException');
    const shown = await t.request('GET', 'sandbox/buckets/ec-joined/users/ec-rw-2');
    expect(shown.body.Groups.map((g: { GroupName: string }) => g.GroupName)).toEqual(['ec-joined-BktRWGrp']);
  });

  it('a user deleted right after a key reset goes with the key the reset made, and answers that key only', async () => {
    await bucketOfItsOwn('ec-leaving');
    const created = await t.request('POST', 'sandbox/buckets/ec-leaving/users', { body: { User: { UserName: 'ec-leaving' } } });
    expect(created.status).toBe(200);
    const reset = await t.request('PUT', 'sandbox/buckets/ec-leaving/users/ec-leaving');
    expect(reset.status).toBe(200);
    const mark = t.sandbox.calls.mark();
    const res = await t.request('DELETE', 'sandbox/buckets/ec-leaving/users/ec-leaving', { atOnce: true });
    expect(res.status, res.text).toBe(200);
    // IAM still listed the key the reset had deleted, not the one it made: the delete found the first
    // gone, met the new one when IAM refused to delete the user, and removed it before the user went.
    expect(refusals(mark)).toEqual(expect.arrayContaining(['DeleteAccessKey:NoSuchEntityException', 'DeleteUser:DeleteConflictException']));
    const keyDeletes = t.sandbox.calls
      .since(mark, { operation: 'DeleteAccessKey' })
      .map((call) => [(call.input as { AccessKeyId: string }).AccessKeyId, call.outcome]);
    expect(keyDeletes).toContainEqual([created.body.AccessKey.AccessKeyId, 'error']);
    expect(res.body).toEqual({
      UserName: 'ec-leaving',
      UserDeleted: true,
      DeletedKeyIds: [reset.body.AccessKey.AccessKeyId],
      Groups: ['ec-leaving-BktAdmGrp'],
    });
    expect(pathsMentioning(t.sandbox, '/iam/user/ec-leaving')).toEqual([]);
  });

  it('a bucket deleted right after its create and its first user takes all of their IAM with it', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'ec-brief' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/buckets/ec-brief/users', { body: { User: { UserName: 'ec-brief-user' } }, atOnce: true })).status).toBe(200);
    const res = await t.request('DELETE', 'sandbox/buckets/ec-brief', { atOnce: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ Users: ['ec-brief-user'], Groups: ['ec-brief-BktAdmGrp'], Policies: ['ec-brief-BktAdmPlc'] });
    expect(pathsMentioning(t.sandbox, 'ec-brief')).toEqual([]);
  });

  it('a website deleted right after its create leaves nothing but its disabled distribution', async () => {
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'brief.sites.example.com' } } })).status).toBe(202);
    const res = await t.request('DELETE', 'sandbox/websites/brief.sites.example.com', { atOnce: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body.Groups.sort()).toEqual(['brief.sites.example.com-BktAdmGrp', 'brief.sites.example.com-WebAdmGrp']);
    const left = t.sandbox
      .snapshot()
      .paths()
      .filter((path) => path.includes('brief.sites.example.com') && !path.includes('/cloudfront/'));
    expect(left).toEqual([]);
  });

  it('a bucket created again right after its delete answers 409 BucketNameReleasing, with nothing made', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'ec-recycled' } } })).status).toBe(202);
    expect((await t.request('DELETE', 'sandbox/buckets/ec-recycled')).status).toBe(200);
    const before = t.sandbox.snapshot();
    const res = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'ec-recycled' } }, atOnce: true });
    expect(res.status, res.text).toBe(409);
    expect(res.body.Code).toBe('BucketNameReleasing');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    // Once S3 has released the name, it can be had again.
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'ec-recycled' } } })).status).toBe(202);
  });
});
