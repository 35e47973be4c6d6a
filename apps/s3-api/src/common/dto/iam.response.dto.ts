/** IAM objects as the API returns them (the seed's PascalCase shapes), built field by field. */
export class IamPolicyDto {
  /** @example "arn:aws:iam::111111111111:policy/s3-api/foobarbucketname/foobarbucketname-BktAdmPlc" */
  Arn!: string;
  /** @example "foobarbucketname-BktAdmPlc" */
  PolicyName!: string;
  /** @example "ANPAEXAMPLE12345678" */
  PolicyId!: string;
  /** @example "/s3-api/foobarbucketname/" */
  Path!: string;
  /** @example "v1" */
  DefaultVersionId!: string;
  AttachmentCount!: number;
  PermissionsBoundaryUsageCount!: number;
  IsAttachable!: boolean;
  Description!: string | null;
  /** @example "2019-03-01T15:33:52.000Z" */
  CreateDate!: string;
  /** @example "2019-03-01T15:33:52.000Z" */
  UpdateDate!: string;
}

export class IamGroupDto {
  /** @example "arn:aws:iam::111111111111:group/s3-api/foobarbucketname/foobarbucketname-BktAdmGrp" */
  Arn!: string;
  /** @example "foobarbucketname-BktAdmGrp" */
  GroupName!: string;
  /** @example "AGPAEXAMPLE12345678" */
  GroupId!: string;
  /** @example "/s3-api/foobarbucketname/" */
  Path!: string;
  /** @example "2019-03-01T15:33:52.000Z" */
  CreateDate!: string;
}

export class TagResponseDto {
  /** @example "Application" */
  Key!: string;
  /** @example "HowToGet" */
  Value!: string;
}

export class IamUserDto {
  /** @example "arn:aws:iam::111111111111:user/s3-api/foobarbucketname/somebucketuser" */
  Arn!: string;
  /** @example "somebucketuser" */
  UserName!: string;
  /** @example "AIDAEXAMPLE12345678" */
  UserId!: string;
  /** @example "/s3-api/foobarbucketname/" */
  Path!: string;
  /** @example "2019-03-01T16:11:00.000Z" */
  CreateDate!: string;
  PasswordLastUsed!: string | null;
  PermissionsBoundary!: string | null;
  Tags!: TagResponseDto[] | null;
}

export class AccessKeyDto {
  /** @example "AKIAEXAMPLE123456789" */
  AccessKeyId!: string;
  /** @example "Active" */
  Status!: string;
  /** @example "2019-03-01T16:11:00.000Z" */
  CreateDate!: string;
  /** @example "somebucketuser" */
  UserName!: string;
}

/** The one response shape that carries a secret: returned once, when a key is issued. */
export class NewAccessKeyDto extends AccessKeyDto {
  /**
   * The secret of the key: shown in this answer only, never again. Store it now.
   * @example "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
   */
  SecretAccessKey!: string;
}

/** A policy attached to one of the user's groups; `Arn` as in the seed (AWS calls it PolicyArn). */
export class AttachedPolicyDto {
  /** @example "arn:aws:iam::111111111111:policy/s3-api/foobarbucketname/foobarbucketname-BktAdmPlc" */
  Arn!: string;
  /** @example "foobarbucketname-BktAdmPlc" */
  PolicyName!: string;
}
