import { IamGroupDto, IamPolicyDto, TagResponseDto } from '../../common/dto/iam.response.dto.js';
import { LoggingDto } from '../../common/dto/logging.response.dto.js';

export class CreateBucketResponseDto {
  /**
   * The new bucket, as a path.
   * @example "/foobarbucketname"
   */
  Bucket!: string;
  /**
   * The bucket's admin policy (`<bucket>-BktAdmPlc`): full access to this bucket and its objects. In
   * an account of the `tags` access model, the account's shared admin policy
   * (`s3-api-BktAdmPlc-<hash>`), which grants that access to users tagged with this bucket.
   */
  Policy!: IamPolicyDto;
  /** The bucket's admin group (`<bucket>-BktAdmGrp`), with the admin policy attached; null in an account of the `tags` access model, which makes no group. */
  Group!: IamGroupDto | null;
}

export class PublicAccessBlockDto {
  /** @example true */
  BlockPublicAcls!: boolean;
  /** @example true */
  IgnorePublicAcls!: boolean;
  /** @example true */
  BlockPublicPolicy!: boolean;
  /** @example true */
  RestrictPublicBuckets!: boolean;
}

export class BucketDetailsResponseDto {
  /** The client tags. */
  Tags!: TagResponseDto[];
  /** The tags the service keeps on the bucket (prefix `s3-api:`); clients cannot change them. */
  SystemTags!: TagResponseDto[];
  /** Server access logging, or null when it is off. */
  Logging!: LoggingDto | null;
  /**
   * True when the bucket holds no object version, delete marker or incomplete multipart upload: what
   * DELETE refuses a bucket for (a versioned bucket whose objects were deleted still holds versions).
   * @example true
   */
  Empty!: boolean;
  /** @example "us-east-1" */
  Region!: string;
  /**
   * Default encryption algorithm (`AES256` is SSE-S3, `aws:kms` SSE-KMS), or null when none is set.
   * @example "AES256"
   */
  Encryption!: string | null;
  /** The bucket's Block Public Access settings, or null when it has none. */
  PublicAccessBlock!: PublicAccessBlockDto | null;
}

/** What the update changed; a field appears only when the request set it. */
export class UpdateBucketResponseDto {
  /** @example "foobarbucketname" */
  Bucket!: string;
  /** The bucket's client tags now. */
  Tags?: TagResponseDto[];
  /** The system tags that were kept. */
  SystemTags?: TagResponseDto[];
  /**
   * The bucket policy now in force, as sent.
   * @example "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
   */
  BucketPolicy?: string;
}

/** Everything the delete removed. */
export class DeleteBucketResponseDto {
  /** @example "foobarbucketname" */
  Bucket!: string;
  /**
   * IAM users deleted (users that also belong to other buckets only lost their membership, and are not listed).
   * @example ["somebucketuser"]
   */
  Users!: string[];
  /** @example ["foobarbucketname-BktAdmGrp", "foobarbucketname-BktRWGrp"] */
  Groups!: string[];
  /** @example ["foobarbucketname-BktAdmPlc", "foobarbucketname-BktRWPlc"] */
  Policies!: string[];
}

/** What the adopt took over: everything now sits under the IAM path `/s3-api/<bucket>/`. */
export class AdoptBucketResponseDto {
  /** @example "reports" */
  Bucket!: string;
  /**
   * The bucket's groups, moved from the IAM path `/`.
   * @example ["reports-BktAdmGrp", "reports-BktRWGrp"]
   */
  Groups!: string[];
  /**
   * The groups' policies, recreated with the same document (a policy cannot change path).
   * @example ["reports-BktAdmPlc", "reports-BktRWPlc"]
   */
  Policies!: string[];
  /**
   * Users moved with their keys: members of the bucket's groups and of nothing else (others stay where they are, still members).
   * @example ["reports-admin"]
   */
  Users!: string[];
}
