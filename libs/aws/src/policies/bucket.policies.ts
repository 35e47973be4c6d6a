import {
  BUCKET_CONFIGURATION_ACTIONS,
  BUCKET_READ_ACTIONS,
  OBJECT_ADMIN_ACTIONS,
  OBJECT_READ_ACTIONS,
  OBJECT_WRITE_ACTIONS,
  PREFIX_LIST_ACTIONS,
} from './s3.actions.js';
import { assertArnSafeBucket, assertScopePrefix, DISTRIBUTION_ARN } from './policy.guards.js';
import type { AccessLevel, PolicyDocument, PolicyStatement } from './policy.types.js';

export interface BucketAdminActions {
  readonly bucket: readonly string[];
  readonly object: readonly string[];
}

/** Used when an account's configuration names no admin actions: the same rights as `bucketAccessPolicy(b, 'admin')`. */
export const DEFAULT_BUCKET_ADMIN_ACTIONS: { bucket: string[]; object: string[] } = {
  bucket: [...BUCKET_CONFIGURATION_ACTIONS, ...BUCKET_READ_ACTIONS],
  object: [...OBJECT_READ_ACTIONS, ...OBJECT_WRITE_ACTIONS, ...OBJECT_ADMIN_ACTIONS],
};

const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
const document = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const allow = (Sid: string, actions: readonly string[], resource: string): PolicyStatement => ({
  Sid,
  Effect: 'Allow',
  Action: [...actions],
  Resource: [resource],
});

/**
 * The admin policy made with a bucket or website, from the account's configured action lists.
 * An empty list drops its statement, because IAM rejects a statement without actions.
 */
export function bucketAdminPolicy(bucket: string, actions: BucketAdminActions): PolicyDocument {
  assertArnSafeBucket(bucket);
  return document(...adminStatements(bucketArn(bucket), actions));
}

/** `bucketResource` is the bucket's ARN, or a pattern of policy variables that resolves to one. */
export function adminStatements(bucketResource: string, actions: BucketAdminActions): PolicyStatement[] {
  const statements = [allow('Bucket', actions.bucket, bucketResource), allow('Objects', actions.object, `${bucketResource}/*`)];
  const kept = statements.filter((statement) => statement.Action.length > 0);
  if (kept.length === 0) throw new RangeError('a bucket admin policy needs at least one bucket or object action');
  return kept;
}

/** What a website's admin may never do to its bucket: the site serves through the bucket's policy and Block Public Access, which belong to the service. */
export const WEBSITE_RESERVED_ACTIONS = ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketPublicAccessBlock'] as const;

/**
 * The admin policy of a website: the bucket admin policy plus an explicit Deny of the reserved
 * actions, which wins over any Allow, also one a configured list grants by wildcard (`s3:Put*`).
 */
export function websiteAdminPolicy(bucket: string, actions: BucketAdminActions): PolicyDocument {
  const admin = bucketAdminPolicy(bucket, actions);
  return document(...admin.Statement, reservedForTheService(bucketArn(bucket)));
}

export const reservedForTheService = (bucketResource: string): PolicyStatement => ({
  Sid: 'ServiceOwnsPublicAccess',
  Effect: 'Deny',
  Action: [...WEBSITE_RESERVED_ACTIONS],
  Resource: [bucketResource],
});

const OBJECT_ACTIONS: Record<AccessLevel, readonly string[]> = {
  admin: [...OBJECT_READ_ACTIONS, ...OBJECT_WRITE_ACTIONS, ...OBJECT_ADMIN_ACTIONS],
  'read-write': [...OBJECT_READ_ACTIONS, ...OBJECT_WRITE_ACTIONS],
  'read-only': OBJECT_READ_ACTIONS,
};

const BUCKET_ACTIONS: Record<AccessLevel, readonly string[]> = {
  admin: [...BUCKET_CONFIGURATION_ACTIONS, ...BUCKET_READ_ACTIONS],
  'read-write': BUCKET_READ_ACTIONS,
  'read-only': BUCKET_READ_ACTIONS,
};

/**
 * The policy of a bucket's admin, read-write or read-only group. With `prefix` (e.g. `docs` or
 * `one/two`) the user is confined to the objects under `<prefix>/`: it may list only there and gets
 * no bucket-level rights beyond locating the bucket, since a bucket policy, ACL or website rule
 * would let it reach past its folder.
 */
export function bucketAccessPolicy(bucket: string, level: AccessLevel, prefix?: string): PolicyDocument {
  assertArnSafeBucket(bucket);
  if (prefix !== undefined) assertScopePrefix(prefix);
  return document(...accessStatements(bucketArn(bucket), level, prefix));
}

/**
 * The statements of `bucketAccessPolicy`; `bucketResource` and `prefix` are checked names, or
 * patterns of policy variables that resolve to them.
 */
export function accessStatements(bucketResource: string, level: AccessLevel, prefix?: string): PolicyStatement[] {
  if (prefix === undefined) {
    return [allow('Bucket', BUCKET_ACTIONS[level], bucketResource), allow('Objects', OBJECT_ACTIONS[level], `${bucketResource}/*`)];
  }
  return [
    // Both forms: `docs/` lists the folder itself, `docs/*` anything below it. A bare `docs` would
    // also list `docsfoo/`, and an absent or empty prefix the whole bucket.
    { ...allow('ListFolder', PREFIX_LIST_ACTIONS, bucketResource), Condition: { StringLike: { 's3:prefix': [`${prefix}/`, `${prefix}/*`] } } },
    // Clients ask for the bucket's region before anything else; the answer reveals no content.
    allow('LocateBucket', ['s3:GetBucketLocation'], bucketResource),
    allow('FolderObjects', OBJECT_ACTIONS[level], `${bucketResource}/${prefix}/*`),
  ];
}

const publicRead = (bucket: string): PolicyStatement => ({
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: ['s3:GetObject'],
  Resource: [`${bucketArn(bucket)}/*`],
});

/**
 * CloudFront reading objects for one distribution only: the service principal, narrowed by the
 * distribution's ARN (Restricting access to an Amazon S3 origin, CloudFront developer guide). No
 * s3:ListBucket, so a missing key answers 403, which the distribution's error responses turn into 404.
 */
function cloudFrontRead(bucket: string, distributionArn: string): PolicyStatement {
  if (!DISTRIBUTION_ARN.test(distributionArn)) throw new RangeError(`'${distributionArn}' is not the ARN of one CloudFront distribution`);
  return {
    Sid: 'CloudFrontRead',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: ['s3:GetObject'],
    Resource: [`${bucketArn(bucket)}/*`],
    Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
  };
}

/** The S3 bucket policy of a website on its S3 website endpoint: anyone may read its objects, nothing else. */
export function websitePublicReadPolicy(bucket: string): PolicyDocument {
  assertArnSafeBucket(bucket);
  return document(publicRead(bucket));
}

/** The S3 bucket policy of a website behind an origin access control: its distribution alone reads its objects. */
export function websiteOriginAccessPolicy(bucket: string, distributionArn: string): PolicyDocument {
  assertArnSafeBucket(bucket);
  return document(cloudFrontRead(bucket, distributionArn));
}

/** While a website moves to an origin access control: both readers, so that neither origin fails meanwhile. */
export function websiteMigrationPolicy(bucket: string, distributionArn: string): PolicyDocument {
  assertArnSafeBucket(bucket);
  return document(publicRead(bucket), cloudFrontRead(bucket, distributionArn));
}
