/** Who a log-delivery grant names, in S3's shape. */
export class GranteeDto {
  DisplayName!: string | null;
  EmailAddress!: string | null;
  ID!: string | null;
  /** @example "CanonicalUser" */
  Type!: string;
  URI!: string | null;
}

/** A log-delivery grant, in S3's shape. */
export class TargetGrantDto {
  Grantee!: GranteeDto;
  /** @example "READ" */
  Permission!: string;
}

/** Server access logging of a bucket, in the seed's shape. */
export class LoggingDto {
  /** @example "s3-api-access-logs-111111111111" */
  TargetBucket!: string;
  /**
   * Always null: logs are delivered without extra grants.
   * @example null
   */
  TargetGrants!: TargetGrantDto[] | null;
  /** @example "s3/foobarbucketname/" */
  TargetPrefix!: string;
}
