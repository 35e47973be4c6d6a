import { CreatePolicyVersionCommand, GetPolicyCommand, GetPolicyVersionCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsAccount, AwsAccountProvider, IamGateway, S3Gateway } from '#aws';
import { runSaga } from '#common';
import { AccessService } from '../../apps/s3-api/src/access/access.service.js';
import { PLACEHOLDER_TAG } from '../../apps/s3-api/src/common/placeholder.js';
import { DISTRIBUTION_ID_TAG, systemTags } from '../../apps/s3-api/src/common/system-tags.js';
import { barrier } from '../support/barrier.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DOMAIN = 'sites.example.com';
const DISTRIBUTION_ID = 'EDFDVBD6EXAMPLE';
const DISTRIBUTION_ARN = `arn:aws:cloudfront::111111111111:distribution/${DISTRIBUTION_ID}`;

let t: TestApp;
let account: AwsAccount;
let iam: IamGateway;
let s3: S3Gateway;
let counter = 0;

/** A website's bucket with the admin and web-admin access website create makes, without depending on POST /websites. */
async function website(options: { webAdmin?: boolean } = {}): Promise<string> {
  const site = `site${++counter}-${Date.now().toString(36)}.${DOMAIN}`;
  await s3.createBucket(account, site, account.region);
  await s3.putBucketTags(account, site, systemTags(account, [{ Key: DISTRIBUTION_ID_TAG, Value: DISTRIBUTION_ID }]));
  const access = t.app.get(AccessService);
  await runSaga(async (saga) => {
    const claim = await access.claimName(saga, account, site, true, 'test');
    await access.createAdminGroup(saga, account, site, claim!.policy!);
    if (options.webAdmin !== false) await access.createWebAdminAccess(saga, account, site, DISTRIBUTION_ARN, 'test');
  });
  return site;
}

/** The sandbox's S3, straight through the SDK, as the site's owner: for what the gateway has no method for. */
function sdkS3(): S3Client {
  const client = new S3Client({ region: account.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  client.middlewareStack.use(t.sandbox.plugin(account.id));
  return client;
}

/** The sandbox's IAM, straight through the SDK, for what the gateway has no method for. */
function sdkIam(): IAMClient {
  const client = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  client.middlewareStack.use(t.sandbox.plugin(account.id));
  return client;
}

/** The documents of every managed policy the user gets through its groups. */
async function effectivePolicies(user: string): Promise<{ name: string; policy: object }[]> {
  const client = sdkIam();
  const groups = await iam.listGroupsForUser(account, user);
  const attached = (await Promise.all(groups.map((g) => iam.listAttachedGroupPolicies(account, g.GroupName)))).flat();
  return Promise.all(
    attached.map(async ({ PolicyArn, PolicyName }) => {
      const { Policy } = await client.send(new GetPolicyCommand({ PolicyArn }));
      const { PolicyVersion } = await client.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy!.DefaultVersionId! }));
      return { name: PolicyName, policy: JSON.parse(decodeURIComponent(PolicyVersion!.Document!)) as object };
    }),
  );
}

async function allowed(user: string, action: string, resource: string, prefix?: string): Promise<boolean> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${account.id}:user/${user}`,
        action,
        resource: { resource, accountId: account.id },
        contextVariables: prefix === undefined ? {} : { 's3:prefix': prefix },
      },
      identityPolicies: await effectivePolicies(user),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult === 'Allowed';
}

const users = (site: string, rest = '') => `sandbox/websites/${site}/users${rest}`;
const create = (site: string, body: unknown) => t.request('POST', users(site), { body });
const groupsOf = async (user: string) => (await iam.listGroupsForUser(account, user)).map((g) => g.GroupName).sort();

beforeAll(async () => {
  t = await startTestApp();
  account = t.app.get(AwsAccountProvider).resolve('sandbox');
  iam = t.root(IamGateway);
  s3 = t.root(S3Gateway);
});

afterAll(async () => {
  await t?.close();
});

describe('POST /{account}/websites/{website}/users', () => {
  it('makes a whole-site admin a member of the web-admin group too (200)', async () => {
    const site = await website();
    const res = await create(site, { User: { UserName: 'site-admin' } });
    expect(res.status).toBe(200);
    expect(res.body.User).toMatchObject({ UserName: 'site-admin', Path: `/s3-api/${site}/` });
    expect(res.body.AccessKey.SecretAccessKey).toEqual(expect.any(String));
    expect(await groupsOf('site-admin')).toEqual([`${site}-BktAdmGrp`, `${site}-WebAdmGrp`]);
    expect((await create(site, { User: { UserName: 'site-root', Path: '/' }, Groups: ['BktROGrp', 'WebAdmGrp'] })).status).toBe(200);
    expect(await groupsOf('site-root')).toEqual([`${site}-BktROGrp`, `${site}-WebAdmGrp`]);
  });

  it('scopes a user with a Path: scoped group and policy on demand, a tag, and a placeholder index written once', async () => {
    const site = await website();
    const placed = t.sandbox.calls.mark();
    const res = await create(site, { User: { UserName: 'docs-writer', Path: '/docs/' }, Groups: ['BktRWGrp'] });
    expect(res.status).toBe(200);
    expect(await groupsOf('docs-writer')).toEqual([`${site}-docs-BktRWGrp`]);
    const group = await iam.getGroup(account, `${site}-docs-BktRWGrp`);
    expect(group?.group.Path).toBe(`/s3-api/${site}/`);
    expect(await iam.listAttachedGroupPolicies(account, `${site}-docs-BktRWGrp`)).toEqual([
      { PolicyName: `${site}-docs-BktRWPlc`, PolicyArn: `arn:aws:iam::${account.id}:policy/s3-api/${site}/${site}-docs-BktRWPlc` },
    ]);
    expect((await iam.getUser(account, 'docs-writer'))?.Tags).toEqual(expect.arrayContaining([{ Key: 's3-api:path', Value: '/docs/' }]));
    expect(await s3.objectExists(account, site, 'docs/index.html')).toBe(true);
    expect(await s3.getObjectTags(account, site, 'docs/index.html')).toEqual([PLACEHOLDER_TAG]);
    // A page a browser shows, naming the part of the site it stands for.
    const [written] = t.sandbox.calls
      .since(placed, { operation: 'PutObject' })
      .map((call) => call.input as { Key: string; ContentType: string; Body: unknown });
    expect(written).toMatchObject({ Key: 'docs/index.html', ContentType: 'text/html; charset=utf-8' });
    expect(String(written!.Body)).toContain(`<h1>Hello, ${site}/docs/</h1>`);

    const mark = t.sandbox.calls.mark();
    expect((await create(site, { User: { UserName: 'docs-reader', Path: '/docs/' }, Groups: ['BktROGrp'] })).status).toBe(200);
    // Its conditional write finds the placeholder there, and leaves it as it is.
    expect(t.sandbox.calls.since(mark, { operation: 'PutObject' }).map((call) => call.errorName)).toEqual(['PreconditionFailed']);

    expect((await create(site, { User: { UserName: 'deep', Path: '/docs/one/' } })).status).toBe(200);
    expect(await groupsOf('deep')).toEqual([`${site}-docs_one-BktAdmGrp`]);
    expect(await s3.objectExists(account, site, 'docs/one/index.html')).toBe(true);
  });

  it('does not overwrite an index the site already has', async () => {
    const site = await website();
    await s3.putObject(account, site, 'blog/index.html', '<p>mine</p>', { contentType: 'text/html' });
    expect((await create(site, { User: { UserName: 'blogger', Path: '/blog/' } })).status).toBe(200);
    expect(await s3.getObjectTags(account, site, 'blog/index.html')).toEqual([]);
  });

  it('keeps a page the site owner puts there while the placeholder write is in flight: never overwritten, never undone', async () => {
    const site = await website();
    const atPut = barrier();
    const owned = barrier();
    // The create's placeholder write waits while the owner puts a page of their own there; the create then fails.
    t.sandbox.faults.add({ service: 's3', operation: 'PutObject', nth: 1, hold: () => (atPut.open(), owned.opened) });
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', error: { name: 'InvalidInput', httpStatusCode: 400 } });
    try {
      const made = create(site, { User: { UserName: `${site.split('.')[0]}-raced`, Path: '/raced/' } });
      await atPut.opened;
      const mine = await s3.putObject(account, site, 'raced/index.html', '<p>mine</p>', { contentType: 'text/html' });
      owned.open();
      const res = await made;
      expect(res.status, res.text).toBe(400);
      expect(await s3.objectHead(account, site, 'raced/index.html')).toMatchObject({ etag: mine.etag });
      expect(await s3.getObjectTags(account, site, 'raced/index.html')).toEqual([]);
    } finally {
      t.sandbox.faults.clear();
    }
  });

  it.each([
    ['without versioning', false],
    ['with versioning', true],
  ])('undoes its placeholder only as it wrote it: a page the owner puts over it meanwhile stays (%s)', async (_, versioned) => {
    const site = await website();
    if (versioned) await sdkS3().send(new PutBucketVersioningCommand({ Bucket: site, VersioningConfiguration: { Status: 'Enabled' } }));
    const atKey = barrier();
    const replaced = barrier();
    // The placeholder is written; the create's access key waits while the owner replaces the page, then fails.
    t.sandbox.faults.add({
      service: 'iam',
      operation: 'CreateAccessKey',
      hold: () => (atKey.open(), replaced.opened),
      error: { name: 'InvalidInput', httpStatusCode: 400 },
    });
    const logsBefore = t.logs.length;
    try {
      const made = create(site, { User: { UserName: `${site.split('.')[0]}-over`, Path: '/over/' } });
      await atKey.opened;
      expect(await s3.getObjectTags(account, site, 'over/index.html')).toEqual([PLACEHOLDER_TAG]);
      const mine = await s3.putObject(account, site, 'over/index.html', '<p>mine</p>', { contentType: 'text/html' });
      replaced.open();
      const res = await made;
      expect(res.status, res.text).toBe(400);
      expect(await s3.objectHead(account, site, 'over/index.html')).toMatchObject({ etag: mine.etag });
      expect(await s3.getObjectTags(account, site, 'over/index.html')).toEqual([]);
      // With versioning, the undo took the placeholder's own version: only the owner's is left.
      if (versioned) expect((await s3.listObjectVersions(account, site, { maxKeys: 10 })).versions.map((v) => v.key)).toEqual(['over/index.html']);
      // A page that is not the placeholder any more is left as a matter of course, not as an undo that failed.
      expect(t.logs.slice(logsBefore).filter((line) => line.includes('could not undo'))).toEqual([]);
    } finally {
      t.sandbox.faults.clear();
    }
  });

  it('rejects bad paths, groups and names before any AWS call (400), naming the field at fault', async () => {
    const site = await website();
    const mark = t.sandbox.calls.mark();
    const cases: [unknown, string, string?][] = [
      [{ User: { UserName: 'x', Path: 'docs' } }, 'User.Path'],
      [{ User: { UserName: 'x', Path: '/docs' } }, 'User.Path'],
      [{ User: { UserName: 'x', Path: '/Docs/' } }, 'User.Path'],
      [{ User: { UserName: 'x', Path: '/a//b/' } }, 'User.Path'],
      [{ User: { UserName: 'x', Path: '/a_b/' } }, 'User.Path'],
      [{ User: { UserName: 'x', Path: `/${'a'.repeat(100)}/` } }, 'User.Path', 'too long for this website: '],
      [{ User: { UserName: 'x', Path: '/docs/' }, Groups: ['WebAdmGrp'] }, 'Groups', 'WebAdmGrp covers the whole site: not available with a User.Path'],
      [{ User: { UserName: 'x' }, Groups: ['Admin'] }, 'Groups'],
      [{ User: { UserName: 'x y' } }, 'User.UserName'],
      [{ User: { UserName: 'x', Tags: [] } }, 'User.Tags'],
    ];
    for (const [body, field, problem] of cases) {
      const res = await create(site, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.Code).toBe('ValidationError');
      expect(res.body.Details, JSON.stringify(body)).toEqual([{ Field: field, Problem: expect.stringContaining(problem ?? '') }]);
      expect(res.body.Message, JSON.stringify(body)).toBe(`${field}: ${res.body.Details[0].Problem}`);
    }
    expect(t.sandbox.calls.since(mark)).toEqual([]);
  });

  it('answers 404 WebsiteNotFound for a bucket of the service that is not a website and for a missing site', async () => {
    await s3.createBucket(account, `plain-bucket.${DOMAIN}`, account.region);
    await s3.putBucketTags(account, `plain-bucket.${DOMAIN}`, systemTags(account));
    for (const name of [`plain-bucket.${DOMAIN}`, `missing.${DOMAIN}`]) {
      const res = await create(name, { User: { UserName: 'nobody' } });
      expect(res.status, name).toBe(404);
      expect(res.body.Code).toBe('WebsiteNotFound');
    }
    expect(await iam.getUser(account, 'nobody')).toBeNull();
  });

  it('answers 400, as the website routes do, for a name that cannot be a website of the account, before any AWS call', async () => {
    await s3.createBucket(account, 'plain-bucket-not-a-site', account.region);
    await s3.putBucketTags(account, 'plain-bucket-not-a-site', systemTags(account));
    const mark = t.sandbox.calls.mark();
    for (const [name, code] of [
      ['plain-bucket-not-a-site', 'DomainNotConfigured'],
      ['x.unknown-domain.org', 'DomainNotConfigured'],
      [`a.b.${DOMAIN}`, 'ValidationError'],
    ]) {
      const res = await create(name!, { User: { UserName: 'nobody' } });
      expect(res.status, name).toBe(400);
      expect(res.body.Code, name).toBe(code);
      if (code === 'ValidationError') expect(res.body.Details.map((d: { Field: string }) => d.Field)).toEqual(['website']);
    }
    const listed = await t.request('GET', users(`bad_site.${DOMAIN}`));
    expect(listed.status).toBe(400);
    expect(listed.body.Details).toEqual([{ Field: 'website', Problem: expect.any(String) }]);
    // A path too long for a valid site is not measured against a name that is no site: the name is the problem.
    const scoped = await create(`bad_site.${DOMAIN}`, { User: { UserName: 'nobody', Path: `/${'a'.repeat(100)}/` } });
    expect(scoped.status).toBe(400);
    expect(scoped.body.Details).toEqual([{ Field: 'website', Problem: expect.any(String) }]);
    expect(t.sandbox.calls.since(mark)).toEqual([]);
  });

  it('answers 403 BucketNotManaged for a bucket the service did not make, even one tagged with a distribution id', async () => {
    const site = `made-elsewhere.${DOMAIN}`;
    await s3.createBucket(account, site, account.region);
    await s3.putBucketTags(account, site, [{ Key: DISTRIBUTION_ID_TAG, Value: DISTRIBUTION_ID }]);
    const before = t.sandbox.snapshot();
    const res = await create(site, { User: { UserName: 'nobody', Path: '/docs/' } });
    expect(res.status).toBe(403);
    expect(res.body.Code).toBe('BucketNotManaged');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 409 when WebAdmGrp is asked of a site that has none, but still serves root admins', async () => {
    const site = await website({ webAdmin: false });
    const before = t.sandbox.snapshot();
    const res = await create(site, { User: { UserName: 'wants-cdn' }, Groups: ['WebAdmGrp'] });
    expect(res.status).toBe(409);
    expect(res.body.Code).toBe('WebAdminGroupMissing');
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    expect((await create(site, { User: { UserName: 'old-site-admin' } })).status).toBe(200);
    expect(await groupsOf('old-site-admin')).toEqual([`${site}-BktAdmGrp`]);
  });

  it('answers 409 for an existing user and 429 when IAM keeps throttling', async () => {
    const site = await website();
    await create(site, { User: { UserName: 'twice' } });
    expect((await create(site, { User: { UserName: 'twice', Path: '/docs/' } })).body.Code).toBe('UserAlreadyExists');
    t.sandbox.faults.add({ operation: 'CreateUser', error: { name: 'Throttling', httpStatusCode: 400 } });
    try {
      const res = await create(site, { User: { UserName: 'throttled' } });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      t.sandbox.faults.clear();
    }
  });

  it("makes an admin through the bucket routes of a website's bucket a bucket admin only: the site's cache is the website routes' to grant", async () => {
    const site = await website();
    const res = await t.request('POST', `sandbox/buckets/${site}/users`, { body: { User: { UserName: `${site.split('.')[0]}-bucket-admin` } } });
    expect(res.status, res.text).toBe(200);
    expect(await groupsOf(`${site.split('.')[0]}-bucket-admin`)).toEqual([`${site}-BktAdmGrp`]);
  });

  it("gives the site's admin group its website policy back when a user create finds that policy gone", async () => {
    const site = await website();
    const arn = `arn:aws:iam::${account.id}:policy/s3-api/${site}/${site}-BktAdmPlc`;
    const documentOf = async () => iam.getPolicyDocument(account, arn, (await iam.getPolicy(account, arn))!.DefaultVersionId);
    const made = await documentOf();
    // Removed by hand from outside the service.
    await iam.detachGroupPolicy(account, `${site}-BktAdmGrp`, arn);
    await iam.deletePolicy(account, arn);
    const res = await create(site, { User: { UserName: `${site.split('.')[0]}-repaired` } });
    expect(res.status, res.text).toBe(200);
    expect(await documentOf()).toEqual(made);
    expect(await iam.listAttachedGroupPolicies(account, `${site}-BktAdmGrp`)).toEqual([{ PolicyName: `${site}-BktAdmPlc`, PolicyArn: arn }]);
  });

  it('names in the log the placeholder and the create a failed scoped create could not undo', async () => {
    const site = await website();
    const logsBefore = t.logs.length;
    t.sandbox.faults.add({ service: 'iam', operation: 'CreateAccessKey', error: { name: 'InvalidInput', httpStatusCode: 400 } });
    t.sandbox.faults.add({ service: 's3', operation: 'DeleteObject', error: { name: 'AccessDenied', httpStatusCode: 403 } });
    let res;
    try {
      res = await create(site, { User: { UserName: `${site.split('.')[0]}-undone`, Path: '/left/' } });
    } finally {
      t.sandbox.faults.clear();
    }
    expect(res.status, res.text).toBe(400);
    // The placeholder stays, tagged as the service's own; the log says so under the create.
    expect(await s3.getObjectTags(account, site, 'left/index.html')).toEqual([PLACEHOLDER_TAG]);
    expect(t.logs.slice(logsBefore).filter((line) => line.includes("could not undo 'write left/index.html' of a failed createUser"))).toHaveLength(1);
  });

  it('undoes everything, placeholder included, when any AWS call of a scoped create fails', async () => {
    const probe = await website();
    const mark = t.sandbox.calls.mark();
    expect((await create(probe, { User: { UserName: 'scoped-probe', Path: '/probe/' }, Groups: ['BktAdmGrp', 'BktROGrp'] })).status).toBe(200);
    const calls = t.sandbox.calls.since(mark);
    expect(calls.map((c) => c.operation)).toEqual(expect.arrayContaining(['PutObject', 'CreatePolicy', 'CreateGroup']));

    const site = await website();
    const seen = new Map<string, number>();
    for (const [i, call] of calls.entries()) {
      const nth = (seen.get(call.operation) ?? 0) + 1;
      seen.set(call.operation, nth);
      const before = t.sandbox.snapshot();
      t.sandbox.faults.add({
        service: call.service,
        operation: call.operation,
        nth,
        error: call.service === 's3' ? { name: 'AccessDenied', httpStatusCode: 403 } : { name: 'InvalidInput', httpStatusCode: 400 },
      });
      try {
        const res = await create(site, { User: { UserName: `scoped-fault-${i}`, Path: '/probe/' }, Groups: ['BktAdmGrp', 'BktROGrp'] });
        // The mapped answer: IAM InvalidInput 400, S3 AccessDenied 403.
        expect(res.status, `${call.operation} #${nth}: ${res.text}`).toBe(call.service === 's3' ? 403 : 400);
      } finally {
        t.sandbox.faults.clear();
      }
      expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString(), `fault at ${call.operation} #${nth}`).toBe('');
    }
  });
});

describe('the access a website user gets', () => {
  it('confines a scoped user to its prefix and a read-only user to reading', async () => {
    const [site, neighbour] = [await website(), await website()];
    await create(site, { User: { UserName: 'scoped-rw', Path: '/docs/' }, Groups: ['BktRWGrp'] });
    await create(site, { User: { UserName: 'site-ro' }, Groups: ['BktROGrp'] });
    const object = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

    expect(await allowed('scoped-rw', 's3:PutObject', object(site, 'docs/a.html'))).toBe(true);
    expect(await allowed('scoped-rw', 's3:GetObject', object(site, 'docs/sub/b.css'))).toBe(true);
    expect(await allowed('scoped-rw', 's3:PutObject', object(site, 'index.html'))).toBe(false);
    expect(await allowed('scoped-rw', 's3:GetObject', object(site, 'other/a.html'))).toBe(false);
    expect(await allowed('scoped-rw', 's3:PutObject', object(neighbour, 'docs/a.html'))).toBe(false);
    expect(await allowed('scoped-rw', 's3:ListBucket', `arn:aws:s3:::${site}`, 'docs/')).toBe(true);
    expect(await allowed('scoped-rw', 's3:ListBucket', `arn:aws:s3:::${site}`, 'other/')).toBe(false);

    expect(await allowed('site-ro', 's3:GetObject', object(site, 'any/key.html'))).toBe(true);
    expect(await allowed('site-ro', 's3:PutObject', object(site, 'any/key.html'))).toBe(false);
    expect(await allowed('site-ro', 's3:GetObject', object(neighbour, 'index.html'))).toBe(false);
  });
});

describe('website user list, show, reset and delete', () => {
  it('serves every route for the site and answers 404 for a user of another site', async () => {
    const [site, neighbour] = [await website(), await website()];
    const made = await create(site, { User: { UserName: 'web-user', Path: '/docs/' }, Groups: ['BktROGrp'] });
    await create(neighbour, { User: { UserName: 'neighbour-user' } });

    const list = await t.request('GET', users(site));
    expect(list.status).toBe(200);
    expect(list.body.map((u: { UserName: string }) => u.UserName)).toEqual(['web-user']);

    const shown = await t.request('GET', users(site, '/web-user'));
    expect(shown.status).toBe(200);
    expect(shown.body.Groups.map((g: { GroupName: string }) => g.GroupName)).toEqual([`${site}-docs-BktROGrp`]);
    expect(shown.body.Policies).toEqual([{ PolicyName: `${site}-docs-BktROPlc`, Arn: expect.stringContaining(`:policy/s3-api/${site}/`) }]);

    const reset = await t.request('PUT', users(site, '/web-user'));
    expect(reset.status).toBe(200);
    expect(reset.body.DeletedKeyIds).toEqual([made.body.AccessKey.AccessKeyId]);

    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const res = await t.request(method, users(site, '/neighbour-user'));
      expect(res.status, method).toBe(404);
      expect(res.body.Code).toBe('UserNotFound');
    }

    const deleted = await t.request('DELETE', users(site, '/web-user'));
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ UserName: 'web-user', UserDeleted: true, Groups: [`${site}-docs-BktROGrp`] });
    expect((await t.request('GET', users(site))).body).toEqual([]);
    expect((await t.request('GET', users(`missing.${DOMAIN}`))).body.Code).toBe('WebsiteNotFound');
  });
});

describe('AccessService.removeAccess', () => {
  it('removes users, groups and policies (all versions), spares users of other buckets, and is idempotent', async () => {
    const before = t.sandbox.snapshot();
    const site = await website();
    const other = await website();
    await create(site, { User: { UserName: 'td-admin' } });
    await create(site, { User: { UserName: 'td-scoped', Path: '/docs/' }, Groups: ['BktRWGrp'] });
    await create(other, { User: { UserName: 'td-shared' } });
    await create(site, { User: { UserName: 'td-ro' }, Groups: ['BktROGrp'] });
    await iam.addUserToGroup(account, 'td-shared', `${site}-BktROGrp`);
    // An orphan from an earlier half-done delete: a policy of a known name whose group is gone.
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${site}/*`] }] };
    await iam.createPolicy(account, { name: `${site}-BktRWPlc`, document, description: 'orphan', path: `/s3-api/${site}/` });

    // A non-default version must go before its policy can.
    const adminPolicy = `arn:aws:iam::${account.id}:policy/s3-api/${site}/${site}-BktAdmPlc`;
    await sdkIam().send(new CreatePolicyVersionCommand({ PolicyArn: adminPolicy, PolicyDocument: JSON.stringify(document), SetAsDefault: false }));

    const access = t.app.get(AccessService);
    const result = await access.removeAccess(account, site, async () => {
      await s3.deleteObject(account, site, 'docs/index.html');
      await s3.deleteBucket(account, site);
    });
    expect(result.users.sort()).toEqual(['td-admin', 'td-ro', 'td-scoped']);
    expect(result.users).not.toContain('td-shared');
    expect(result.groups.sort()).toEqual(expect.arrayContaining([`${site}-BktAdmGrp`, `${site}-WebAdmGrp`, `${site}-docs-BktRWGrp`, `${site}-BktROGrp`]));
    expect(result.policies).toEqual(expect.arrayContaining([`${site}-BktAdmPlc`, `${site}-WebAdmPlc`, `${site}-BktRWPlc`, `${site}-docs-BktRWPlc`]));
    expect(await iam.listGroups(account, `/s3-api/${site}/`)).toEqual([]);
    expect(await groupsOf('td-shared')).toEqual([`${other}-BktAdmGrp`, `${other}-WebAdmGrp`]);

    const mark = t.sandbox.calls.mark();
    expect(await access.removeAccess(account, site)).toEqual({ users: [], groups: [], policies: [], released: false });
    const again = t.sandbox.calls.since(mark);
    expect(again.every((c) => /^(List|Get)/.test(c.operation))).toBe(true);

    await access.removeAccess(account, other, () => s3.deleteBucket(account, other));
    const left = t.sandbox.diff(before, t.sandbox.snapshot()).toString();
    expect(left).not.toContain('td-');
    expect(left).not.toContain(site);
  });
});
