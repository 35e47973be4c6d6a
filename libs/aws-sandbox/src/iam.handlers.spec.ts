import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListPoliciesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  paginateGetGroup,
  paginateListGroups,
  paginateListPolicyVersions,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
  TagPolicyCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxClients, createSandboxClients } from './clients.js';
import { ManualClock } from './clock.js';
import { NotImplementedError } from './errors.js';
import { AwsSandbox } from './sandbox.js';
import { awsErrorOf } from './testing.js';

const A = '111111111111';
const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }] });

describe('IAM in the sandbox', () => {
  let sandbox: AwsSandbox;
  let c: SandboxClients;

  beforeEach(() => {
    sandbox = new AwsSandbox();
    c = createSandboxClients(sandbox, A);
  });
  afterEach(() => c.destroy());

  const createPolicy = async (name: string, Tags?: { Key: string; Value: string }[]) =>
    (await c.iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: DOC, ...(Tags ? { Tags } : {}) }))).Policy!;

  describe('entities', () => {
    // IAM API reference (AccessKeyMetadata, Policy, User, Group): CreateDate is a `Timestamp`, given to the second.
    it('dates users, groups, policies and access keys to the whole second, as IAM does', async () => {
      const clock = new ManualClock(Date.UTC(2025, 0, 1, 12, 0, 0, 999));
      const timed = createSandboxClients(new AwsSandbox({ clock }), A);
      try {
        const second = new Date(Date.UTC(2025, 0, 1, 12, 0, 0));
        const { User } = await timed.iam.send(new CreateUserCommand({ UserName: 'timed' }));
        const { Group } = await timed.iam.send(new CreateGroupCommand({ GroupName: 'timed' }));
        const { Policy } = await timed.iam.send(new CreatePolicyCommand({ PolicyName: 'timed', PolicyDocument: DOC }));
        const { AccessKey } = await timed.iam.send(new CreateAccessKeyCommand({ UserName: 'timed' }));
        expect([User!.CreateDate, Group!.CreateDate, Policy!.CreateDate, AccessKey!.CreateDate]).toEqual([second, second, second, second]);
        const { AccessKeyMetadata } = await timed.iam.send(new ListAccessKeysCommand({ UserName: 'timed' }));
        expect(AccessKeyMetadata![0]!.CreateDate).toEqual(second);
        expect((await timed.iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn }))).Policy!.CreateDate).toEqual(second);
      } finally {
        timed.destroy();
      }
    });

    it('gives users, groups and policies AWS-shaped ARNs, ids, paths and dates', async () => {
      const { User } = await c.iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/docs/', Tags: [{ Key: 'team', Value: 'web' }] }));
      expect(User).toMatchObject({ UserName: 'alice', Path: '/docs/', Arn: `arn:aws:iam::${A}:user/docs/alice`, Tags: [{ Key: 'team', Value: 'web' }] });
      expect(User!.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
      expect(User!.CreateDate).toBeInstanceOf(Date);
      const { Group } = await c.iam.send(new CreateGroupCommand({ GroupName: 'site-BktAdmGrp' }));
      expect(Group).toMatchObject({ Arn: `arn:aws:iam::${A}:group/site-BktAdmGrp`, Path: '/' });
      expect(Group!.GroupId).toMatch(/^AGPA[A-Z0-9]{17}$/);
      const policy = await createPolicy('site-BktAdmPlc');
      expect(policy).toMatchObject({ Arn: `arn:aws:iam::${A}:policy/site-BktAdmPlc`, DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
      expect(policy.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/);
    });

    it('refuses a name that exists: EntityAlreadyExists 409 (names are case-insensitive)', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'bob' }));
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g' }));
      await createPolicy('p');
      // Each call's failure is taken as it comes: none waits unobserved for the ones before it.
      for (const error of await Promise.all(
        [
          c.iam.send(new CreateUserCommand({ UserName: 'BOB' })),
          c.iam.send(new CreateGroupCommand({ GroupName: 'g' })),
          c.iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: DOC })),
        ].map(awsErrorOf),
      )) {
        expect(error).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
      }
    });

    // IAM API reference, CreatePolicy (PolicyName): "IAM user, group, role, and policy names must be unique
    // within the account"; the path is part of the ARN, not of the name.
    it('refuses a policy name taken under another path: EntityAlreadyExists 409, and no policy at the new path', async () => {
      await c.iam.send(new CreatePolicyCommand({ PolicyName: 'lock', Path: '/one/', PolicyDocument: DOC }));
      expect(await awsErrorOf(c.iam.send(new CreatePolicyCommand({ PolicyName: 'LOCK', Path: '/two/', PolicyDocument: DOC })))).toMatchObject({
        name: 'EntityAlreadyExistsException',
        status: 409,
      });
      expect(await awsErrorOf(c.iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${A}:policy/two/LOCK` })))).toMatchObject({
        name: 'NoSuchEntityException',
      });
    });

    it('enforces IAM name rules: ValidationError 400', async () => {
      // Each call's failure is taken as it comes: none waits unobserved for the ones before it.
      for (const error of await Promise.all(
        [
          c.iam.send(new CreateUserCommand({ UserName: 'a'.repeat(65) })),
          c.iam.send(new CreateUserCommand({ UserName: 'has space' })),
          c.iam.send(new CreateGroupCommand({ GroupName: 'g'.repeat(129) })),
          c.iam.send(new CreateUserCommand({ UserName: 'ok', Path: 'docs' })),
        ].map(awsErrorOf),
      )) {
        expect(error).toMatchObject({ name: 'ValidationError', status: 400 });
      }
      await c.iam.send(new CreateUserCommand({ UserName: 'a+b=c,d.e@f_g-h' }));
    });

    it('answers NoSuchEntity 404 for unknown entities, non-members and unattached policies', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'u' }));
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g' }));
      const policy = await createPolicy('p');
      // Each call's failure is taken as it comes: none waits unobserved for the ones before it.
      for (const error of await Promise.all(
        [
          c.iam.send(new GetUserCommand({ UserName: 'ghost' })),
          c.iam.send(new DeleteUserCommand({ UserName: 'ghost' })),
          c.iam.send(new GetGroupCommand({ GroupName: 'ghost' })),
          c.iam.send(new DeleteGroupCommand({ GroupName: 'ghost' })),
          c.iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${A}:policy/ghost` })),
          c.iam.send(new DeletePolicyCommand({ PolicyArn: `arn:aws:iam::${A}:policy/ghost` })),
          c.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'g', UserName: 'u' })),
          c.iam.send(new DetachGroupPolicyCommand({ GroupName: 'g', PolicyArn: policy.Arn })),
          c.iam.send(new DetachUserPolicyCommand({ UserName: 'u', PolicyArn: policy.Arn })),
          c.iam.send(new AttachGroupPolicyCommand({ GroupName: 'g', PolicyArn: `arn:aws:iam::${A}:policy/ghost` })),
          c.iam.send(new DeleteUserPolicyCommand({ UserName: 'u', PolicyName: 'inline' })),
          c.iam.send(new DeleteAccessKeyCommand({ UserName: 'u', AccessKeyId: 'AKIANOTAKEY000000000' })),
          c.iam.send(new DeleteLoginProfileCommand({ UserName: 'u' })),
        ].map(awsErrorOf),
      )) {
        expect(error).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
      }
    });

    it('tags and untags users', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'tagged' }));
      await c.iam.send(
        new TagUserCommand({
          UserName: 'tagged',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        }),
      );
      await c.iam.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['a'] }));
      expect((await c.iam.send(new GetUserCommand({ UserName: 'tagged' }))).User?.Tags).toEqual([{ Key: 'b', Value: '2' }]);
    });

    // IAM API reference, TagPolicy: adds or overwrites; 50 tags at most (LimitExceeded); NoSuchEntity for an unknown policy.
    it('tags a policy, adding or overwriting, within 50 tags; GetPolicy shows them', async () => {
      const arn = (await createPolicy('tagged-plc', [{ Key: 'a', Value: '1' }])).Arn!;
      await c.iam.send(
        new TagPolicyCommand({
          PolicyArn: arn,
          Tags: [
            { Key: 'a', Value: '2' },
            { Key: 'b', Value: '3' },
          ],
        }),
      );
      expect((await c.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.Tags).toEqual([
        { Key: 'a', Value: '2' },
        { Key: 'b', Value: '3' },
      ]);
      const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
      expect(await awsErrorOf(c.iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: many })))).toMatchObject({ name: 'LimitExceededException', status: 409 });
      expect(await awsErrorOf(c.iam.send(new TagPolicyCommand({ PolicyArn: `${arn}-gone`, Tags: [] })))).toMatchObject({ name: 'NoSuchEntityException' });
    });
  });

  // UpdateGroup / UpdateUser (IAM API reference; botocore lists NoSuchEntity, EntityAlreadyExists,
  // LimitExceeded): a new path moves the ARN, the id, memberships, attachments and keys stay.
  describe('UpdateGroup and UpdateUser with NewPath', () => {
    it('moves the entity to the new path: new ARN, same id, memberships, attachments and keys kept', async () => {
      const policy = await createPolicy('moved-plc');
      const group = (await c.iam.send(new CreateGroupCommand({ GroupName: 'moved' }))).Group!;
      const user = (await c.iam.send(new CreateUserCommand({ UserName: 'mover' }))).User!;
      await c.iam.send(new AttachGroupPolicyCommand({ GroupName: 'moved', PolicyArn: policy.Arn }));
      await c.iam.send(new AddUserToGroupCommand({ GroupName: 'moved', UserName: 'mover' }));
      await c.iam.send(new CreateAccessKeyCommand({ UserName: 'mover' }));

      await c.iam.send(new UpdateGroupCommand({ GroupName: 'moved', NewPath: '/team/a/' }));
      await c.iam.send(new UpdateUserCommand({ UserName: 'mover', NewPath: '/team/a/' }));

      const got = await c.iam.send(new GetGroupCommand({ GroupName: 'moved' }));
      expect(got.Group).toMatchObject({ Path: '/team/a/', Arn: `arn:aws:iam::${A}:group/team/a/moved`, GroupId: group.GroupId });
      expect(got.Users!.map((u) => [u.UserName, u.Path, u.Arn])).toEqual([['mover', '/team/a/', `arn:aws:iam::${A}:user/team/a/mover`]]);
      expect((await c.iam.send(new GetUserCommand({ UserName: 'mover' }))).User).toMatchObject({ UserId: user.UserId });
      expect((await c.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'moved' }))).AttachedPolicies).toEqual([
        { PolicyName: 'moved-plc', PolicyArn: policy.Arn },
      ]);
      expect((await c.iam.send(new ListAccessKeysCommand({ UserName: 'mover' }))).AccessKeyMetadata).toHaveLength(1);
      expect((await c.iam.send(new ListGroupsCommand({ PathPrefix: '/team/' }))).Groups!.map((g) => g.GroupName)).toEqual(['moved']);
      expect((await c.iam.send(new ListUsersCommand({ PathPrefix: '/team/a/' }))).Users!.map((u) => u.UserName)).toEqual(['mover']);
      // Moving to the path it already has changes nothing and succeeds.
      await c.iam.send(new UpdateGroupCommand({ GroupName: 'moved', NewPath: '/team/a/' }));
    });

    it('answers NoSuchEntity 404 for an unknown entity and ValidationError 400 for a bad path', async () => {
      expect(await awsErrorOf(c.iam.send(new UpdateGroupCommand({ GroupName: 'nope', NewPath: '/x/' })))).toMatchObject({
        name: 'NoSuchEntityException',
        status: 404,
      });
      expect(await awsErrorOf(c.iam.send(new UpdateUserCommand({ UserName: 'nope', NewPath: '/x/' })))).toMatchObject({
        name: 'NoSuchEntityException',
        status: 404,
      });
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g' }));
      await c.iam.send(new CreateUserCommand({ UserName: 'u' }));
      for (const path of ['no-slashes', '/no-trailing', '//x y/']) {
        expect(await awsErrorOf(c.iam.send(new UpdateGroupCommand({ GroupName: 'g', NewPath: path }))), path).toMatchObject({ status: 400 });
        expect(await awsErrorOf(c.iam.send(new UpdateUserCommand({ UserName: 'u', NewPath: path }))), path).toMatchObject({ status: 400 });
      }
      expect((await c.iam.send(new GetGroupCommand({ GroupName: 'g' }))).Group!.Path).toBe('/');
    });

    it('fails loudly on a rename, which it does not emulate', async () => {
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g' }));
      await expect(c.iam.send(new UpdateGroupCommand({ GroupName: 'g', NewGroupName: 'h' }))).rejects.toBeInstanceOf(NotImplementedError);
    });
  });

  describe('DeleteUser', () => {
    it('refuses a user with access keys, memberships, policies, a login profile, an MFA device, an SSH key, a signing certificate or a service-specific credential: DeleteConflict 409', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'busy' }));
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g' }));
      const policy = await createPolicy('p');
      const { AccessKey } = await c.iam.send(new CreateAccessKeyCommand({ UserName: 'busy' }));
      await c.iam.send(new AddUserToGroupCommand({ GroupName: 'g', UserName: 'busy' }));
      await c.iam.send(new AttachUserPolicyCommand({ UserName: 'busy', PolicyArn: policy.Arn }));
      await c.iam.send(new PutUserPolicyCommand({ UserName: 'busy', PolicyName: 'inline', PolicyDocument: DOC }));
      await c.iam.send(new CreateLoginProfileCommand({ UserName: 'busy', Password: 'Secret-123456' }));
      const serial = `arn:aws:iam::${A}:mfa/busy`;
      await c.iam.send(new EnableMFADeviceCommand({ UserName: 'busy', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
      const { SSHPublicKey } = await c.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'busy', SSHPublicKeyBody: 'ssh-rsa AAAAB3Nza busy' }));
      const { Certificate } = await c.iam.send(new UploadSigningCertificateCommand({ UserName: 'busy', CertificateBody: '-----BEGIN CERTIFICATE-----' }));
      const { ServiceSpecificCredential } = await c.iam.send(
        new CreateServiceSpecificCredentialCommand({ UserName: 'busy', ServiceName: 'codecommit.amazonaws.com' }),
      );
      expect((await c.iam.send(new ListMFADevicesCommand({ UserName: 'busy' }))).MFADevices?.map((d) => d.SerialNumber)).toEqual([serial]);
      expect((await c.iam.send(new ListSSHPublicKeysCommand({ UserName: 'busy' }))).SSHPublicKeys).toHaveLength(1);
      expect((await c.iam.send(new ListSigningCertificatesCommand({ UserName: 'busy' }))).Certificates).toHaveLength(1);
      expect((await c.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'busy' }))).ServiceSpecificCredentials).toHaveLength(1);
      const undo = [
        () => c.iam.send(new DeleteAccessKeyCommand({ UserName: 'busy', AccessKeyId: AccessKey!.AccessKeyId })),
        () => c.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'g', UserName: 'busy' })),
        () => c.iam.send(new DetachUserPolicyCommand({ UserName: 'busy', PolicyArn: policy.Arn })),
        () => c.iam.send(new DeleteUserPolicyCommand({ UserName: 'busy', PolicyName: 'inline' })),
        () => c.iam.send(new DeleteLoginProfileCommand({ UserName: 'busy' })),
        () => c.iam.send(new DeactivateMFADeviceCommand({ UserName: 'busy', SerialNumber: serial })),
        () => c.iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'busy', SSHPublicKeyId: SSHPublicKey!.SSHPublicKeyId })),
        () => c.iam.send(new DeleteSigningCertificateCommand({ UserName: 'busy', CertificateId: Certificate!.CertificateId })),
        () =>
          c.iam.send(
            new DeleteServiceSpecificCredentialCommand({
              UserName: 'busy',
              ServiceSpecificCredentialId: ServiceSpecificCredential!.ServiceSpecificCredentialId,
            }),
          ),
      ];
      for (const step of undo) {
        expect(await awsErrorOf(c.iam.send(new DeleteUserCommand({ UserName: 'busy' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
        await step();
      }
      await c.iam.send(new DeleteUserCommand({ UserName: 'busy' }));
      expect((await c.iam.send(new ListUsersCommand({}))).Users).toEqual([]);
    });
  });

  describe('DeleteGroup', () => {
    it('refuses a group with members or attached policies: DeleteConflict 409', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'm' }));
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g' }));
      const policy = await createPolicy('p');
      await c.iam.send(new AddUserToGroupCommand({ GroupName: 'g', UserName: 'm' }));
      await c.iam.send(new AttachGroupPolicyCommand({ GroupName: 'g', PolicyArn: policy.Arn }));
      expect(await awsErrorOf(c.iam.send(new DeleteGroupCommand({ GroupName: 'g' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
      await c.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'g', UserName: 'm' }));
      expect(await awsErrorOf(c.iam.send(new DeleteGroupCommand({ GroupName: 'g' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
      expect((await c.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'g' }))).AttachedPolicies).toEqual([
        { PolicyName: 'p', PolicyArn: policy.Arn },
      ]);
      await c.iam.send(new DetachGroupPolicyCommand({ GroupName: 'g', PolicyArn: policy.Arn }));
      await c.iam.send(new DeleteGroupCommand({ GroupName: 'g' }));
    });

    it('lists memberships both ways', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'm' }));
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g1' }));
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g2' }));
      await c.iam.send(new AddUserToGroupCommand({ GroupName: 'g1', UserName: 'm' }));
      await c.iam.send(new AddUserToGroupCommand({ GroupName: 'g2', UserName: 'm' }));
      expect((await c.iam.send(new ListGroupsForUserCommand({ UserName: 'm' }))).Groups?.map((group) => group.GroupName)).toEqual(['g1', 'g2']);
      expect((await c.iam.send(new GetGroupCommand({ GroupName: 'g1' }))).Users?.map((user) => user.UserName)).toEqual(['m']);
    });
  });

  describe('DeletePolicy and versions', () => {
    it('refuses a policy still attached, or with non-default versions: DeleteConflict 409', async () => {
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g' }));
      const policy = await createPolicy('p');
      await c.iam.send(new AttachGroupPolicyCommand({ GroupName: 'g', PolicyArn: policy.Arn }));
      expect((await c.iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn }))).Policy?.AttachmentCount).toBe(1);
      expect(await awsErrorOf(c.iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
      await c.iam.send(new DetachGroupPolicyCommand({ GroupName: 'g', PolicyArn: policy.Arn }));
      await c.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policy.Arn, PolicyDocument: DOC, SetAsDefault: false }));
      expect(await awsErrorOf(c.iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
      await c.iam.send(new DeletePolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: 'v2' }));
      await c.iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn }));
    });

    it('keeps at most 5 versions (LimitExceeded 409), never deletes the default one, returns documents URL-encoded', async () => {
      const policy = await createPolicy('versioned');
      for (let i = 2; i <= 5; i++) {
        const { PolicyVersion } = await c.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policy.Arn, PolicyDocument: DOC, SetAsDefault: true }));
        expect(PolicyVersion).toMatchObject({ VersionId: `v${i}`, IsDefaultVersion: true });
      }
      expect(await awsErrorOf(c.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policy.Arn, PolicyDocument: DOC })))).toMatchObject({
        name: 'LimitExceededException',
        status: 409,
      });
      expect(await awsErrorOf(c.iam.send(new DeletePolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: 'v5' })))).toMatchObject({
        name: 'DeleteConflictException',
        status: 409,
      });
      const versions: string[] = [];
      for await (const page of paginateListPolicyVersions({ client: c.iam, pageSize: 2 }, { PolicyArn: policy.Arn }))
        versions.push(...page.Versions!.map((version) => version.VersionId!));
      expect(versions).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);
      const { PolicyVersion } = await c.iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: 'v1' }));
      expect(JSON.parse(decodeURIComponent(PolicyVersion!.Document!))).toEqual(JSON.parse(DOC));
      expect(PolicyVersion?.IsDefaultVersion).toBe(false);
    });

    it('lists local policies by path prefix; scope AWS holds none', async () => {
      await c.iam.send(new CreatePolicyCommand({ PolicyName: 'scoped', Path: '/docs/', PolicyDocument: DOC }));
      await createPolicy('root');
      expect((await c.iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/docs/' }))).Policies?.map((policy) => policy.PolicyName)).toEqual([
        'scoped',
      ]);
      expect((await c.iam.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies).toEqual([]);
    });
  });

  describe('access keys', () => {
    it('allows 2 keys per user (LimitExceeded 409 on the third), AKIA ids and 40-char secrets', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'k' }));
      for (let i = 0; i < 2; i++) {
        const { AccessKey } = await c.iam.send(new CreateAccessKeyCommand({ UserName: 'k' }));
        expect(AccessKey?.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
        expect(AccessKey?.SecretAccessKey).toHaveLength(40);
        expect(AccessKey?.Status).toBe('Active');
      }
      expect(await awsErrorOf(c.iam.send(new CreateAccessKeyCommand({ UserName: 'k' })))).toMatchObject({ name: 'LimitExceededException', status: 409 });
      const { AccessKeyMetadata } = await c.iam.send(new ListAccessKeysCommand({ UserName: 'k' }));
      expect(AccessKeyMetadata).toHaveLength(2);
      expect(AccessKeyMetadata![0]).not.toHaveProperty('SecretAccessKey');
      await c.iam.send(new UpdateAccessKeyCommand({ UserName: 'k', AccessKeyId: AccessKeyMetadata![0]!.AccessKeyId, Status: 'Inactive' }));
      expect((await c.iam.send(new ListAccessKeysCommand({ UserName: 'k' }))).AccessKeyMetadata![0]!.Status).toBe('Inactive');
    });

    it('lists inline policy names', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'i' }));
      await c.iam.send(new PutUserPolicyCommand({ UserName: 'i', PolicyName: 'one', PolicyDocument: DOC }));
      expect((await c.iam.send(new ListUserPoliciesCommand({ UserName: 'i' }))).PolicyNames).toEqual(['one']);
    });
  });

  describe('policy grammar (IAM JSON policy reference; actions and keys from the Service Authorization Reference)', () => {
    const statement = (extra: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*', ...extra }] });
    const refused = async (document: string) =>
      awsErrorOf(c.iam.send(new CreatePolicyCommand({ PolicyName: `p${Math.random().toString(36).slice(2)}`, PolicyDocument: document })));

    it.each([
      ['an action that does not exist', { Action: 's3:GetObjekt' }, 'invalid action: s3:GetObjekt'],
      ['a service that does not exist', { Action: 'nosuchservice:Get*' }, 'invalid action'],
      ['an action without a vendor', { Action: 'GetObject' }, 'must be prefaced by a vendor'],
      ['a wildcard matching nothing', { Action: 's3:Zzz*' }, 'invalid action'],
      ['an unknown condition operator', { Action: 's3:GetObject', Condition: { StringEqualz: { 's3:prefix': 'a' } } }, 'Invalid Condition type : StringEqualz'],
      ['an unknown condition key', { Action: 's3:GetObject', Condition: { StringEquals: { 's3:prefixx': 'a' } } }, 'invalid condition key: s3:prefixx'],
      ['a principal in an identity policy', { Action: 's3:GetObject', Principal: '*' }, 'should not specify a principal'],
      ['no action at all', {}, 'Syntax errors in policy.'],
    ])('refuses %s: MalformedPolicyDocument 400', async (_, extra, message) => {
      expect(await refused(statement(extra))).toMatchObject({
        name: 'MalformedPolicyDocumentException',
        status: 400,
        message: expect.stringContaining(message),
      });
    });

    it('accepts known actions, wildcards, global and service condition keys, tag keys and set operators', async () => {
      await c.iam.send(
        new CreatePolicyCommand({
          PolicyName: 'grammar-ok',
          PolicyDocument: statement({
            Action: ['s3:GetObject', 's3:List*', 'cloudfront:CreateInvalidation'],
            Condition: {
              StringLike: { 's3:prefix': ['docs/*'] },
              BoolIfExists: { 'aws:SecureTransport': 'true' },
              StringEquals: { 'aws:ResourceTag/team': 'web', 's3:ExistingObjectTag/owner': 'me' },
              'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] },
            },
          }),
        }),
      );
    });
  });

  describe('quotas (IAM and AWS STS quotas)', () => {
    it('counts entities against the quotas in GetAccountSummary, in one call', async () => {
      sandbox.seed(A, { groups: 3, users: 2 });
      await createPolicy('p');
      const { SummaryMap } = await c.iam.send(new GetAccountSummaryCommand({}));
      expect(SummaryMap).toMatchObject({ Groups: 3, GroupsQuota: 300, Users: 2, UsersQuota: 5_000, Policies: 1, PoliciesQuota: 1_500 });
      sandbox.setQuotas(A, { groups: 500 });
      expect((await c.iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.GroupsQuota).toBe(500);
    });

    it('refuses a group, policy or user over its account quota: LimitExceeded 409 naming the quota', async () => {
      sandbox.setQuotas(A, { groups: 1, policies: 1, users: 1 });
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g1' }));
      await createPolicy('p1');
      await c.iam.send(new CreateUserCommand({ UserName: 'u1' }));
      const before = sandbox.snapshot();
      expect(await awsErrorOf(c.iam.send(new CreateGroupCommand({ GroupName: 'g2' })))).toMatchObject({
        name: 'LimitExceededException',
        status: 409,
        message: 'Cannot exceed quota for GroupsPerAccount: 1',
      });
      expect(await awsErrorOf(createPolicy('p2'))).toMatchObject({ message: 'Cannot exceed quota for PoliciesPerAccount: 1' });
      expect(await awsErrorOf(c.iam.send(new CreateUserCommand({ UserName: 'u2' })))).toMatchObject({ message: 'Cannot exceed quota for UsersPerAccount: 1' });
      // A name that exists is still EntityAlreadyExists.
      expect(await awsErrorOf(c.iam.send(new CreateGroupCommand({ GroupName: 'g1' })))).toMatchObject({ name: 'EntityAlreadyExistsException' });
      expect(sandbox.diff(before, sandbox.snapshot()).isEmpty()).toBe(true);
    });

    it('refuses an 11th group of a user and an 11th policy of a group: GroupsPerUser and PoliciesPerGroup are 10', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'joiner' }));
      for (let i = 0; i < 11; i++) await c.iam.send(new CreateGroupCommand({ GroupName: `g${i}` }));
      for (let i = 0; i < 10; i++) await c.iam.send(new AddUserToGroupCommand({ GroupName: `g${i}`, UserName: 'joiner' }));
      // Joining a group again is no new membership.
      await c.iam.send(new AddUserToGroupCommand({ GroupName: 'g0', UserName: 'joiner' }));
      expect(await awsErrorOf(c.iam.send(new AddUserToGroupCommand({ GroupName: 'g10', UserName: 'joiner' })))).toMatchObject({
        name: 'LimitExceededException',
        message: 'Cannot exceed quota for GroupsPerUser: 10',
      });
      const arns = [];
      for (let i = 0; i < 11; i++) arns.push((await createPolicy(`pol${i}`)).Arn!);
      for (const arn of arns.slice(0, 10)) await c.iam.send(new AttachGroupPolicyCommand({ GroupName: 'g0', PolicyArn: arn }));
      expect(await awsErrorOf(c.iam.send(new AttachGroupPolicyCommand({ GroupName: 'g0', PolicyArn: arns[10] })))).toMatchObject({
        message: 'Cannot exceed quota for PoliciesPerGroup: 10',
      });
    });
  });

  describe('pagination', () => {
    it('pages listings with Marker/IsTruncated, 100 items per page by default', async () => {
      sandbox.seed(A, { groups: 250 });
      const first = await c.iam.send(new ListGroupsCommand({}));
      expect([first.Groups?.length, first.IsTruncated, typeof first.Marker]).toEqual([100, true, 'string']);
      const second = await c.iam.send(new ListGroupsCommand({ Marker: first.Marker, MaxItems: 200 }));
      expect([second.Groups?.length, second.IsTruncated, second.Marker]).toEqual([150, false, undefined]);
      expect(second.Groups![0]!.GroupName).toBe('seed-group-000101');
      const names: string[] = [];
      let pages = 0;
      for await (const page of paginateListGroups({ client: c.iam }, {})) {
        pages += 1;
        names.push(...page.Groups!.map((group) => group.GroupName!));
      }
      expect([pages, names.length, new Set(names).size]).toEqual([3, 250, 250]);
      expect(names).toEqual([...names].sort());
      expect(await awsErrorOf(c.iam.send(new ListGroupsCommand({ MaxItems: 1001 })))).toMatchObject({ name: 'ValidationError', status: 400 });
    });

    it("filters by PathPrefix and pages a group's members with GetGroup", async () => {
      await c.iam.send(new CreateGroupCommand({ GroupName: 'big' }));
      await c.iam.send(new CreateGroupCommand({ GroupName: 'scoped', Path: '/docs/' }));
      for (let i = 0; i < 5; i++) {
        await c.iam.send(new CreateUserCommand({ UserName: `member${i}`, Path: i % 2 ? '/docs/' : '/' }));
        await c.iam.send(new AddUserToGroupCommand({ GroupName: 'big', UserName: `member${i}` }));
      }
      expect((await c.iam.send(new ListGroupsCommand({ PathPrefix: '/docs/' }))).Groups?.map((group) => group.GroupName)).toEqual(['scoped']);
      expect((await c.iam.send(new ListUsersCommand({ PathPrefix: '/docs/' }))).Users?.map((user) => user.UserName)).toEqual(['member1', 'member3']);
      const members: string[] = [];
      for await (const page of paginateGetGroup({ client: c.iam, pageSize: 2 }, { GroupName: 'big' }))
        members.push(...page.Users!.map((user) => user.UserName!));
      expect(members).toEqual(['member0', 'member1', 'member2', 'member3', 'member4']);
    });
  });
});
