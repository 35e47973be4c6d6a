/*
 * The S3 action lists behind every bucket document, grouped by the resource each action applies to
 * (a bucket ARN or an object ARN): IAM silently ignores an action placed on the wrong resource type.
 *
 * Left out of upstream's lists on purpose:
 * - s3:ListAllMyBuckets and s3:ListAccessPoints are account-wide: they would show a bucket user the
 *   names of every other tenant's bucket, and no client needs them to open one known bucket.
 * - s3:GetObjectVersionForReplication, s3:ReplicateObject and s3:ReplicateDelete belong to the
 *   replication service role; in a user's hands they are writes that skip the ordinary checks.
 */

/** Bucket configuration changes, for admins of a whole bucket only. */
export const BUCKET_CONFIGURATION_ACTIONS = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketWebsite',
  's3:DeleteBucketWebsite',
  's3:PutAccelerateConfiguration',
  's3:PutBucketAcl',
  's3:PutBucketCORS',
  's3:PutBucketNotification',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketRequestPayment',
  's3:PutBucketVersioning',
  's3:PutInventoryConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutReplicationConfiguration',
] as const;

export const BUCKET_READ_ACTIONS = [
  's3:GetAccelerateConfiguration',
  's3:GetBucketAcl',
  's3:GetBucketCORS',
  's3:GetBucketLocation',
  's3:GetBucketLogging',
  's3:GetBucketNotification',
  's3:GetBucketObjectLockConfiguration',
  's3:GetBucketPolicy',
  's3:GetBucketPolicyStatus',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketRequestPayment',
  's3:GetBucketTagging',
  's3:GetBucketVersioning',
  's3:GetBucketWebsite',
  's3:GetEncryptionConfiguration',
  's3:GetInventoryConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetMetricsConfiguration',
  's3:GetReplicationConfiguration',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
  's3:ListBucketVersions',
] as const;

/** The listings S3 filters by the `s3:prefix` condition key (ListBucketMultipartUploads is not one). */
export const PREFIX_LIST_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions'] as const;

export const OBJECT_READ_ACTIONS = [
  's3:GetObject',
  's3:GetObjectAcl',
  's3:GetObjectLegalHold',
  's3:GetObjectRetention',
  's3:GetObjectTagging',
  's3:GetObjectVersion',
  's3:GetObjectVersionAcl',
  's3:GetObjectVersionTagging',
  's3:ListMultipartUploadParts',
] as const;

export const OBJECT_WRITE_ACTIONS = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject', 's3:RestoreObject'] as const;

/** Sharing and retention of objects: an admin's rights on top of read-write. */
export const OBJECT_ADMIN_ACTIONS = ['s3:PutObjectAcl', 's3:PutObjectVersionAcl', 's3:PutObjectRetention', 's3:PutObjectLegalHold'] as const;

/**
 * What the service itself does to a bucket it manages, after creating it (the S3 calls of the bucket
 * routes: show, tag, set or replace the policy, delete): a bucket policy must never deny it one of these.
 */
export const SERVICE_BUCKET_ACTIONS = [
  's3:ListBucket',
  's3:GetBucketLocation',
  's3:GetBucketTagging',
  's3:PutBucketTagging',
  's3:GetBucketLogging',
  's3:GetEncryptionConfiguration',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketPolicy',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:DeleteBucket',
] as const;
