import { anonymousPrincipal, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#common';
import {
  bucketAccessPolicy,
  bucketAdminPolicy,
  type BucketAdminActions,
  DEFAULT_BUCKET_ADMIN_ACTIONS,
  WEBSITE_RESERVED_ACTIONS,
  websiteAdminPolicy,
  websiteMigrationPolicy,
  websiteOriginAccessPolicy,
  websitePublicReadPolicy,
} from './bucket.policies.js';
import type { AccessLevel, PolicyDocument } from './policy.types.js';
import { sharedPolicyName, taggedAccessPolicy, taggedAdminPolicy, taggedWebAdminPolicy, USER_SCOPE_TAGS } from './tagged.policies.js';
import { webAdminPolicy } from './web-admin.policy.js';

// The spec's own picture of each right, written independently of s3.actions.ts: the documents are
// judged by an IAM evaluator against these lists, not against the lists they were built from.
const BUCKET_READ = [
  's3:GetBucketLocation',
  's3:GetBucketPolicy',
  's3:GetBucketAcl',
  's3:GetBucketCORS',
  's3:GetBucketWebsite',
  's3:GetBucketVersioning',
  's3:GetBucketTagging',
  's3:GetLifecycleConfiguration',
  's3:GetEncryptionConfiguration',
  's3:GetBucketLogging',
  's3:GetBucketPublicAccessBlock',
  's3:ListBucketMultipartUploads',
];
const BUCKET_LIST = ['s3:ListBucket', 's3:ListBucketVersions'];
const BUCKET_CONFIGURE = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketWebsite',
  's3:DeleteBucketWebsite',
  's3:PutBucketCORS',
  's3:PutBucketVersioning',
  's3:PutLifecycleConfiguration',
  's3:PutBucketAcl',
];
/** Owned by the service (system tags, encryption, logging, public access) or destructive. */
const BUCKET_NEVER = [
  's3:DeleteBucket',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketTagging',
  's3:PutEncryptionConfiguration',
  's3:PutBucketLogging',
  's3:PutBucketOwnershipControls',
];
const OBJECT_READ = ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectTagging', 's3:GetObjectVersion', 's3:GetObjectRetention', 's3:ListMultipartUploadParts'];
const OBJECT_WRITE = ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:AbortMultipartUpload', 's3:RestoreObject'];
const OBJECT_ADMIN = ['s3:PutObjectAcl', 's3:PutObjectVersionAcl', 's3:PutObjectRetention', 's3:PutObjectLegalHold'];
const OBJECT_NEVER = ['s3:BypassGovernanceRetention', 's3:ReplicateObject', 's3:ReplicateDelete', 's3:PutObjectTagging'];

const BUCKETS = ['foo', 'foobar', 'myfoo'];
const KEYS = ['a.html', 'docs/a.html', 'docs/sub/b.css', 'docs', 'docsfoo/a.html', 'other/a.html', 'other/docs/a.html'];
const PREFIXES: (string | undefined)[] = [undefined, '', 'docs/', 'docs/sub/', 'docs', 'docsfoo/', 'other/', 'other/docs/'];

const ACCOUNT = '123456789012';
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;

type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

async function decide(simulation: Simulation): Promise<Decision> {
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`simulation refused: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

/** The user's tags, as IAM puts them in the request context (`aws:PrincipalTag/<key>`). */
type UserTags = Readonly<Record<string, string>>;

function asUser(policy: PolicyDocument, action: string, resource: string, prefix?: string, tags: UserTags = {}): Promise<Decision> {
  const principalTags = Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:PrincipalTag/${key}`, value]));
  return decide({
    request: {
      principal: USER,
      action,
      resource: { resource, accountId: ACCOUNT },
      contextVariables: { ...principalTags, ...(prefix === undefined ? {} : { 's3:prefix': prefix }) },
    },
    identityPolicies: [{ name: 'under-test', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
}

interface Case {
  readonly action: string;
  readonly resource: string;
  readonly prefix?: string;
  readonly bucket: string;
  readonly key?: string;
}

/** Every (action, resource, s3:prefix) the matrices ask about. */
function cases(): Case[] {
  const all: Case[] = [];
  for (const bucket of BUCKETS) {
    const resource = `arn:aws:s3:::${bucket}`;
    for (const action of [...BUCKET_READ, ...BUCKET_CONFIGURE, ...BUCKET_NEVER]) all.push({ action, resource, bucket });
    for (const action of BUCKET_LIST) for (const prefix of PREFIXES) all.push({ action, resource, bucket, prefix });
    for (const key of KEYS) {
      for (const action of [...OBJECT_READ, ...OBJECT_WRITE, ...OBJECT_ADMIN, ...OBJECT_NEVER])
        all.push({ action, resource: `${resource}/${key}`, bucket, key });
    }
  }
  return all;
}

/** What a user holding `level` on bucket `foo` (optionally scoped to `scope/`) may do, and nothing more. */
function intended(level: AccessLevel, scope: string | undefined, c: Case): boolean {
  if (c.bucket !== 'foo') return false;
  if (c.key !== undefined) {
    if (scope !== undefined && !c.key.startsWith(`${scope}/`)) return false;
    return (
      OBJECT_READ.includes(c.action) || (level !== 'read-only' && OBJECT_WRITE.includes(c.action)) || (level === 'admin' && OBJECT_ADMIN.includes(c.action))
    );
  }
  if (scope !== undefined) {
    if (c.action === 's3:GetBucketLocation') return true;
    return BUCKET_LIST.includes(c.action) && c.prefix !== undefined && c.prefix.startsWith(`${scope}/`);
  }
  return BUCKET_READ.includes(c.action) || BUCKET_LIST.includes(c.action) || (level === 'admin' && BUCKET_CONFIGURE.includes(c.action));
}

async function mismatches(policy: PolicyDocument, expected: (c: Case) => boolean, tags: UserTags = {}): Promise<string[]> {
  const results = await Promise.all(
    cases().map(async (c) => {
      const allowed = (await asUser(policy, c.action, c.resource, c.prefix, tags)) === 'Allowed';
      if (allowed === expected(c)) return undefined;
      return `${allowed ? 'ALLOWED' : 'denied'} ${c.action} on ${c.resource}${c.prefix === undefined ? '' : ` with s3:prefix '${c.prefix}'`}`;
    }),
  );
  return results.filter((line) => line !== undefined);
}

/** Every action of every statement must apply to that statement's resource, or IAM ignores it silently. */
async function misplacedActions(policy: PolicyDocument, tags: UserTags = {}): Promise<string[]> {
  const resolve = (text: string) => text.replace(/\$\{aws:PrincipalTag\/([^}]+)\}/g, (_, key: string) => tags[key] ?? '');
  const checks = policy.Statement.flatMap((statement) =>
    statement.Action.flatMap((action) =>
      statement.Resource.map(async (pattern) => {
        const resource = resolve(pattern).replace('*', 'x/y.html');
        const prefix = statement.Condition?.['StringLike']?.['s3:prefix'];
        const decision = await asUser(policy, action, resource, resolve(Array.isArray(prefix) ? prefix[0]! : (prefix ?? '')) || undefined, tags);
        return decision === 'Allowed' ? undefined : `${action} on ${pattern}`;
      }),
    ),
  );
  return (await Promise.all(checks)).filter((line) => line !== undefined);
}

const LEVELS: AccessLevel[] = ['admin', 'read-write', 'read-only'];

/** A user's tags in the tags model: bucket `foo`, the level, and the folder when scoped. */
const tagsOf = (level: AccessLevel, scope?: string): UserTags => ({
  [USER_SCOPE_TAGS.bucket]: 'foo',
  [USER_SCOPE_TAGS.access]: level,
  ...(scope === undefined ? {} : { [USER_SCOPE_TAGS.prefix]: scope }),
});

/** What a user of each access model holds on bucket `foo`: a policy, and the tags IAM reads it with. */
interface Held {
  readonly policy: PolicyDocument;
  readonly tags: UserTags;
}

const MODELS: Readonly<
  Record<'groups' | 'tags', { access: (level: AccessLevel, scope?: string) => Held; admin: (actions: BucketAdminActions, website: boolean) => Held }>
> = {
  groups: {
    access: (level, scope) => ({ policy: bucketAccessPolicy('foo', level, scope), tags: {} }),
    admin: (actions, website) => ({ policy: website ? websiteAdminPolicy('foo', actions) : bucketAdminPolicy('foo', actions), tags: {} }),
  },
  tags: {
    access: (level, scope) => ({ policy: taggedAccessPolicy(level, scope !== undefined), tags: tagsOf(level, scope) }),
    admin: (actions, website) => ({ policy: taggedAdminPolicy(actions, website), tags: tagsOf('admin') }),
  },
};

// Documents are made inside the tests, never while they are collected: what runs outside a test is
// covered by none, and mutation testing would then not run these tests against a changed document.
describe.each(['groups', 'tags'] as const)('the policy matrix of the %s model', (model) => {
  const { access, admin } = MODELS[model];
  const as = (held: Held, action: string, resource: string, prefix?: string) => asUser(held.policy, action, resource, prefix, held.tags);

  describe.each(LEVELS)('%s on the whole bucket', (level) => {
    it('allows exactly the intended actions on foo and nothing on foobar or myfoo', async () => {
      const held = access(level);
      expect(await mismatches(held.policy, (c) => intended(level, undefined, c), held.tags)).toEqual([]);
    });

    it('puts every action on a resource it applies to', async () => {
      const held = access(level);
      expect(await misplacedActions(held.policy, held.tags)).toEqual([]);
    });
  });

  describe.each(LEVELS)('%s scoped to docs/', (level) => {
    it('allows exactly the intended actions inside docs/ and nothing outside it', async () => {
      const held = access(level, 'docs');
      expect(await mismatches(held.policy, (c) => intended(level, 'docs', c), held.tags)).toEqual([]);
    });

    it('puts every action on a resource it applies to', async () => {
      const held = access(level, 'docs');
      expect(await misplacedActions(held.policy, held.tags)).toEqual([]);
    });
  });

  it('spells out the cases the contract names', async () => {
    const readOnly = access('read-only');
    expect(await as(readOnly, 's3:PutObject', 'arn:aws:s3:::foo/a.html')).toBe('ImplicitlyDenied');
    expect(await as(readOnly, 's3:DeleteObject', 'arn:aws:s3:::foo/a.html')).toBe('ImplicitlyDenied');
    expect(await as(access('read-write'), 's3:PutBucketPolicy', 'arn:aws:s3:::foo')).toBe('ImplicitlyDenied');

    const scoped = access('admin', 'docs');
    expect(await as(scoped, 's3:GetObject', 'arn:aws:s3:::foo/docs/a.html')).toBe('Allowed');
    expect(await as(scoped, 's3:PutObject', 'arn:aws:s3:::foo/docs/a.html')).toBe('Allowed');
    expect(await as(scoped, 's3:GetObject', 'arn:aws:s3:::foo/other/a.html')).toBe('ImplicitlyDenied');
    expect(await as(scoped, 's3:PutObject', 'arn:aws:s3:::foo/docsfoo/a.html')).toBe('ImplicitlyDenied');
    expect(await as(scoped, 's3:PutBucketPolicy', 'arn:aws:s3:::foo')).toBe('ImplicitlyDenied');
    expect(await as(scoped, 's3:ListBucket', 'arn:aws:s3:::foo', 'docs/')).toBe('Allowed');
    expect(await as(scoped, 's3:ListBucket', 'arn:aws:s3:::foo', '')).toBe('ImplicitlyDenied');
    expect(await as(scoped, 's3:ListBucket', 'arn:aws:s3:::foo')).toBe('ImplicitlyDenied');
  });

  it('scopes a nested prefix to that folder only', async () => {
    const held = access('read-write', 'one/two');
    expect(await as(held, 's3:PutObject', 'arn:aws:s3:::foo/one/two/a.html')).toBe('Allowed');
    expect(await as(held, 's3:PutObject', 'arn:aws:s3:::foo/one/a.html')).toBe('ImplicitlyDenied');
    expect(await as(held, 's3:PutObject', 'arn:aws:s3:::foo/one/twofold/a.html')).toBe('ImplicitlyDenied');
    expect(await as(held, 's3:ListBucket', 'arn:aws:s3:::foo', 'one/two/')).toBe('Allowed');
    expect(await as(held, 's3:ListBucket', 'arn:aws:s3:::foo', 'one/')).toBe('ImplicitlyDenied');
  });

  it('grants nothing account-wide', async () => {
    for (const held of [...LEVELS.map((l) => access(l)), ...LEVELS.map((l) => access(l, 'docs'))]) {
      expect(await as(held, 's3:ListAllMyBuckets', '*')).toBe('ImplicitlyDenied');
      expect(await as(held, 's3:CreateBucket', 'arn:aws:s3:::foo2')).toBe('ImplicitlyDenied');
    }
  });

  it('lets nobody change its own tags, or anything else in IAM', async () => {
    const self = `arn:aws:iam::${ACCOUNT}:user/s3-api/foo/alice`;
    const held = [
      ...LEVELS.map((l) => access(l)),
      ...LEVELS.map((l) => access(l, 'docs')),
      admin(DEFAULT_BUCKET_ADMIN_ACTIONS, true),
      admin({ bucket: ['s3:*'], object: ['s3:*'] }, false),
    ];
    for (const h of held) {
      for (const action of ['iam:TagUser', 'iam:UntagUser', 'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:CreateAccessKey', 'iam:UpdateUser']) {
        expect(await as(h, action, self), action).toBe('ImplicitlyDenied');
      }
    }
  });

  it('gives the admin with the default actions what the hard-coded admin document grants', async () => {
    const held = admin(DEFAULT_BUCKET_ADMIN_ACTIONS, false);
    expect(await mismatches(held.policy, (c) => intended('admin', undefined, c), held.tags)).toEqual([]);
    expect(await misplacedActions(held.policy, held.tags)).toEqual([]);
  });

  describe("a website's admin", () => {
    const reserved: readonly string[] = WEBSITE_RESERVED_ACTIONS;

    it("has a bucket admin's rights except changing the bucket policy or Block Public Access", async () => {
      const held = admin(DEFAULT_BUCKET_ADMIN_ACTIONS, true);
      expect(await mismatches(held.policy, (c) => intended('admin', undefined, c) && !reserved.includes(c.action), held.tags)).toEqual([]);
      for (const action of reserved) expect(await as(held, action, 'arn:aws:s3:::foo'), action).toBe('ExplicitlyDenied');
    });

    it('is refused them even when the configured actions grant everything', async () => {
      const held = admin({ bucket: ['s3:*'], object: ['s3:*'] }, true);
      for (const action of reserved) expect(await as(held, action, 'arn:aws:s3:::foo'), action).toBe('ExplicitlyDenied');
      expect(await as(held, 's3:PutBucketWebsite', 'arn:aws:s3:::foo')).toBe('Allowed');
      expect(await as(held, 's3:PutBucketWebsite', 'arn:aws:s3:::foobar')).toBe('ImplicitlyDenied');
    });
  });
});

describe('bucketAccessPolicy', () => {
  it('refuses a prefix or bucket name that IAM would read as a pattern', () => {
    for (const prefix of ['', '/docs', 'docs/', 'do*', 'd?cs', '${aws:username}', 'a//b', 'Docs', 'my_docs', '..', 'docs/..']) {
      expect(() => bucketAccessPolicy('foo', 'read-only', prefix), prefix).toThrow(DomainError);
    }
    for (const bucket of ['foo*', 'f?o', 'Foo', '', 'foo/bar']) expect(() => bucketAccessPolicy(bucket, 'read-only'), bucket).toThrow(DomainError);
  });

  it('names the refused bucket or prefix in a ValidationError of its own', () => {
    const thrown = (make: () => unknown): DomainError => {
      try {
        make();
      } catch (error) {
        if (error instanceof DomainError) return error;
      }
      throw new Error('no DomainError');
    };
    const bucket = thrown(() => bucketAccessPolicy('Foo', 'read-only'));
    expect([bucket.code, bucket.message, bucket.details]).toEqual(['ValidationError', "'Foo' is not a valid bucket name", []]);
    const prefix = thrown(() => bucketAccessPolicy('foo', 'read-only', 'do*'));
    expect([prefix.code, prefix.message, prefix.details]).toEqual(['ValidationError', expect.stringMatching(/^invalid scope 'do\*': /), []]);
  });

  it('stays within the IAM managed policy size limit', () => {
    for (const level of LEVELS) {
      expect(JSON.stringify(bucketAccessPolicy('a'.repeat(63), level)).length).toBeLessThanOrEqual(6144);
      expect(JSON.stringify(bucketAccessPolicy('a'.repeat(63), level, 'x'.repeat(50))).length).toBeLessThanOrEqual(6144);
    }
  });
});

describe('the shared policies of the tags model', () => {
  const held = (level: AccessLevel, tags: UserTags, scoped = false): Held => ({ policy: taggedAccessPolicy(level, scoped), tags });

  it('grant nothing to a user whose level tag is not the policy level', async () => {
    const writer = held('read-write', tagsOf('read-only'));
    expect(await asUser(writer.policy, 's3:PutObject', 'arn:aws:s3:::foo/a.html', undefined, writer.tags)).toBe('ImplicitlyDenied');
    expect(await asUser(writer.policy, 's3:GetObject', 'arn:aws:s3:::foo/a.html', undefined, writer.tags)).toBe('ImplicitlyDenied');
    const boss = taggedAdminPolicy(DEFAULT_BUCKET_ADMIN_ACTIONS, false);
    expect(await asUser(boss, 's3:PutBucketPolicy', 'arn:aws:s3:::foo', undefined, tagsOf('read-only'))).toBe('ImplicitlyDenied');
  });

  it.each(LEVELS)('grant nothing at %s to a user without the tags', async (level) => {
    const untagged = held(level, {});
    expect(await mismatches(untagged.policy, () => false, untagged.tags)).toEqual([]);
  });

  it.each(LEVELS)('grant a %s folder user without the folder tag only the bucket region', async (level) => {
    const folderless = held(level, tagsOf(level), true);
    expect(await mismatches(folderless.policy, (c) => c.bucket === 'foo' && c.action === 's3:GetBucketLocation', folderless.tags)).toEqual([]);
  });

  it('read a website name with dots and a folder with slashes from the tags as they are', async () => {
    const site = 'www.sites.example.com';
    const tags = { [USER_SCOPE_TAGS.bucket]: site, [USER_SCOPE_TAGS.access]: 'read-write', [USER_SCOPE_TAGS.prefix]: 'docs/one' };
    const policy = taggedAccessPolicy('read-write', true);
    expect(await asUser(policy, 's3:PutObject', `arn:aws:s3:::${site}/docs/one/a.html`, undefined, tags)).toBe('Allowed');
    expect(await asUser(policy, 's3:ListBucket', `arn:aws:s3:::${site}`, 'docs/one/', tags)).toBe('Allowed');
    expect(await asUser(policy, 's3:PutObject', `arn:aws:s3:::${site}/docs/a.html`, undefined, tags)).toBe('ImplicitlyDenied');
    expect(await asUser(policy, 's3:PutObject', `arn:aws:s3:::wwwxsites.example.com/docs/one/a.html`, undefined, tags)).toBe('ImplicitlyDenied');
    expect(await asUser(policy, 's3:ListBucket', `arn:aws:s3:::${site}`, 'docs/', tags)).toBe('ImplicitlyDenied');
  });

  it('scope cache invalidation to the distribution the user is tagged with', async () => {
    const policy = taggedWebAdminPolicy(ACCOUNT);
    const tags = { [USER_SCOPE_TAGS.distribution]: 'E2ABCDEF123456' };
    const mine = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF123456`;
    expect(await asUser(policy, 'cloudfront:CreateInvalidation', mine, undefined, tags)).toBe('Allowed');
    expect(await asUser(policy, 'cloudfront:CreateInvalidation', `${mine}7`, undefined, tags)).toBe('ImplicitlyDenied');
    expect(await asUser(policy, 'cloudfront:CreateInvalidation', mine, undefined, {})).toBe('ImplicitlyDenied');
    expect(await asUser(policy, 'cloudfront:UpdateDistribution', mine, undefined, tags)).toBe('ImplicitlyDenied');
  });

  it('stay within the IAM managed policy size limit, whatever the bucket', () => {
    for (const level of LEVELS) for (const scoped of [false, true]) expect(JSON.stringify(taggedAccessPolicy(level, scoped)).length).toBeLessThanOrEqual(6144);
    expect(JSON.stringify(taggedAdminPolicy(DEFAULT_BUCKET_ADMIN_ACTIONS, true)).length).toBeLessThanOrEqual(6144);
  });

  it('are named after their document: another document, another policy', () => {
    const admin = taggedAdminPolicy(DEFAULT_BUCKET_ADMIN_ACTIONS, false);
    expect(sharedPolicyName('BktAdmPlc', admin)).toMatch(/^s3-api-BktAdmPlc-[0-9a-f]{8}$/);
    expect(sharedPolicyName('BktAdmPlc', taggedAdminPolicy(DEFAULT_BUCKET_ADMIN_ACTIONS, false))).toBe(sharedPolicyName('BktAdmPlc', admin));
    expect(sharedPolicyName('BktAdmPlc', taggedAdminPolicy({ bucket: ['s3:ListBucket'], object: ['s3:GetObject'] }, false))).not.toBe(
      sharedPolicyName('BktAdmPlc', admin),
    );
  });
});

describe('bucketAdminPolicy', () => {
  it('puts configured bucket actions on the bucket and object actions on its objects (upstream §6.3)', () => {
    expect(bucketAdminPolicy('foo', { bucket: ['s3:ListBucket'], object: ['s3:GetObject'] })).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Bucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::foo'] },
        { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::foo/*'] },
      ],
    });
  });

  it('drops a statement whose configured list is empty, and refuses a policy with no actions', () => {
    expect(bucketAdminPolicy('foo', { bucket: [], object: ['s3:GetObject'] }).Statement).toHaveLength(1);
    expect(() => bucketAdminPolicy('foo', { bucket: [], object: [] })).toThrow(
      new RangeError('a bucket admin policy needs at least one bucket or object action'),
    );
  });

  it('refuses a bucket name that IAM would read as a pattern, as the public-read policy does', () => {
    for (const bucket of ['foo*', 'f?o', 'Foo', '']) {
      expect(() => bucketAdminPolicy(bucket, DEFAULT_BUCKET_ADMIN_ACTIONS), bucket).toThrow(DomainError);
      expect(() => websitePublicReadPolicy(bucket), bucket).toThrow(DomainError);
      expect(() => websiteOriginAccessPolicy(bucket, `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF123456`), bucket).toThrow(DomainError);
      expect(() => websiteMigrationPolicy(bucket, `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF123456`), bucket).toThrow(DomainError);
    }
  });

  it('does not let a caller mutate the defaults through a document', () => {
    const policy = bucketAdminPolicy('foo', DEFAULT_BUCKET_ADMIN_ACTIONS);
    policy.Statement[0]!.Action.push('s3:PutBucketPublicAccessBlock');
    expect(DEFAULT_BUCKET_ADMIN_ACTIONS.bucket).not.toContain('s3:PutBucketPublicAccessBlock');
  });
});

describe('statement ids', () => {
  // IAM wants the Sids of one policy unique; they are also how an operator tells the statements apart.
  it('names every statement of every document, each differently', () => {
    const sids = (policy: PolicyDocument) => policy.Statement.map((statement) => statement.Sid);
    expect(sids(bucketAccessPolicy('foo', 'read-write'))).toEqual(['Bucket', 'Objects']);
    expect(sids(bucketAccessPolicy('foo', 'read-write', 'docs'))).toEqual(['ListFolder', 'LocateBucket', 'FolderObjects']);
    expect(sids(websiteAdminPolicy('foo', DEFAULT_BUCKET_ADMIN_ACTIONS))).toEqual(['Bucket', 'Objects', 'ServiceOwnsPublicAccess']);
    expect(sids(websitePublicReadPolicy('foo'))).toEqual(['PublicRead']);
    const distribution = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF123456`;
    expect(sids(websiteMigrationPolicy('foo', distribution))).toEqual(['PublicRead', 'CloudFrontRead']);
  });

  it("spells the origin access policy as CloudFront's guide does", () => {
    const distribution = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF123456`;
    expect(websiteOriginAccessPolicy('foo', distribution).Statement).toEqual([
      {
        Sid: 'CloudFrontRead',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::foo/*'],
        Condition: { StringEquals: { 'AWS:SourceArn': distribution } },
      },
    ]);
  });
});

describe('websiteAdminPolicy', () => {
  const reserved: readonly string[] = WEBSITE_RESERVED_ACTIONS;

  it("grants a bucket admin's rights except changing the bucket policy or Block Public Access", async () => {
    const policy = websiteAdminPolicy('foo', DEFAULT_BUCKET_ADMIN_ACTIONS);
    expect(await mismatches(policy, (c) => intended('admin', undefined, c) && !reserved.includes(c.action))).toEqual([]);
    for (const action of reserved) expect(await asUser(policy, action, 'arn:aws:s3:::foo'), action).toBe('ExplicitlyDenied');
  });

  it('denies them even when the configured actions grant everything', async () => {
    const policy = websiteAdminPolicy('foo', { bucket: ['s3:*'], object: ['s3:*'] });
    for (const action of reserved) expect(await asUser(policy, action, 'arn:aws:s3:::foo'), action).toBe('ExplicitlyDenied');
    expect(await asUser(policy, 's3:PutBucketWebsite', 'arn:aws:s3:::foo')).toBe('Allowed');
  });
});

describe('websitePublicReadPolicy', () => {
  const anonymously = (action: string, resource: string): Promise<Decision> =>
    decide({
      request: { principal: anonymousPrincipal, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: websitePublicReadPolicy('foo'),
    });

  it('lets anyone read the objects of the site', async () => {
    expect(await anonymously('s3:GetObject', 'arn:aws:s3:::foo/index.html')).toBe('Allowed');
    expect(await anonymously('s3:GetObject', 'arn:aws:s3:::foo/docs/a.html')).toBe('Allowed');
  });

  it('allows nothing else', async () => {
    for (const action of ['s3:PutObject', 's3:DeleteObject', 's3:GetObjectAcl', 's3:PutObjectAcl']) {
      expect(await anonymously(action, 'arn:aws:s3:::foo/index.html'), action).toBe('ImplicitlyDenied');
    }
    for (const action of ['s3:ListBucket', 's3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucket']) {
      expect(await anonymously(action, 'arn:aws:s3:::foo'), action).toBe('ImplicitlyDenied');
    }
    expect(await anonymously('s3:GetObject', 'arn:aws:s3:::foobar/index.html')).toBe('ImplicitlyDenied');
  });
});

describe('websiteOriginAccessPolicy', () => {
  const distribution = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF123456`;
  const policy = (): PolicyDocument => websiteOriginAccessPolicy('foo', distribution);
  const read = (
    resourcePolicy: PolicyDocument,
    principal: Simulation['request']['principal'],
    action: string,
    resource: string,
    sourceArn?: string,
  ): Promise<Decision> =>
    decide({
      request: {
        principal,
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: sourceArn ? { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': ACCOUNT } : {},
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    });

  it('lets CloudFront read the objects for that distribution only', async () => {
    expect(await read(policy(), 'cloudfront.amazonaws.com', 's3:GetObject', 'arn:aws:s3:::foo/docs/index.html', distribution)).toBe('Allowed');
    const other = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF999999`;
    expect(await read(policy(), 'cloudfront.amazonaws.com', 's3:GetObject', 'arn:aws:s3:::foo/index.html', other)).toBe('ImplicitlyDenied');
    expect(await read(policy(), 'cloudfront.amazonaws.com', 's3:GetObject', 'arn:aws:s3:::foo/index.html')).toBe('ImplicitlyDenied');
  });

  it('names no "*" principal and grants neither listing nor writes, nor anything to anyone else', async () => {
    expect(policy().Statement.every((statement) => statement.Principal !== '*')).toBe(true);
    for (const action of ['s3:PutObject', 's3:DeleteObject']) {
      expect(await read(policy(), 'cloudfront.amazonaws.com', action, 'arn:aws:s3:::foo/index.html', distribution), action).toBe('ImplicitlyDenied');
    }
    expect(await read(policy(), 'cloudfront.amazonaws.com', 's3:ListBucket', 'arn:aws:s3:::foo', distribution)).toBe('ImplicitlyDenied');
    expect(await read(policy(), anonymousPrincipal, 's3:GetObject', 'arn:aws:s3:::foo/index.html')).toBe('ImplicitlyDenied');
  });

  it('refuses anything but one distribution ARN', () => {
    for (const bad of ['*', `arn:aws:cloudfront::${ACCOUNT}:distribution/*`, `arn:aws:cloudfront::${ACCOUNT}:function/x`]) {
      expect(() => websiteOriginAccessPolicy('foo', bad), bad).toThrow(new RangeError(`'${bad}' is not the ARN of one CloudFront distribution`));
    }
  });

  it('while migrating, lets both the public and that distribution read', async () => {
    const both = websiteMigrationPolicy('foo', distribution);
    expect(await read(both, anonymousPrincipal, 's3:GetObject', 'arn:aws:s3:::foo/index.html')).toBe('Allowed');
    expect(await read(both, 'cloudfront.amazonaws.com', 's3:GetObject', 'arn:aws:s3:::foo/index.html', distribution)).toBe('Allowed');
  });
});

describe('webAdminPolicy', () => {
  const arn = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF123456`;

  it('allows cache invalidation on that distribution only', async () => {
    const policy = webAdminPolicy(arn);
    for (const action of ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation', 'cloudfront:ListInvalidations']) {
      expect(await asUser(policy, action, arn), action).toBe('Allowed');
      expect(await asUser(policy, action, `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ABCDEF1234567`), action).toBe('ImplicitlyDenied');
    }
    for (const action of ['cloudfront:UpdateDistribution', 'cloudfront:DeleteDistribution', 'cloudfront:GetDistributionConfig']) {
      expect(await asUser(policy, action, arn), action).toBe('ImplicitlyDenied');
    }
    // The function and the origin access control in front of the site are the service's alone.
    for (const action of ['cloudfront:UpdateFunction', 'cloudfront:PublishFunction', 'cloudfront:DeleteFunction']) {
      expect(await asUser(policy, action, `arn:aws:cloudfront::${ACCOUNT}:function/s3-api-site`), action).toBe('ImplicitlyDenied');
    }
    for (const action of ['cloudfront:UpdateOriginAccessControl', 'cloudfront:DeleteOriginAccessControl']) {
      expect(await asUser(policy, action, `arn:aws:cloudfront::${ACCOUNT}:origin-access-control/E2ABCDEF123456`), action).toBe('ImplicitlyDenied');
    }
  });

  it('takes the configured actions instead of the defaults', async () => {
    const policy = webAdminPolicy(arn, ['cloudfront:CreateInvalidation']);
    expect(await asUser(policy, 'cloudfront:CreateInvalidation', arn)).toBe('Allowed');
    expect(await asUser(policy, 'cloudfront:ListInvalidations', arn)).toBe('ImplicitlyDenied');
  });

  it('refuses anything but the ARN of one distribution', () => {
    for (const bad of [
      '*',
      `arn:aws:cloudfront::${ACCOUNT}:distribution/*`,
      `arn:aws:cloudfront::${ACCOUNT}:distribution/E1*`,
      'E2ABCDEF123456',
      `arn:aws:s3:::foo`,
    ]) {
      expect(() => webAdminPolicy(bad), bad).toThrow(DomainError);
    }
    expect(() => webAdminPolicy(arn, [])).toThrow(RangeError);
  });
});
