import { AttachGroupPolicyCommand } from '@aws-sdk/client-iam';
import { PutBucketWebsiteCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccountProvider, legacyBucketName, S3Gateway } from '#aws';
import { sandboxClients } from '../support/sandbox-clients.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';
const LEGACY = legacyBucketName(ID);
const LOG_BUCKET = `s3-api-access-logs-${ID}`;
const PATH = (bucket: string) => `/s3-api/${bucket}/`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const sandboxAccount = () => t.app.get(AwsAccountProvider).resolve('sandbox');
const adopt = (bucket: string, account = 'sandbox') => t.request('POST', `${account}/buckets/${bucket}/adopt`);
const state = (path: string): any => t.sandbox.snapshot().get(`${ID}/${path}`);
const paths = (prefix: string): string[] =>
  t.sandbox
    .snapshot()
    .paths()
    .filter((p) => p.startsWith(`${ID}/${prefix}`));

/** A bucket older tooling made, with its groups and policies at path `/`, as in the seed. */
function legacyBucket(bucket: string, groups: { kind: 'Adm' | 'RW' | 'RO'; users: string[] }[]): void {
  t.sandbox.createBucket(ID, bucket);
  for (const { kind, users } of groups) {
    t.sandbox.addGroup(ID, {
      name: `${bucket}-Bkt${kind}Grp`,
      policy: {
        name: `${bucket}-Bkt${kind}Plc`,
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/${kind}/*` }] },
      },
      users: users.map((name) => ({ name })),
    });
  }
}

describe('POST /{account}/buckets/{bucket}/adopt', () => {
  it("takes over the seeded legacy bucket: groups and users move under the service's path, policies are recreated there", async () => {
    const groups = [`${LEGACY}-BktAdmGrp`, `${LEGACY}-BktRWGrp`];
    const policies = [`${LEGACY}-BktAdmPlc`, `${LEGACY}-BktRWPlc`];
    const documents = policies.map((p) => state(`iam/policy/${p}/version/v1`));
    const keys = paths('iam/user/legacy-reports-admin/access-key/');
    expect(keys).toHaveLength(1);

    const res = await adopt(LEGACY);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ Bucket: LEGACY, Groups: groups, Policies: policies, Users: ['legacy-reports-admin', 'legacy-reports-writer'] });

    for (const group of groups) expect(state(`iam/group/${group}`)).toMatchObject({ path: PATH(LEGACY) });
    policies.forEach((policy, i) => {
      expect(state(`iam/policy/${policy}`)).toMatchObject({ path: PATH(LEGACY), arn: `arn:aws:iam::${ID}:policy${PATH(LEGACY)}${policy}` });
      expect(state(`iam/policy/${policy}/version/v1`)).toEqual(documents[i]);
      expect(state(`iam/group/${groups[i]}/attached-policy/arn:aws:iam::${ID}:policy${PATH(LEGACY)}${policy}`)).toBe(true);
    });
    expect(paths('iam/policy/').filter((p) => p.includes('adopting'))).toEqual([]);
    expect(state('iam/user/legacy-reports-admin')).toMatchObject({ path: PATH(LEGACY) });
    // Keys and memberships go with the user: nothing a client holds stops working.
    expect(paths('iam/user/legacy-reports-admin/access-key/')).toEqual(keys);
    expect(state(`iam/user/legacy-reports-admin/group/${groups[0]}`)).toBe(true);
    expect(state(`s3/bucket/${LEGACY}/tags`)).toEqual({ 's3-api:managed-by': 's3-api', 's3-api:org': t.config.accounts[0]!.org });
  });

  it('lists the users of a bucket it adopted, serves the bucket routes, and a bucket delete removes all of it', async () => {
    // A bucket of its own, so that the test passes alone as in its file.
    legacyBucket('served-legacy', [
      { kind: 'Adm', users: ['served-legacy-admin'] },
      { kind: 'RW', users: ['served-legacy-writer'] },
    ]);
    const adopted = await adopt('served-legacy');
    expect(adopted.status, adopted.text).toBe(200);

    const users = await t.request('GET', `sandbox/buckets/served-legacy/users`);
    expect(users.status).toBe(200);
    expect(users.body.map((u: { UserName: string }) => u.UserName).sort()).toEqual(['served-legacy-admin', 'served-legacy-writer']);
    expect((await t.request('GET', `sandbox/buckets/served-legacy`)).status).toBe(200);

    const res = await t.request('DELETE', `sandbox/buckets/served-legacy`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.Users.sort()).toEqual(['served-legacy-admin', 'served-legacy-writer']);
    expect(paths(`s3/bucket/served-legacy`)).toEqual([]);
    expect(paths(`iam/`).filter((p) => p.includes('served-legacy'))).toEqual([]);
  });

  it('takes no user that also belongs elsewhere and no policy also attached elsewhere, and leaves both as they were', async () => {
    legacyBucket('shared-legacy', [
      { kind: 'Adm', users: ['shared-only-admin', 'shared-also-elsewhere'] },
      { kind: 'RO', users: [] },
    ]);
    t.sandbox.addGroup(ID, { name: 'some-other-team', users: [{ name: 'shared-also-elsewhere' }] });
    // Someone attached the read-only policy to another group too: it is not the bucket's alone.
    t.sandbox.addGroup(ID, { name: 'auditors', users: [] });
    await sandboxClients(t.sandbox).iam.send(
      new AttachGroupPolicyCommand({ GroupName: 'auditors', PolicyArn: `arn:aws:iam::${ID}:policy/shared-legacy-BktROPlc` }),
    );

    const res = await adopt('shared-legacy');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      Bucket: 'shared-legacy',
      Groups: ['shared-legacy-BktAdmGrp', 'shared-legacy-BktROGrp'],
      Policies: ['shared-legacy-BktAdmPlc'],
      Users: ['shared-only-admin'],
    });
    expect(state('iam/user/shared-also-elsewhere')).toMatchObject({ path: '/' });
    expect(state('iam/policy/shared-legacy-BktROPlc')).toMatchObject({ path: '/' });
    expect(state(`iam/group/shared-legacy-BktROGrp/attached-policy/arn:aws:iam::${ID}:policy/shared-legacy-BktROPlc`)).toBe(true);
    // The shared user is still a member, so it is listed; a delete only takes it out of the bucket's groups.
    const deleted = await t.request('DELETE', 'sandbox/buckets/shared-legacy');
    expect(deleted.body.Users).toEqual(['shared-only-admin']);
    expect(state('iam/user/shared-also-elsewhere/group/some-other-team')).toBe(true);
    expect(state('iam/policy/shared-legacy-BktROPlc')).toBeDefined();
  });

  it('adopts a bucket with no IAM at all: it only gets the system tags, after the tags it had', async () => {
    t.sandbox.createBucket(ID, 'bare-legacy');
    await t.root(S3Gateway).putBucketTags(sandboxAccount(), 'bare-legacy', [{ Key: 'team', Value: 'reports' }]);
    const res = await adopt('bare-legacy');
    expect(res.body).toEqual({ Bucket: 'bare-legacy', Groups: [], Policies: [], Users: [] });
    expect((await t.request('GET', 'sandbox/buckets/bare-legacy')).body.Tags).toEqual([{ Key: 'team', Value: 'reports' }]);
  });

  describe('refuses, changing nothing', () => {
    const refused = async (bucket: string, status: number, code: string, account = 'sandbox') => {
      const before = t.sandbox.snapshot();
      const res = await adopt(bucket, account);
      expect(res.status, res.text).toBe(status);
      expect(res.body.Code).toBe(code);
      expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    };

    it('an access-log bucket (403 BucketNotAdoptable), which then still serves as the logging target', async () => {
      await refused(LOG_BUCKET, 403, 'BucketNotAdoptable');
      await refused(`s3-api-access-logs-222222222222`, 403, 'BucketNotAdoptable');
      expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'logged-after-adopt' } } })).status).toBe(202);
      expect((await t.request('GET', 'sandbox/buckets/logged-after-adopt')).body.Logging.TargetBucket).toBe(LOG_BUCKET);
    });

    it('a bucket the service already manages (409 BucketAlreadyManaged)', async () => {
      expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'made-here' } } })).status).toBe(202);
      await refused('made-here', 409, 'BucketAlreadyManaged');
    });

    it('a bucket of another deployment of the service, e.g. for another org (403 BucketNotAdoptable)', async () => {
      t.sandbox.createBucket(ID, 'other-org-made');
      await t.root(S3Gateway).putBucketTags(sandboxAccount(), 'other-org-made', [
        { Key: 's3-api:managed-by', Value: 's3-api' },
        { Key: 's3-api:org', Value: 'globex' },
      ]);
      await refused('other-org-made', 403, 'BucketNotAdoptable');
    });

    it("a website's bucket: one with a website configuration, one with a web-admin group, one of this service (409 BucketIsWebsite)", async () => {
      legacyBucket('old-site.example.org', [{ kind: 'Adm', users: ['old-site-admin'] }]);
      await sandboxClients(t.sandbox).s3.send(
        new PutBucketWebsiteCommand({ Bucket: 'old-site.example.org', WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }),
      );
      await refused('old-site.example.org', 409, 'BucketIsWebsite');

      legacyBucket('cdn-site.example.org', [{ kind: 'Adm', users: [] }]);
      t.sandbox.addGroup(ID, { name: 'cdn-site.example.org-WebAdmGrp' });
      await refused('cdn-site.example.org', 409, 'BucketIsWebsite');

      expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'ours.sites.example.com' } } })).status).toBe(202);
      await refused('ours.sites.example.com', 409, 'BucketAlreadyManaged');
    });

    it('a missing bucket (404), a bucket of another account (403), a bad name (400)', async () => {
      await refused('no-such-legacy-bucket', 404, 'BucketNotFound');
      await refused(legacyBucketName('222222222222'), 403, 'AwsAccessDenied');
      await refused('Bad_Name', 400, 'ValidationError');
    });

    it('a bucket whose group name is taken at another path (409 AccessNameTaken)', async () => {
      t.sandbox.createBucket(ID, 'odd-path-legacy');
      t.sandbox.addGroup(ID, { name: 'odd-path-legacy-BktAdmGrp', path: '/elsewhere/' });
      await refused('odd-path-legacy', 409, 'AccessNameTaken');
    });
  });

  it('is audited', async () => {
    t.sandbox.createBucket(ID, 'audited-legacy');
    expect((await adopt('audited-legacy')).status).toBe(200);
    const events = t.logs
      .map((line) => JSON.parse(line) as { audit?: Record<string, unknown> })
      .filter((l) => l.audit?.action === 'adoptBucket' && l.audit.resource === 'audited-legacy');
    expect(events).toEqual([expect.objectContaining({ audit: expect.objectContaining({ resource: 'audited-legacy', outcome: 'success', status: 200 }) })]);
  });
});
