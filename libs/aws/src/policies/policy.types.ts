/** The JSON shape of an IAM or S3 policy, as AWS reads it. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Readonly<Record<string, string | string[]>>;
  readonly Action: string[];
  readonly Resource: string[];
  /** operator -> condition key -> value(s), e.g. `{ StringLike: { 's3:prefix': ['docs/'] } }` */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | string[]>>>>;
}

export type AccessLevel = 'admin' | 'read-write' | 'read-only';
