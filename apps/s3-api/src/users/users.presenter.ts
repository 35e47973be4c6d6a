import type { AccessKeyMetadata, AttachedPolicy, IamGroup, IamUser, NewAccessKey } from '#aws';
import type { AccessKeyDto, AttachedPolicyDto, IamUserDto, NewAccessKeyDto } from '../common/dto/iam.response.dto.js';
import type { CreateUserResponseDto, DeleteUserResponseDto, ResetKeysResponseDto, UserDetailsResponseDto } from './dto/user.response.dto.js';
import { presentGroup } from '../common/iam.presenter.js';

const toUserDto = (u: IamUser): IamUserDto => ({
  Arn: u.Arn,
  UserName: u.UserName,
  UserId: u.UserId,
  Path: u.Path,
  CreateDate: u.CreateDate,
  PasswordLastUsed: u.PasswordLastUsed,
  PermissionsBoundary: u.PermissionsBoundary,
  Tags: u.Tags ? u.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) : null,
});

const toAccessKeyDto = (k: AccessKeyMetadata): AccessKeyDto => ({ AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: k.CreateDate, UserName: k.UserName });

const toNewAccessKeyDto = (k: NewAccessKey): NewAccessKeyDto => ({ ...toAccessKeyDto(k), SecretAccessKey: k.SecretAccessKey });


const toAttachedPolicyDto = (p: AttachedPolicy): AttachedPolicyDto => ({ PolicyArn: p.PolicyArn, PolicyName: p.PolicyName });

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
  reset: (r: { deletedKeyIds: string[]; accessKey: NewAccessKey }): ResetKeysResponseDto => ({ DeletedKeyIds: [...r.deletedKeyIds], AccessKey: toNewAccessKeyDto(r.accessKey) }),
  deleted: (user: string, r: { deleted: boolean; deletedKeyIds: string[]; groups: string[] }): DeleteUserResponseDto => ({
    UserName: user,
    UserDeleted: r.deleted,
    DeletedKeyIds: [...r.deletedKeyIds],
    Groups: [...r.groups],
  }),
} as const;
