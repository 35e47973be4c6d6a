import type { AccessKeyMetadata, AttachedPolicy, IamGroup, IamUser, NewAccessKey, Tag } from '#aws';
import type { AccessKeyDto, AttachedPolicyDto, IamUserDto, NewAccessKeyDto, TagResponseDto } from '../common/dto/iam.response.dto.js';
import { splitTags } from '../common/system-tags.js';
import type { CreateUserResponseDto, DeleteUserResponseDto, ResetKeysResponseDto, UserDetailsResponseDto } from './dto/user.response.dto.js';
import { presentGroup, presentTags } from '../common/iam.presenter.js';

const clientTagsOrNull = (tags: readonly Tag[]): TagResponseDto[] | null => {
  const client = splitTags(tags).client;
  return client.length > 0 ? presentTags(client) : null;
};

const toUserDto = (u: IamUser): IamUserDto => ({
  Arn: u.Arn,
  UserName: u.UserName,
  UserId: u.UserId,
  Path: u.Path,
  CreateDate: u.CreateDate,
  PasswordLastUsed: u.PasswordLastUsed,
  PermissionsBoundary: u.PermissionsBoundary,
  // Only client tags are shown, and users carry none (their tags are the service's): null, as in the seed,
  // whichever IAM call the user came from.
  Tags: clientTagsOrNull(u.Tags ?? []),
});

const toAccessKeyDto = (k: AccessKeyMetadata): AccessKeyDto => ({
  AccessKeyId: k.AccessKeyId,
  Status: k.Status,
  CreateDate: k.CreateDate,
  UserName: k.UserName,
});

const toNewAccessKeyDto = (k: NewAccessKey): NewAccessKeyDto => ({ ...toAccessKeyDto(k), SecretAccessKey: k.SecretAccessKey });

const toAttachedPolicyDto = (p: AttachedPolicy): AttachedPolicyDto => ({ Arn: p.PolicyArn, PolicyName: p.PolicyName });

/** Service results -> the seed's response shapes, field by field. */
export const UsersPresenter = {
  created: (r: { user: IamUser; accessKey: NewAccessKey }): CreateUserResponseDto => ({ User: toUserDto(r.user), AccessKey: toNewAccessKeyDto(r.accessKey) }),
  list: (users: readonly IamUser[]): IamUserDto[] => users.map(toUserDto),
  details: (r: { user: IamUser; accessKeys: AccessKeyMetadata[]; groups: IamGroup[]; policies: AttachedPolicy[] }): UserDetailsResponseDto => ({
    User: toUserDto(r.user),
    AccessKeys: r.accessKeys.map(toAccessKeyDto),
    Groups: r.groups.map(presentGroup),
    Policies: r.policies.map(toAttachedPolicyDto),
  }),
  reset: (r: { deletedKeyIds: string[]; accessKey: NewAccessKey }): ResetKeysResponseDto => ({
    DeletedKeyIds: [...r.deletedKeyIds],
    AccessKey: toNewAccessKeyDto(r.accessKey),
  }),
  deleted: (user: string, r: { deleted: boolean; deletedKeyIds: string[]; groups: string[] }): DeleteUserResponseDto => ({
    UserName: user,
    UserDeleted: r.deleted,
    DeletedKeyIds: [...r.deletedKeyIds],
    Groups: [...r.groups],
  }),
} as const;
