import {
  TagUserCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListUsersCommand,
  TagPolicyCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  DeactivateMFADeviceCommand,
  CreateUserCommand,
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
  GetAccountSummaryCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  ListServiceSpecificCredentialsCommand,
  RemoveUserFromGroupCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
  paginateGetGroup,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedUserPolicies,
  paginateListGroups,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListPolicies,
  paginateListPolicyVersions,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUserPolicies,
  paginateListUsers,
  type Group,
  type IAMClient,
  type Policy,
  type User,
} from '@aws-sdk/client-iam';
import { Injectable } from '@nestjs/common';
import type { AwsAccount } from '../accounts/aws-account.js';
import { AwsClientFactory } from '../clients/aws-client.factory.js';
import { awsCall, awsCodeOf } from '../clients/aws-call.js';
import type { Tag } from '../s3/s3.types.js';
import type {
  AccessKeyMetadata,
  AttachedPolicy,
  IamGroup,
  IamPolicy,
  IamQuotaUsage,
  IamUser,
  NewAccessKey,
  PolicyVersion,
  UserCredential,
} from './iam.types.js';

const iso = (date: Date | undefined): string => (date ?? new Date(0)).toISOString();

const toPolicy = (p: Policy): IamPolicy => ({
  Arn: p.Arn ?? '',
  PolicyName: p.PolicyName ?? '',
  PolicyId: p.PolicyId ?? '',
  Path: p.Path ?? '/',
  DefaultVersionId: p.DefaultVersionId ?? 'v1',
  AttachmentCount: p.AttachmentCount ?? 0,
  PermissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount ?? 0,
  IsAttachable: p.IsAttachable ?? true,
  Description: p.Description ?? null,
  CreateDate: iso(p.CreateDate),
  UpdateDate: iso(p.UpdateDate ?? p.CreateDate),
  Tags: (p.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
});

const toGroup = (g: Partial<Group>): IamGroup => ({
  Arn: g.Arn ?? '',
  GroupName: g.GroupName ?? '',
  GroupId: g.GroupId ?? '',
  Path: g.Path ?? '/',
  CreateDate: iso(g.CreateDate),
});

const toUser = (u: Partial<User>): IamUser => ({
  Arn: u.Arn ?? '',
  UserName: u.UserName ?? '',
  UserId: u.UserId ?? '',
  Path: u.Path ?? '/',
  CreateDate: iso(u.CreateDate),
  PasswordLastUsed: u.PasswordLastUsed ? u.PasswordLastUsed.toISOString() : null,
  PermissionsBoundary: u.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
  Tags: u.Tags && u.Tags.length > 0 ? u.Tags.map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })) : null,
});

/** One page of a listing; `marker` continues it. */
export interface Page<T> {
  readonly items: T[];
  readonly marker?: string;
}

const PAGE_SIZE = 100;

const page = <T>(items: T[], out: { IsTruncated?: boolean; Marker?: string }): Page<T> => ({
  items,
  ...(out.IsTruncated && out.Marker ? { marker: out.Marker } : {}),
});

async function collect<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...(pick(page) ?? []));
  return items;
}

/** Treats IAM's NoSuchEntity as "absent" for look-ups whose callers expect that answer. */
async function orNull<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    if (awsCodeOf(error) === 'NoSuchEntity') return null;
    throw error;
  }
}

/** IAM, one AWS call (or one paginated listing) per method, in our own types. */
@Injectable()
export class IamGateway {
  constructor(private readonly clients: AwsClientFactory) {}

  private iam(account: AwsAccount): IAMClient {
    return this.clients.client('iam', account);
  }

  /** Users, groups and customer managed policies against the account's quotas: one call, no listing. */
  async quotaUsage(account: AwsAccount): Promise<IamQuotaUsage> {
    const out = await awsCall('iam', 'GetAccountSummary', () => this.iam(account).send(new GetAccountSummaryCommand({})));
    const map = out.SummaryMap ?? {};
    const usage = (used: number | undefined, quota: number | undefined) => ({ used: used ?? 0, quota: quota ?? Number.MAX_SAFE_INTEGER });
    return { users: usage(map.Users, map.UsersQuota), groups: usage(map.Groups, map.GroupsQuota), policies: usage(map.Policies, map.PoliciesQuota) };
  }

  async createPolicy(
    account: AwsAccount,
    input: { name: string; document: object; description: string; path?: string; tags?: readonly Tag[] },
  ): Promise<IamPolicy> {
    const out = await awsCall('iam', 'CreatePolicy', () =>
      this.iam(account).send(
        new CreatePolicyCommand({
          PolicyName: input.name,
          PolicyDocument: JSON.stringify(input.document),
          Description: input.description,
          Path: input.path ?? '/',
          ...(input.tags?.length ? { Tags: input.tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}),
        }),
      ),
    );
    return toPolicy(out.Policy ?? {});
  }

  async getPolicy(account: AwsAccount, arn: string): Promise<IamPolicy | null> {
    return orNull(async () =>
      toPolicy((await awsCall('iam', 'GetPolicy', () => this.iam(account).send(new GetPolicyCommand({ PolicyArn: arn })))).Policy ?? {}),
    );
  }

  /** The account's own (customer managed) policies under an IAM path prefix. */
  /** Adds or overwrites tags of a managed policy. */
  async tagPolicy(account: AwsAccount, arn: string, tags: readonly Tag[]): Promise<void> {
    await awsCall('iam', 'TagPolicy', () =>
      this.iam(account).send(new TagPolicyCommand({ PolicyArn: arn, Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) })),
    );
  }

  async listPolicies(account: AwsAccount, pathPrefix: string): Promise<IamPolicy[]> {
    const policies = await awsCall('iam', 'ListPolicies', () =>
      collect(paginateListPolicies({ client: this.iam(account) }, { Scope: 'Local', PathPrefix: pathPrefix }), (p) => p.Policies),
    );
    return policies.map(toPolicy);
  }

  /** One page of the policies under `pathPrefix` (a bounded scan goes on from `marker`). */
  async policiesPage(account: AwsAccount, pathPrefix: string, marker?: string): Promise<Page<IamPolicy>> {
    const out = await awsCall('iam', 'ListPolicies', () =>
      this.iam(account).send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: pathPrefix, MaxItems: PAGE_SIZE, ...(marker ? { Marker: marker } : {}) })),
    );
    return page((out.Policies ?? []).map(toPolicy), out);
  }

  /** The document of one version of a managed policy (IAM answers it URL-encoded). */
  async getPolicyDocument(account: AwsAccount, arn: string, versionId: string): Promise<object> {
    const out = await awsCall('iam', 'GetPolicyVersion', () => this.iam(account).send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })));
    return JSON.parse(decodeURIComponent(out.PolicyVersion?.Document ?? '')) as object;
  }

  async listPolicyVersions(account: AwsAccount, arn: string): Promise<PolicyVersion[]> {
    const versions = await awsCall('iam', 'ListPolicyVersions', () =>
      collect(paginateListPolicyVersions({ client: this.iam(account) }, { PolicyArn: arn }), (p) => p.Versions),
    );
    return versions.map((v) => ({ VersionId: v.VersionId ?? '', IsDefaultVersion: v.IsDefaultVersion ?? false }));
  }

  async deletePolicyVersion(account: AwsAccount, arn: string, versionId: string): Promise<void> {
    await awsCall('iam', 'DeletePolicyVersion', () => this.iam(account).send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })));
  }

  async deletePolicy(account: AwsAccount, arn: string): Promise<void> {
    await awsCall('iam', 'DeletePolicy', () => this.iam(account).send(new DeletePolicyCommand({ PolicyArn: arn })));
  }

  async createGroup(account: AwsAccount, name: string, path = '/'): Promise<IamGroup> {
    const out = await awsCall('iam', 'CreateGroup', () => this.iam(account).send(new CreateGroupCommand({ GroupName: name, Path: path })));
    return toGroup(out.Group ?? {});
  }

  /** The group with all its members; null when it does not exist. */
  async getGroup(account: AwsAccount, name: string): Promise<{ group: IamGroup; users: IamUser[] } | null> {
    return orNull(async () => {
      let group: IamGroup | undefined;
      const users = await awsCall('iam', 'GetGroup', () =>
        collect(paginateGetGroup({ client: this.iam(account) }, { GroupName: name }), (page) => {
          group ??= toGroup(page.Group ?? {});
          return page.Users?.map(toUser);
        }),
      );
      return { group: group!, users };
    });
  }

  /** Groups under an IAM path prefix (how scoped groups are found without scanning the account). */
  async listGroups(account: AwsAccount, pathPrefix: string): Promise<IamGroup[]> {
    const groups = await awsCall('iam', 'ListGroups', () =>
      collect(paginateListGroups({ client: this.iam(account) }, { PathPrefix: pathPrefix }), (p) => p.Groups),
    );
    return groups.map(toGroup);
  }

  /** One page of the groups under `pathPrefix`. */
  async groupsPage(account: AwsAccount, pathPrefix: string, marker?: string): Promise<Page<IamGroup>> {
    const out = await awsCall('iam', 'ListGroups', () =>
      this.iam(account).send(new ListGroupsCommand({ PathPrefix: pathPrefix, MaxItems: PAGE_SIZE, ...(marker ? { Marker: marker } : {}) })),
    );
    return page((out.Groups ?? []).map(toGroup), out);
  }

  /** Moves the group to another IAM path (its ARN changes; members and attachments stay). */
  async moveGroup(account: AwsAccount, name: string, path: string): Promise<void> {
    await awsCall('iam', 'UpdateGroup', () => this.iam(account).send(new UpdateGroupCommand({ GroupName: name, NewPath: path })));
  }

  async deleteGroup(account: AwsAccount, name: string): Promise<void> {
    await awsCall('iam', 'DeleteGroup', () => this.iam(account).send(new DeleteGroupCommand({ GroupName: name })));
  }

  async attachGroupPolicy(account: AwsAccount, group: string, policyArn: string): Promise<void> {
    await awsCall('iam', 'AttachGroupPolicy', () => this.iam(account).send(new AttachGroupPolicyCommand({ GroupName: group, PolicyArn: policyArn })));
  }

  async detachGroupPolicy(account: AwsAccount, group: string, policyArn: string): Promise<void> {
    await awsCall('iam', 'DetachGroupPolicy', () => this.iam(account).send(new DetachGroupPolicyCommand({ GroupName: group, PolicyArn: policyArn })));
  }

  async listAttachedGroupPolicies(account: AwsAccount, group: string): Promise<AttachedPolicy[]> {
    const items = await awsCall('iam', 'ListAttachedGroupPolicies', () =>
      collect(paginateListAttachedGroupPolicies({ client: this.iam(account) }, { GroupName: group }), (p) => p.AttachedPolicies),
    );
    return items.map((p) => ({ PolicyArn: p.PolicyArn ?? '', PolicyName: p.PolicyName ?? '' }));
  }

  /** With the account's permissions boundary, when one is configured. */
  async createUser(account: AwsAccount, input: { name: string; path?: string; tags: readonly Tag[] }): Promise<IamUser> {
    const out = await awsCall('iam', 'CreateUser', () =>
      this.iam(account).send(
        new CreateUserCommand({
          UserName: input.name,
          Path: input.path ?? '/',
          Tags: input.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
          ...(account.permissionsBoundaryArn ? { PermissionsBoundary: account.permissionsBoundaryArn } : {}),
        }),
      ),
    );
    return toUser(out.User ?? {});
  }

  async getUser(account: AwsAccount, name: string): Promise<IamUser | null> {
    return orNull(async () => toUser((await awsCall('iam', 'GetUser', () => this.iam(account).send(new GetUserCommand({ UserName: name })))).User ?? {}));
  }

  /** Users under an IAM path prefix. */
  async listUsers(account: AwsAccount, pathPrefix: string): Promise<IamUser[]> {
    const users = await awsCall('iam', 'ListUsers', () =>
      collect(paginateListUsers({ client: this.iam(account) }, { PathPrefix: pathPrefix }), (p) => p.Users),
    );
    return users.map(toUser);
  }

  /** Adds or overwrites tags of a user. */
  async tagUser(account: AwsAccount, name: string, tags: readonly Tag[]): Promise<void> {
    await awsCall('iam', 'TagUser', () =>
      this.iam(account).send(new TagUserCommand({ UserName: name, Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) })),
    );
  }

  /** One page of the users under `pathPrefix` (listings leave their tags out). */
  async usersPage(account: AwsAccount, pathPrefix: string, marker?: string): Promise<Page<IamUser>> {
    const out = await awsCall('iam', 'ListUsers', () =>
      this.iam(account).send(new ListUsersCommand({ PathPrefix: pathPrefix, MaxItems: PAGE_SIZE, ...(marker ? { Marker: marker } : {}) })),
    );
    return page((out.Users ?? []).map(toUser), out);
  }

  /** Moves the user to another IAM path (its ARN changes; keys and memberships stay). */
  async moveUser(account: AwsAccount, name: string, path: string): Promise<void> {
    await awsCall('iam', 'UpdateUser', () => this.iam(account).send(new UpdateUserCommand({ UserName: name, NewPath: path })));
  }

  async deleteUser(account: AwsAccount, name: string): Promise<void> {
    await awsCall('iam', 'DeleteUser', () => this.iam(account).send(new DeleteUserCommand({ UserName: name })));
  }

  async addUserToGroup(account: AwsAccount, user: string, group: string): Promise<void> {
    await awsCall('iam', 'AddUserToGroup', () => this.iam(account).send(new AddUserToGroupCommand({ UserName: user, GroupName: group })));
  }

  async removeUserFromGroup(account: AwsAccount, user: string, group: string): Promise<void> {
    await awsCall('iam', 'RemoveUserFromGroup', () => this.iam(account).send(new RemoveUserFromGroupCommand({ UserName: user, GroupName: group })));
  }

  async listGroupsForUser(account: AwsAccount, user: string): Promise<IamGroup[]> {
    const groups = await awsCall('iam', 'ListGroupsForUser', () =>
      collect(paginateListGroupsForUser({ client: this.iam(account) }, { UserName: user }), (p) => p.Groups),
    );
    return groups.map(toGroup);
  }

  async listAttachedUserPolicies(account: AwsAccount, user: string): Promise<AttachedPolicy[]> {
    const items = await awsCall('iam', 'ListAttachedUserPolicies', () =>
      collect(paginateListAttachedUserPolicies({ client: this.iam(account) }, { UserName: user }), (p) => p.AttachedPolicies),
    );
    return items.map((p) => ({ PolicyArn: p.PolicyArn ?? '', PolicyName: p.PolicyName ?? '' }));
  }

  async attachUserPolicy(account: AwsAccount, user: string, policyArn: string): Promise<void> {
    await awsCall('iam', 'AttachUserPolicy', () => this.iam(account).send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: policyArn })));
  }

  async detachUserPolicy(account: AwsAccount, user: string, policyArn: string): Promise<void> {
    await awsCall('iam', 'DetachUserPolicy', () => this.iam(account).send(new DetachUserPolicyCommand({ UserName: user, PolicyArn: policyArn })));
  }

  async listUserPolicies(account: AwsAccount, user: string): Promise<string[]> {
    return awsCall('iam', 'ListUserPolicies', () => collect(paginateListUserPolicies({ client: this.iam(account) }, { UserName: user }), (p) => p.PolicyNames));
  }

  async deleteUserPolicy(account: AwsAccount, user: string, policyName: string): Promise<void> {
    await awsCall('iam', 'DeleteUserPolicy', () => this.iam(account).send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: policyName })));
  }

  async deleteLoginProfile(account: AwsAccount, user: string): Promise<void> {
    await awsCall('iam', 'DeleteLoginProfile', () => this.iam(account).send(new DeleteLoginProfileCommand({ UserName: user })));
  }

  /** The user's credentials of one kind (MFA devices, SSH public keys, signing certificates, service-specific credentials). */
  async listCredentials(account: AwsAccount, user: string, kind: UserCredential['kind']): Promise<UserCredential[]> {
    const client = { client: this.iam(account) };
    const ids = await (async (): Promise<(string | undefined)[]> => {
      switch (kind) {
        case 'mfa-device':
          return awsCall('iam', 'ListMFADevices', () =>
            collect(paginateListMFADevices(client, { UserName: user }), (p) => p.MFADevices?.map((d) => d.SerialNumber)),
          );
        case 'ssh-public-key':
          return awsCall('iam', 'ListSSHPublicKeys', () =>
            collect(paginateListSSHPublicKeys(client, { UserName: user }), (p) => p.SSHPublicKeys?.map((k) => k.SSHPublicKeyId)),
          );
        case 'signing-certificate':
          return awsCall('iam', 'ListSigningCertificates', () =>
            collect(paginateListSigningCertificates(client, { UserName: user }), (p) => p.Certificates?.map((c) => c.CertificateId)),
          );
        case 'service-specific-credential': {
          const out = await awsCall('iam', 'ListServiceSpecificCredentials', () =>
            this.iam(account).send(new ListServiceSpecificCredentialsCommand({ UserName: user })),
          );
          return (out.ServiceSpecificCredentials ?? []).map((c) => c.ServiceSpecificCredentialId);
        }
      }
    })();
    return ids.filter((id): id is string => Boolean(id)).map((id) => ({ kind, id }));
  }

  /** Removes one credential: deactivates an MFA device (which frees it from the user), deletes the others. */
  async removeCredential(account: AwsAccount, user: string, credential: UserCredential): Promise<void> {
    const iam = this.iam(account);
    switch (credential.kind) {
      case 'mfa-device':
        await awsCall('iam', 'DeactivateMFADevice', () => iam.send(new DeactivateMFADeviceCommand({ UserName: user, SerialNumber: credential.id })));
        return;
      case 'ssh-public-key':
        await awsCall('iam', 'DeleteSSHPublicKey', () => iam.send(new DeleteSSHPublicKeyCommand({ UserName: user, SSHPublicKeyId: credential.id })));
        return;
      case 'signing-certificate':
        await awsCall('iam', 'DeleteSigningCertificate', () => iam.send(new DeleteSigningCertificateCommand({ UserName: user, CertificateId: credential.id })));
        return;
      case 'service-specific-credential':
        await awsCall('iam', 'DeleteServiceSpecificCredential', () =>
          iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: user, ServiceSpecificCredentialId: credential.id })),
        );
    }
  }

  async createAccessKey(account: AwsAccount, user: string): Promise<NewAccessKey> {
    return (await this.createAccessKeyWithAttempts(account, user)).key;
  }

  /** With how many attempts the SDK made: more than one means an earlier attempt may have made a key whose answer was lost. */
  async createAccessKeyWithAttempts(account: AwsAccount, user: string): Promise<{ key: NewAccessKey; attempts: number }> {
    const out = await awsCall('iam', 'CreateAccessKey', () => this.iam(account).send(new CreateAccessKeyCommand({ UserName: user })));
    const k = out.AccessKey;
    const key = {
      AccessKeyId: k?.AccessKeyId ?? '',
      SecretAccessKey: k?.SecretAccessKey ?? '',
      Status: k?.Status ?? 'Active',
      CreateDate: iso(k?.CreateDate),
      UserName: k?.UserName ?? user,
    };
    return { key, attempts: out.$metadata.attempts ?? 1 };
  }

  async listAccessKeys(account: AwsAccount, user: string): Promise<AccessKeyMetadata[]> {
    const keys = await awsCall('iam', 'ListAccessKeys', () =>
      collect(paginateListAccessKeys({ client: this.iam(account) }, { UserName: user }), (p) => p.AccessKeyMetadata),
    );
    return keys.map((k) => ({ AccessKeyId: k.AccessKeyId ?? '', Status: k.Status ?? 'Active', CreateDate: iso(k.CreateDate), UserName: k.UserName ?? user }));
  }

  async deleteAccessKey(account: AwsAccount, user: string, accessKeyId: string): Promise<void> {
    await awsCall('iam', 'DeleteAccessKey', () => this.iam(account).send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: accessKeyId })));
  }
}
