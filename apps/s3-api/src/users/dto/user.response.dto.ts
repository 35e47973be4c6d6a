import { AccessKeyDto, AttachedPolicyDto, IamGroupDto, IamUserDto, NewAccessKeyDto } from '../../common/dto/iam.response.dto.js';

export class CreateUserResponseDto {
  User!: IamUserDto;
  /** The new key with its secret: shown this once, never again. */
  AccessKey!: NewAccessKeyDto;
}

export class UserDetailsResponseDto {
  User!: IamUserDto;
  /** Key metadata, never the secrets. */
  AccessKeys!: AccessKeyDto[];
  /** The user's groups that belong to this bucket. */
  Groups!: IamGroupDto[];
  /** Managed policies attached to those groups. */
  Policies!: AttachedPolicyDto[];
}

export class ResetKeysResponseDto {
  /** @example ["AKIAEXAMPLEOLDKEY123"] */
  DeletedKeyIds!: string[];
  /** The new key with its secret: shown this once, never again. */
  AccessKey!: NewAccessKeyDto;
}

export class DeleteUserResponseDto {
  /** @example "somebucketuser" */
  UserName!: string;
  /** False when the user also belongs to other buckets' groups: it then only left this bucket's groups and keeps its keys. */
  UserDeleted!: boolean;
  /** @example ["AKIAEXAMPLE123456789"] */
  DeletedKeyIds!: string[];
  /** The groups of this bucket the user left. @example ["somebucket-BktAdmGrp"] */
  Groups!: string[];
}
