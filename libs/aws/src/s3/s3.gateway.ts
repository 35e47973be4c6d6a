import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketTaggingCommand,
  GetBucketPolicyCommand,
  GetBucketWebsiteCommand,
  GetObjectTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { Injectable } from '@nestjs/common';
import type { AwsAccount } from '../accounts/aws-account.js';
import { AwsClientFactory } from '../clients/aws-client.factory.js';
import { awsCall, awsCodeOf } from '../clients/aws-call.js';
import { isForbidden } from '../errors/aws-conditions.js';
import {
  type BucketExistence,
  type BucketLogging,
  type LifecycleRule,
  type PublicAccessBlock,
  publicAccessBlockOf,
  type Tag,
  type UploadPage,
  type VersionPage,
  type WebsiteConfiguration,
} from './s3.types.js';

const encodeTags = (tags: readonly Tag[]): string => new URLSearchParams(tags.map((t): [string, string] => [t.Key, t.Value])).toString();

/** S3, one AWS call per method, in our own types. */
@Injectable()
export class S3Gateway {
  constructor(private readonly clients: AwsClientFactory) {}

  private s3(account: AwsAccount, region?: string) {
    return this.clients.client('s3', account, region);
  }

  /** When the account's bucket was made (ISO 8601), null when it has none of that name: one bounded ListBuckets. */
  async bucketCreationDate(account: AwsAccount, bucket: string): Promise<string | null> {
    const out = await awsCall('s3', 'ListBuckets', () => this.s3(account).send(new ListBucketsCommand({ Prefix: bucket, MaxBuckets: 1 })));
    const found = out.Buckets?.[0];
    return found?.Name === bucket && found.CreationDate ? found.CreationDate.toISOString() : null;
  }

  async listBuckets(account: AwsAccount): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const out = await awsCall('s3', 'ListBuckets', () =>
        this.s3(account).send(new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) })),
      );
      names.push(...(out.Buckets ?? []).map((b) => b.Name ?? '').filter(Boolean));
      token = out.ContinuationToken;
    } while (token);
    return names;
  }

  /** 'forbidden' is a bucket of another account (S3 names are global). */
  async headBucket(account: AwsAccount, bucket: string): Promise<BucketExistence> {
    try {
      await awsCall('s3', 'HeadBucket', () => this.s3(account).send(new HeadBucketCommand({ Bucket: bucket })));
      return 'exists';
    } catch (error) {
      const code = awsCodeOf(error);
      if (code === 'NotFound' || code === 'NoSuchBucket') return 'missing';
      // A HEAD answer has no body, so a 403 carries no error code; the translation classifies it by
      // status. A failed AssumeRole is also a 403, but it comes from STS and means something else.
      if (isForbidden(error, 's3')) return 'forbidden';
      throw error;
    }
  }

  /** Returns the bucket's Location ("/name" in us-east-1). */
  async createBucket(account: AwsAccount, bucket: string, region: string): Promise<string> {
    const out = await awsCall('s3', 'CreateBucket', () =>
      this.s3(account, region).send(
        new CreateBucketCommand({
          Bucket: bucket,
          ObjectOwnership: 'BucketOwnerEnforced',
          ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
        }),
      ),
    );
    return out.Location ?? `/${bucket}`;
  }

  async deleteBucket(account: AwsAccount, bucket: string): Promise<void> {
    await awsCall('s3', 'DeleteBucket', () => this.s3(account).send(new DeleteBucketCommand({ Bucket: bucket })));
  }

  async getBucketRegion(account: AwsAccount, bucket: string): Promise<string> {
    const out = await awsCall('s3', 'GetBucketLocation', () => this.s3(account).send(new GetBucketLocationCommand({ Bucket: bucket })));
    return out.LocationConstraint || 'us-east-1';
  }

  /** Replaces the whole tag set. */
  async putBucketTags(account: AwsAccount, bucket: string, tags: readonly Tag[]): Promise<void> {
    await awsCall('s3', 'PutBucketTagging', () =>
      this.s3(account).send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } })),
    );
  }

  /** The bucket's tags; [] when it has none. */
  async getBucketTags(account: AwsAccount, bucket: string): Promise<Tag[]> {
    try {
      const out = await awsCall('s3', 'GetBucketTagging', () => this.s3(account).send(new GetBucketTaggingCommand({ Bucket: bucket })));
      return (out.TagSet ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
    } catch (error) {
      if (awsCodeOf(error) === 'NoSuchTagSet') return [];
      throw error;
    }
  }

  /** Default encryption SSE-S3 (AES256) with S3 Bucket Keys. */
  async putDefaultEncryption(account: AwsAccount, bucket: string): Promise<void> {
    await awsCall('s3', 'PutBucketEncryption', () =>
      this.s3(account).send(
        new PutBucketEncryptionCommand({
          Bucket: bucket,
          ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] },
        }),
      ),
    );
  }

  /** The default encryption algorithm, or null when none is configured. */
  async getDefaultEncryption(account: AwsAccount, bucket: string): Promise<string | null> {
    try {
      const out = await awsCall('s3', 'GetBucketEncryption', () => this.s3(account).send(new GetBucketEncryptionCommand({ Bucket: bucket })));
      return out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null;
    } catch (error) {
      if (awsCodeOf(error) === 'ServerSideEncryptionConfigurationNotFoundError') return null;
      throw error;
    }
  }

  async putPublicAccessBlock(account: AwsAccount, bucket: string, config: PublicAccessBlock): Promise<void> {
    await awsCall('s3', 'PutPublicAccessBlock', () =>
      this.s3(account).send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { ...config } })),
    );
  }

  async getPublicAccessBlock(account: AwsAccount, bucket: string): Promise<PublicAccessBlock | null> {
    try {
      const out = await awsCall('s3', 'GetPublicAccessBlock', () => this.s3(account).send(new GetPublicAccessBlockCommand({ Bucket: bucket })));
      return publicAccessBlockOf(out.PublicAccessBlockConfiguration);
    } catch (error) {
      if (awsCodeOf(error) === 'NoSuchPublicAccessBlockConfiguration') return null;
      throw error;
    }
  }

  /** Server access logging to `target` under `prefix`; `null` turns logging off. */
  async putBucketLogging(account: AwsAccount, bucket: string, target: { bucket: string; prefix: string } | null): Promise<void> {
    await awsCall('s3', 'PutBucketLogging', () =>
      this.s3(account).send(
        new PutBucketLoggingCommand({
          Bucket: bucket,
          BucketLoggingStatus: target ? { LoggingEnabled: { TargetBucket: target.bucket, TargetPrefix: target.prefix } } : {},
        }),
      ),
    );
  }

  async getBucketLogging(account: AwsAccount, bucket: string): Promise<BucketLogging | null> {
    const out = await awsCall('s3', 'GetBucketLogging', () => this.s3(account).send(new GetBucketLoggingCommand({ Bucket: bucket })));
    const enabled = out.LoggingEnabled;
    return enabled?.TargetBucket ? { TargetBucket: enabled.TargetBucket, TargetPrefix: enabled.TargetPrefix ?? '', TargetGrants: null } : null;
  }

  async putBucketWebsite(account: AwsAccount, bucket: string, config: WebsiteConfiguration): Promise<void> {
    await awsCall('s3', 'PutBucketWebsite', () =>
      this.s3(account).send(
        new PutBucketWebsiteCommand({
          Bucket: bucket,
          WebsiteConfiguration: {
            IndexDocument: { ...config.IndexDocument },
            ...(config.ErrorDocument ? { ErrorDocument: { ...config.ErrorDocument } } : {}),
            ...(config.RoutingRules
              ? { RoutingRules: config.RoutingRules.map((r) => ({ ...(r.Condition ? { Condition: { ...r.Condition } } : {}), Redirect: { ...r.Redirect } })) }
              : {}),
          },
        }),
      ),
    );
  }

  /** The bucket's website configuration; null when it has none. */
  async getBucketWebsite(account: AwsAccount, bucket: string): Promise<WebsiteConfiguration | null> {
    try {
      const out = await awsCall('s3', 'GetBucketWebsite', () => this.s3(account).send(new GetBucketWebsiteCommand({ Bucket: bucket })));
      const rules = (out.RoutingRules ?? []).map((r) => ({ ...(r.Condition ? { Condition: { ...r.Condition } } : {}), Redirect: { ...r.Redirect } }));
      return {
        IndexDocument: { Suffix: out.IndexDocument?.Suffix ?? 'index.html' },
        ...(out.ErrorDocument?.Key ? { ErrorDocument: { Key: out.ErrorDocument.Key } } : {}),
        ...(rules.length > 0 ? { RoutingRules: rules } : {}),
      };
    } catch (error) {
      if (awsCodeOf(error) === 'NoSuchWebsiteConfiguration') return null;
      throw error;
    }
  }

  /** The bucket's policy document, as text; null when it has none. */
  async getBucketPolicy(account: AwsAccount, bucket: string): Promise<string | null> {
    try {
      const out = await awsCall('s3', 'GetBucketPolicy', () => this.s3(account).send(new GetBucketPolicyCommand({ Bucket: bucket })));
      return out.Policy ?? null;
    } catch (error) {
      if (awsCodeOf(error) === 'NoSuchBucketPolicy') return null;
      throw error;
    }
  }

  /** Whether the bucket has a website configuration (serves as an S3 website endpoint). */
  async hasWebsiteConfiguration(account: AwsAccount, bucket: string): Promise<boolean> {
    try {
      await awsCall('s3', 'GetBucketWebsite', () => this.s3(account).send(new GetBucketWebsiteCommand({ Bucket: bucket })));
      return true;
    } catch (error) {
      if (awsCodeOf(error) === 'NoSuchWebsiteConfiguration') return false;
      throw error;
    }
  }

  async putBucketPolicy(account: AwsAccount, bucket: string, policy: string): Promise<void> {
    await awsCall('s3', 'PutBucketPolicy', () => this.s3(account).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy })));
  }

  async putLifecycle(account: AwsAccount, bucket: string, rules: readonly LifecycleRule[]): Promise<void> {
    await awsCall('s3', 'PutBucketLifecycleConfiguration', () =>
      this.s3(account).send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket,
          LifecycleConfiguration: {
            Rules: rules.map((r) => ({
              ID: r.ID,
              Status: r.Status,
              Filter: { Prefix: r.Filter.Prefix },
              ...(r.Transitions ? { Transitions: r.Transitions.map((t) => ({ Days: t.Days, StorageClass: t.StorageClass as 'DEEP_ARCHIVE' })) } : {}),
              ...(r.AbortIncompleteMultipartUpload ? { AbortIncompleteMultipartUpload: { ...r.AbortIncompleteMultipartUpload } } : {}),
            })),
          },
        }),
      ),
    );
  }

  /**
   * One page of every version and delete marker: what keeps a bucket from being deleted, which
   * ListObjectsV2 does not show (a versioned bucket whose objects were deleted lists empty there).
   */
  async listObjectVersions(
    account: AwsAccount,
    bucket: string,
    options: { maxKeys: number; from?: { keyMarker: string; versionIdMarker: string } },
  ): Promise<VersionPage> {
    const out = await awsCall('s3', 'ListObjectVersions', () =>
      this.s3(account).send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          MaxKeys: options.maxKeys,
          ...(options.from ? { KeyMarker: options.from.keyMarker, VersionIdMarker: options.from.versionIdMarker } : {}),
        }),
      ),
    );
    const version = (v: { Key?: string; VersionId?: string }) => ({ key: v.Key ?? '', versionId: v.VersionId ?? 'null' });
    return {
      versions: (out.Versions ?? []).map(version),
      deleteMarkers: (out.DeleteMarkers ?? []).map(version),
      ...(out.IsTruncated && out.NextKeyMarker ? { next: { keyMarker: out.NextKeyMarker, versionIdMarker: out.NextVersionIdMarker ?? '' } } : {}),
    };
  }

  /** How many incomplete multipart uploads the bucket holds, up to `max`. */
  async listMultipartUploads(account: AwsAccount, bucket: string, max: number): Promise<UploadPage> {
    const out = await awsCall('s3', 'ListMultipartUploads', () => this.s3(account).send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: max })));
    return { uploads: out.Uploads?.length ?? 0, truncated: out.IsTruncated ?? false };
  }

  /**
   * `ifAbsent`: S3's conditional write (`If-None-Match: *`), which makes the object only if its key does
   * not exist: 412 PreconditionFailed when it does, 409 ConditionalRequestConflict when another write
   * of the key landed meanwhile. Answers what identifies the object written: its ETag, and its version
   * id in a bucket that has versioning.
   */
  async putObject(
    account: AwsAccount,
    bucket: string,
    key: string,
    body: string,
    options: { contentType: string; tags?: readonly Tag[]; ifAbsent?: boolean },
  ): Promise<{ etag: string; versionId?: string }> {
    const out = await awsCall('s3', 'PutObject', () =>
      this.s3(account).send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
          ...(options.tags?.length ? { Tagging: encodeTags(options.tags) } : {}),
          ...(options.ifAbsent ? { IfNoneMatch: '*' } : {}),
        }),
      ),
    );
    return { etag: out.ETag ?? '', ...(out.VersionId ? { versionId: out.VersionId } : {}) };
  }

  /** One page of the keys under `prefix` (ListObjectsV2), each with when it was last written. */
  async listObjects(
    account: AwsAccount,
    bucket: string,
    options: { prefix: string; maxKeys: number; token?: string },
  ): Promise<{ items: { key: string; lastModified: string }[]; next?: string }> {
    const out = await awsCall('s3', 'ListObjectsV2', () =>
      this.s3(account).send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: options.prefix,
          MaxKeys: options.maxKeys,
          ...(options.token ? { ContinuationToken: options.token } : {}),
        }),
      ),
    );
    return {
      items: (out.Contents ?? []).map((o) => ({ key: o.Key ?? '', lastModified: (o.LastModified ?? new Date(0)).toISOString() })),
      ...(out.IsTruncated && out.NextContinuationToken ? { next: out.NextContinuationToken } : {}),
    };
  }

  /** When the object was last written (ISO 8601) and its ETag, which names this very object; null when there is none of that key. */
  async objectHead(account: AwsAccount, bucket: string, key: string): Promise<{ lastModified: string; etag: string } | null> {
    try {
      const out = await awsCall('s3', 'HeadObject', () => this.s3(account).send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
      return { lastModified: (out.LastModified ?? new Date(0)).toISOString(), etag: out.ETag ?? '' };
    } catch (error) {
      if (awsCodeOf(error) === 'NotFound' || awsCodeOf(error) === 'NoSuchKey') return null;
      throw error;
    }
  }

  /** Replaces the object's tag set. */
  async putObjectTags(account: AwsAccount, bucket: string, key: string, tags: readonly Tag[]): Promise<void> {
    await awsCall('s3', 'PutObjectTagging', () =>
      this.s3(account).send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } })),
    );
  }

  async objectExists(account: AwsAccount, bucket: string, key: string): Promise<boolean> {
    try {
      await awsCall('s3', 'HeadObject', () => this.s3(account).send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
      return true;
    } catch (error) {
      if (awsCodeOf(error) === 'NotFound' || awsCodeOf(error) === 'NoSuchKey') return false;
      throw error;
    }
  }

  /** The tags of the object's current version, or of `versionId`. */
  async getObjectTags(account: AwsAccount, bucket: string, key: string, versionId?: string): Promise<Tag[]> {
    const out = await awsCall('s3', 'GetObjectTagging', () =>
      this.s3(account).send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) })),
    );
    return (out.TagSet ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
  }

  /**
   * S3's conditional delete (`If-Match: <ETag>`, docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html):
   * deletes the key's current object only if it is still the one of that ETag, in one atomic step; 412
   * PreconditionFailed when another object is there now, 404 NoSuchKey when none is, 409
   * ConditionalRequestConflict when a write of the key landed meanwhile. It needs s3:GetObject as well.
   */
  async deleteObjectIfMatch(account: AwsAccount, bucket: string, key: string, etag: string): Promise<void> {
    await awsCall('s3', 'DeleteObject', () => this.s3(account).send(new DeleteObjectCommand({ Bucket: bucket, Key: key, IfMatch: etag })));
  }

  /** Without `versionId`, in a versioned bucket, S3 only adds a delete marker; with it, that version is gone for good. */
  async deleteObject(account: AwsAccount, bucket: string, key: string, versionId?: string): Promise<void> {
    await awsCall('s3', 'DeleteObject', () =>
      this.s3(account).send(new DeleteObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) })),
    );
  }
}
