import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketLifecycleCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeleteBucketWebsiteCommand,
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetObjectTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  PutPublicAccessBlockCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxClients, createSandboxClients } from './clients.js';
import { AwsSandbox } from './sandbox.js';
import { awsErrorOf } from './testing.js';

const A = '111111111111';
const B = '222222222222';

const publicPolicy = (bucket: string, principal: unknown = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
  });

/** The bucket policy S3 server access logging needs on its target (S3 user guide, "Permissions for log delivery"). */
const logDelivery = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

describe('S3 in the sandbox', () => {
  let sandbox: AwsSandbox;
  let a: SandboxClients;
  let b: SandboxClients;

  beforeEach(() => {
    sandbox = new AwsSandbox();
    a = createSandboxClients(sandbox, A);
    b = createSandboxClients(sandbox, B);
  });
  afterEach(() => {
    a.destroy();
    b.destroy();
  });

  describe('CreateBucket', () => {
    it('answers /name in us-east-1 and lists the bucket', async () => {
      const out = await a.s3.send(new CreateBucketCommand({ Bucket: 'alpha' }));
      expect(out.Location).toBe('/alpha');
      expect(out.$metadata.httpStatusCode).toBe(200);
      const list = await a.s3.send(new ListBucketsCommand({}));
      expect(list.Buckets?.map((bucket) => bucket.Name)).toEqual(['alpha']);
    });

    it('refuses a name another account holds: BucketAlreadyExists 409 (names are global)', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'taken' }));
      const error = await awsErrorOf(b.s3.send(new CreateBucketCommand({ Bucket: 'taken' })));
      expect([error.name, error.status]).toEqual(['BucketAlreadyExists', 409]);
      expect(sandbox.bucketOwner('taken')).toBe(A);
    });

    it('answers 200 again for your own bucket in us-east-1, changing nothing', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'mine' }));
      await a.s3.send(new PutBucketTaggingCommand({ Bucket: 'mine', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }));
      const before = sandbox.snapshot();
      const again = await a.s3.send(new CreateBucketCommand({ Bucket: 'mine' }));
      expect(again.$metadata.httpStatusCode).toBe(200);
      expect(sandbox.diff(before, sandbox.snapshot()).isEmpty()).toBe(true);
    });

    it('refuses your own bucket outside us-east-1: BucketAlreadyOwnedByYou 409', async () => {
      const eu = createSandboxClients(sandbox, A, { region: 'eu-west-1' });
      await eu.s3.send(new CreateBucketCommand({ Bucket: 'in-ireland' }));
      const error = await awsErrorOf(eu.s3.send(new CreateBucketCommand({ Bucket: 'in-ireland' })));
      expect([error.name, error.status]).toEqual(['BucketAlreadyOwnedByYou', 409]);
      const location = await eu.s3.send(new GetBucketLocationCommand({ Bucket: 'in-ireland' }));
      expect(location.LocationConstraint).toBe('eu-west-1');
      eu.destroy();
    });

    it('rejects invalid names: InvalidBucketName 400', async () => {
      for (const name of ['ab', 'Upper', 'a..b', '192.168.1.1', 'xn--abc', 'name-s3alias', '-dash']) {
        const error = await awsErrorOf(a.s3.send(new CreateBucketCommand({ Bucket: name })));
        expect([name, error.status]).toEqual([name, 400]);
      }
    });

    it('gives a new bucket all four Block Public Access flags and SSE-S3', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'fresh' }));
      const block = await a.s3.send(new GetPublicAccessBlockCommand({ Bucket: 'fresh' }));
      expect(block.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
      const encryption = await a.s3.send(new GetBucketEncryptionCommand({ Bucket: 'fresh' }));
      expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    });
    it('refuses a bucket over the account quota (10,000 by default, S3 bucket restrictions): TooManyBuckets 400', async () => {
      sandbox.setQuotas(A, { buckets: 3 });
      sandbox.seed(A, { buckets: 3 });
      expect(await awsErrorOf(a.s3.send(new CreateBucketCommand({ Bucket: 'one-too-many' })))).toMatchObject({ name: 'TooManyBuckets', status: 400 });
      expect(sandbox.hasBucket('one-too-many')).toBe(false);
    });
  });

  describe('HeadBucket', () => {
    it("answers 200 for yours, 404 NotFound for a missing one, 403 for another account's", async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'exists' }));
      const ok = await a.s3.send(new HeadBucketCommand({ Bucket: 'exists' }));
      expect(ok.BucketRegion).toBe('us-east-1');
      const missing = await awsErrorOf(a.s3.send(new HeadBucketCommand({ Bucket: 'missing' })));
      expect([missing.name, missing.status]).toEqual(['NotFound', 404]);
      const foreign = await awsErrorOf(b.s3.send(new HeadBucketCommand({ Bucket: 'exists' })));
      // A HEAD answer has no body: the real SDK can only name a 403 'Unknown'.
      expect([foreign.name, foreign.status]).toEqual(['Unknown', 403]);
    });
  });

  describe('DeleteBucket', () => {
    it('refuses a bucket holding objects: BucketNotEmpty 409; deletes it once empty (204)', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'full' }));
      await a.s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'index.html', Body: 'hi' }));
      const error = await awsErrorOf(a.s3.send(new DeleteBucketCommand({ Bucket: 'full' })));
      expect([error.name, error.status]).toEqual(['BucketNotEmpty', 409]);
      await a.s3.send(new DeleteObjectCommand({ Bucket: 'full', Key: 'index.html' }));
      const deleted = await a.s3.send(new DeleteBucketCommand({ Bucket: 'full' }));
      expect(deleted.$metadata.httpStatusCode).toBe(204);
      expect(sandbox.hasBucket('full')).toBe(false);
    });

    it("answers NoSuchBucket 404 for a missing bucket and AccessDenied 403 for another account's", async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'owned' }));
      expect(await awsErrorOf(a.s3.send(new DeleteBucketCommand({ Bucket: 'nope' })))).toMatchObject({ name: 'NoSuchBucket', status: 404 });
      expect(await awsErrorOf(b.s3.send(new DeleteBucketCommand({ Bucket: 'owned' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
    });
  });

  describe('versioning (S3 user guide: Versioning, Emptying a bucket)', () => {
    const versioned = async (bucket: string) => {
      await a.s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await a.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    };
    const listing = async (bucket: string) => {
      const out = await a.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      return {
        versions: (out.Versions ?? []).map((v) => `${v.Key}${v.IsLatest ? '*' : ''}`),
        markers: (out.DeleteMarkers ?? []).map((m) => `${m.Key}${m.IsLatest ? '*' : ''}`),
      };
    };

    it('keeps every version; a delete leaves a delete marker that ListObjectsV2 hides but DeleteBucket does not', async () => {
      await versioned('vers');
      expect((await a.s3.send(new GetBucketVersioningCommand({ Bucket: 'vers' }))).Status).toBe('Enabled');
      const first = await a.s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'a.txt', Body: 'one' }));
      await a.s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'a.txt', Body: 'two' }));
      const deleted = await a.s3.send(new DeleteObjectCommand({ Bucket: 'vers', Key: 'a.txt' }));
      expect(deleted.DeleteMarker).toBe(true);
      expect((await a.s3.send(new ListObjectsV2Command({ Bucket: 'vers' }))).KeyCount).toBe(0);
      expect(await listing('vers')).toEqual({ versions: ['a.txt', 'a.txt'], markers: ['a.txt*'] });
      expect(await awsErrorOf(a.s3.send(new HeadObjectCommand({ Bucket: 'vers', Key: 'a.txt' })))).toMatchObject({ status: 404 });
      expect(await awsErrorOf(a.s3.send(new DeleteBucketCommand({ Bucket: 'vers' })))).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
      // Deleting the marker brings the latest version back.
      await a.s3.send(new DeleteObjectCommand({ Bucket: 'vers', Key: 'a.txt', VersionId: deleted.VersionId }));
      expect((await a.s3.send(new HeadObjectCommand({ Bucket: 'vers', Key: 'a.txt' }))).ContentLength).toBe(3);
      expect((await a.s3.send(new HeadObjectCommand({ Bucket: 'vers', Key: 'a.txt', VersionId: first.VersionId }))).ETag).toBe(first.ETag);
      for (const version of (await a.s3.send(new ListObjectVersionsCommand({ Bucket: 'vers' }))).Versions ?? [])
        await a.s3.send(new DeleteObjectCommand({ Bucket: 'vers', Key: 'a.txt', VersionId: version.VersionId }));
      expect((await a.s3.send(new DeleteBucketCommand({ Bucket: 'vers' }))).$metadata.httpStatusCode).toBe(204);
    });

    it('a bucket holding only delete markers is not empty either', async () => {
      await versioned('markers-only');
      await a.s3.send(new DeleteObjectCommand({ Bucket: 'markers-only', Key: 'never-there' }));
      expect(await listing('markers-only')).toEqual({ versions: [], markers: ['never-there*'] });
      expect(await awsErrorOf(a.s3.send(new DeleteBucketCommand({ Bucket: 'markers-only' })))).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
    });

    it("keeps an object stored before versioning was enabled as the 'null' version under a later write or delete", async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'late' }));
      await a.s3.send(new PutObjectCommand({ Bucket: 'late', Key: 'k', Body: 'before' }));
      await a.s3.send(new PutObjectCommand({ Bucket: 'late', Key: 'm', Body: 'before' }));
      await a.s3.send(new PutBucketVersioningCommand({ Bucket: 'late', VersioningConfiguration: { Status: 'Enabled' } }));
      await a.s3.send(new PutObjectCommand({ Bucket: 'late', Key: 'k', Body: 'after' }));
      await a.s3.send(new DeleteObjectCommand({ Bucket: 'late', Key: 'm' }));
      const out = await a.s3.send(new ListObjectVersionsCommand({ Bucket: 'late' }));
      expect(out.Versions?.map((v) => [v.Key, v.VersionId === 'null', v.IsLatest, v.Size])).toEqual([
        ['k', false, true, 5],
        ['k', true, false, 6],
        ['m', true, false, 6],
      ]);
      expect(out.DeleteMarkers?.map((m) => [m.Key, m.IsLatest])).toEqual([['m', true]]);
    });

    it("suspended, new writes are the 'null' version and replace each other", async () => {
      await versioned('susp');
      await a.s3.send(new PutObjectCommand({ Bucket: 'susp', Key: 'k', Body: 'v1' }));
      await a.s3.send(new PutBucketVersioningCommand({ Bucket: 'susp', VersioningConfiguration: { Status: 'Suspended' } }));
      await a.s3.send(new PutObjectCommand({ Bucket: 'susp', Key: 'k', Body: 'null-1' }));
      await a.s3.send(new PutObjectCommand({ Bucket: 'susp', Key: 'k', Body: 'null-2' }));
      const out = await a.s3.send(new ListObjectVersionsCommand({ Bucket: 'susp' }));
      expect(out.Versions?.map((v) => [v.VersionId === 'null', v.Size])).toEqual([
        [true, 6],
        [false, 2],
      ]);
      expect(await awsErrorOf(a.s3.send(new PutBucketVersioningCommand({ Bucket: 'susp', VersioningConfiguration: {} })))).toMatchObject({
        name: 'MalformedXML',
      });
    });

    it('pages ListObjectVersions with KeyMarker and VersionIdMarker', async () => {
      await versioned('paged');
      for (const key of ['a', 'b', 'c']) for (let i = 0; i < 2; i++) await a.s3.send(new PutObjectCommand({ Bucket: 'paged', Key: key, Body: `${i}` }));
      const seen: string[] = [];
      let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
      for (let page = 0; page < 10; page++) {
        const out = await a.s3.send(new ListObjectVersionsCommand({ Bucket: 'paged', MaxKeys: 4, ...markers }));
        seen.push(...(out.Versions ?? []).map((v) => `${v.Key}:${v.VersionId}`));
        if (!out.IsTruncated) break;
        markers = { KeyMarker: out.NextKeyMarker!, VersionIdMarker: out.NextVersionIdMarker! };
      }
      expect(seen).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
    });
  });

  describe('multipart uploads', () => {
    it('an incomplete upload keeps the bucket from being deleted until it is aborted; a completed one is an object', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'mpu' }));
      const { UploadId } = await a.s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'big.bin' }));
      const part = await a.s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId, PartNumber: 1, Body: 'x'.repeat(100) }));
      const listed = await a.s3.send(new ListMultipartUploadsCommand({ Bucket: 'mpu' }));
      expect(listed.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([['big.bin', UploadId]]);
      expect((await a.s3.send(new ListObjectsV2Command({ Bucket: 'mpu' }))).KeyCount).toBe(0);
      expect(await awsErrorOf(a.s3.send(new DeleteBucketCommand({ Bucket: 'mpu' })))).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
      await a.s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId }));
      expect(await awsErrorOf(a.s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId })))).toMatchObject({
        name: 'NoSuchUpload',
        status: 404,
      });
      const second = await a.s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'done.bin' }));
      const p1 = await a.s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'done.bin', UploadId: second.UploadId, PartNumber: 1, Body: 'abc' }));
      const done = await a.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'mpu',
          Key: 'done.bin',
          UploadId: second.UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }] },
        }),
      );
      expect(done.ETag).toMatch(/-1"$/);
      expect((await a.s3.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'done.bin' }))).ContentLength).toBe(3);
      expect(part.ETag).toBeTruthy();
    });
  });

  describe('PutBucketPolicy', () => {
    it('refuses a public policy while BlockPublicPolicy is on: AccessDenied 403; accepts it once off', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'site' }));
      for (const principal of ['*', { AWS: '*' }]) {
        const error = await awsErrorOf(a.s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: publicPolicy('site', principal) })));
        expect([error.name, error.status]).toEqual(['AccessDenied', 403]);
      }
      await a.s3.send(new PutPublicAccessBlockCommand({ Bucket: 'site', PublicAccessBlockConfiguration: { BlockPublicPolicy: false } }));
      const block = await a.s3.send(new GetPublicAccessBlockCommand({ Bucket: 'site' }));
      // Flags left out of the request are off, as AWS treats them.
      expect(block.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: false,
        IgnorePublicAcls: false,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      });
      await a.s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: publicPolicy('site') }));
      const policy = await a.s3.send(new GetBucketPolicyCommand({ Bucket: 'site' }));
      expect(JSON.parse(policy.Policy!)).toEqual(JSON.parse(publicPolicy('site')));
      await a.s3.send(new DeleteBucketPolicyCommand({ Bucket: 'site' }));
      expect(await awsErrorOf(a.s3.send(new GetBucketPolicyCommand({ Bucket: 'site' })))).toMatchObject({ name: 'NoSuchBucketPolicy', status: 404 });
    });

    it('refuses a policy AWS would not parse: unknown or non-S3 actions, unknown condition keys, no principal: MalformedPolicy 400', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'grammar' }));
      const put = (statement: object) =>
        awsErrorOf(
          a.s3.send(
            new PutBucketPolicyCommand({
              Bucket: 'grammar',
              Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Resource: 'arn:aws:s3:::grammar/*', ...statement }] }),
            }),
          ),
        );
      const principal = { AWS: `arn:aws:iam::${A}:root` };
      expect(await put({ Principal: principal, Action: 's3:GetObjekt' })).toMatchObject({
        name: 'MalformedPolicy',
        status: 400,
        message: 'Policy has invalid action',
      });
      expect(await put({ Principal: principal, Action: 'iam:CreateUser' })).toMatchObject({ name: 'MalformedPolicy', message: 'Policy has invalid action' });
      expect(await put({ Principal: principal, Action: 's3:GetObject', Condition: { StringEquals: { 's3:nope': 'x' } } })).toMatchObject({
        name: 'MalformedPolicy',
        message: 'Policy has an invalid condition key',
      });
      expect(await put({ Action: 's3:GetObject' })).toMatchObject({ name: 'MalformedPolicy', message: 'Missing required field Principal' });
    });

    it('accepts a non-public policy with all flags on, and rejects malformed JSON', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'private' }));
      const scoped = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 's3:*', Resource: 'arn:aws:s3:::private' }],
      });
      await a.s3.send(new PutBucketPolicyCommand({ Bucket: 'private', Policy: scoped }));
      expect(await awsErrorOf(a.s3.send(new PutBucketPolicyCommand({ Bucket: 'private', Policy: '{nope' })))).toMatchObject({
        name: 'MalformedPolicy',
        status: 400,
      });
    });
  });

  describe('PutBucketLogging', () => {
    it('refuses a missing target bucket: InvalidTargetBucketForLogging 400', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'logged' }));
      const error = await awsErrorOf(
        a.s3.send(
          new PutBucketLoggingCommand({ Bucket: 'logged', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'no-such-logs', TargetPrefix: 'p/' } } }),
        ),
      );
      expect([error.name, error.status]).toEqual(['InvalidTargetBucketForLogging', 400]);
      await a.s3.send(new CreateBucketCommand({ Bucket: 'logs' }));
      sandbox.setBucketPolicy(A, 'logs', logDelivery('logs'));
      await a.s3.send(
        new PutBucketLoggingCommand({ Bucket: 'logged', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'p/logged/' } } }),
      );
      const logging = await a.s3.send(new GetBucketLoggingCommand({ Bucket: 'logged' }));
      expect(logging.LoggingEnabled).toEqual({ TargetBucket: 'logs', TargetPrefix: 'p/logged/' });
    });

    it('refuses a target of another account, or one whose policy does not let logging.s3.amazonaws.com write: InvalidTargetBucketForLogging 400', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'src' }));
      await a.s3.send(new CreateBucketCommand({ Bucket: 'unwritable-logs' }));
      await b.s3.send(new CreateBucketCommand({ Bucket: 'foreign-logs' }));
      sandbox.setBucketPolicy(B, 'foreign-logs', logDelivery('foreign-logs'));
      const to = (TargetBucket: string) =>
        awsErrorOf(a.s3.send(new PutBucketLoggingCommand({ Bucket: 'src', BucketLoggingStatus: { LoggingEnabled: { TargetBucket, TargetPrefix: 'x/' } } })));
      expect(await to('foreign-logs')).toMatchObject({ name: 'InvalidTargetBucketForLogging', status: 400, message: expect.stringContaining('owner') });
      expect(await to('unwritable-logs')).toMatchObject({
        name: 'InvalidTargetBucketForLogging',
        status: 400,
        message: expect.stringContaining('logging.s3.amazonaws.com'),
      });
    });
  });

  describe('tagging', () => {
    beforeEach(async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'tagged' }));
    });

    it('refuses over 50 tags, duplicate keys and the aws: prefix: InvalidTag 400', async () => {
      const cases = [
        Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
        [
          { Key: 'same', Value: '1' },
          { Key: 'same', Value: '2' },
        ],
        [{ Key: 'aws:cloudformation:stack', Value: 'x' }],
      ];
      for (const TagSet of cases) {
        const error = await awsErrorOf(a.s3.send(new PutBucketTaggingCommand({ Bucket: 'tagged', Tagging: { TagSet } })));
        expect([error.name, error.status]).toEqual(['InvalidTag', 400]);
      }
    });

    it('replaces the bucket tag set; NoSuchTagSet 404 when there is none', async () => {
      expect(await awsErrorOf(a.s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged' })))).toMatchObject({ name: 'NoSuchTagSet', status: 404 });
      await a.s3.send(new PutBucketTaggingCommand({ Bucket: 'tagged', Tagging: { TagSet: [{ Key: 'a', Value: '1' }] } }));
      await a.s3.send(new PutBucketTaggingCommand({ Bucket: 'tagged', Tagging: { TagSet: [{ Key: 'b', Value: '2' }] } }));
      expect((await a.s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged' }))).TagSet).toEqual([{ Key: 'b', Value: '2' }]);
      await a.s3.send(new DeleteBucketTaggingCommand({ Bucket: 'tagged' }));
      expect(await awsErrorOf(a.s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged' })))).toMatchObject({ name: 'NoSuchTagSet' });
    });

    it('keeps object tags from PutObject Tagging and PutObjectTagging', async () => {
      await a.s3.send(new PutObjectCommand({ Bucket: 'tagged', Key: 'index.html', Body: 'Hello', ContentType: 'text/html', Tagging: 'yale%3Aspinup=true' }));
      expect((await a.s3.send(new GetObjectTaggingCommand({ Bucket: 'tagged', Key: 'index.html' }))).TagSet).toEqual([{ Key: 'yale:spinup', Value: 'true' }]);
      await a.s3.send(new PutObjectTaggingCommand({ Bucket: 'tagged', Key: 'index.html', Tagging: { TagSet: [{ Key: 'x', Value: 'y' }] } }));
      expect((await a.s3.send(new GetObjectTaggingCommand({ Bucket: 'tagged', Key: 'index.html' }))).TagSet).toEqual([{ Key: 'x', Value: 'y' }]);
      const head = await a.s3.send(new HeadObjectCommand({ Bucket: 'tagged', Key: 'index.html' }));
      expect([head.ContentLength, head.ContentType]).toEqual([5, 'text/html']);
      expect(await awsErrorOf(a.s3.send(new HeadObjectCommand({ Bucket: 'tagged', Key: 'missing' })))).toMatchObject({ name: 'NotFound', status: 404 });
      expect(await awsErrorOf(a.s3.send(new GetObjectTaggingCommand({ Bucket: 'tagged', Key: 'missing' })))).toMatchObject({ name: 'NoSuchKey', status: 404 });
    });
  });

  describe('conditional writes (If-None-Match: *, botocore s3 model: 412 when the key exists, 409 ConditionalRequestConflict for a concurrent writer)', () => {
    beforeEach(async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'claims' }));
    });
    const put = (clients: SandboxClients, writer: string, key = 'claim') =>
      clients.s3.send(new PutObjectCommand({ Bucket: 'claims', Key: key, Body: writer, Metadata: { writer }, IfNoneMatch: '*' }));
    const writerOf = async (key = 'claim') => (await a.s3.send(new HeadObjectCommand({ Bucket: 'claims', Key: key }))).Metadata?.['writer'];

    it('writes a new key once: a second write answers 412 PreconditionFailed and leaves the first object', async () => {
      await put(a, 'first');
      expect(await awsErrorOf(put(a, 'second'))).toMatchObject({ name: 'PreconditionFailed', status: 412 });
      expect(await writerOf()).toBe('first');
      // Without the header, S3 overwrites as always.
      await a.s3.send(new PutObjectCommand({ Bucket: 'claims', Key: 'claim', Body: 'plain', Metadata: { writer: 'plain' } }));
      expect(await writerOf()).toBe('plain');
    });

    it('of two writers in flight at once, one wins and the other answers 409 ConditionalRequestConflict', async () => {
      sandbox.setLatency({ s3: 20 });
      const outcomes = await Promise.allSettled([put(a, 'one'), put(a, 'two')]);
      sandbox.setLatency(0);
      const won = outcomes.findIndex((o) => o.status === 'fulfilled');
      const lost = outcomes.find((o) => o.status === 'rejected');
      expect(won).toBeGreaterThanOrEqual(0);
      expect(await awsErrorOf(Promise.reject((lost as PromiseRejectedResult).reason))).toMatchObject({ name: 'ConditionalRequestConflict', status: 409 });
      expect(await writerOf()).toBe(['one', 'two'][won]);
    });

    it("a write whose answer was lost is refused on the SDK's retry (412): the caller tells it made the object only by reading it", async () => {
      const retrying = createSandboxClients(sandbox, A, { maxAttempts: 3 });
      sandbox.faults.add({ operation: 'PutObject', nth: 1, error: 'lost' });
      expect(await awsErrorOf(put(retrying, 'mine'))).toMatchObject({ name: 'PreconditionFailed', status: 412, attempts: 2 });
      expect(await writerOf()).toBe('mine');
      retrying.destroy();
    });

    it('takes only *: an ETag in If-None-Match, or If-Match (not modelled), is refused, never ignored', async () => {
      await a.s3.send(new PutObjectCommand({ Bucket: 'claims', Key: 'claim', Body: 'x' }));
      const { ETag } = await a.s3.send(new HeadObjectCommand({ Bucket: 'claims', Key: 'claim' }));
      for (const condition of [{ IfNoneMatch: ETag }, { IfMatch: ETag }]) {
        expect(await awsErrorOf(a.s3.send(new PutObjectCommand({ Bucket: 'claims', Key: 'other', Body: 'y', ...condition })))).toMatchObject({
          name: 'NotImplemented',
          status: 501,
        });
      }
      expect(await awsErrorOf(a.s3.send(new HeadObjectCommand({ Bucket: 'claims', Key: 'other' })))).toMatchObject({ status: 404 });
    });

    it('a key deleted since may be written again; in a versioned bucket a delete marker still counts as the key (stricter than unsure)', async () => {
      await put(a, 'first');
      await a.s3.send(new DeleteObjectCommand({ Bucket: 'claims', Key: 'claim' }));
      await put(a, 'again');
      expect(await writerOf()).toBe('again');
      await a.s3.send(new PutBucketVersioningCommand({ Bucket: 'claims', VersioningConfiguration: { Status: 'Enabled' } }));
      await a.s3.send(new DeleteObjectCommand({ Bucket: 'claims', Key: 'claim' }));
      expect(await awsErrorOf(put(a, 'over a marker'))).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    });
  });

  describe('conditional deletes (If-Match, S3 user guide: conditional-deletes.html: only the current version counts)', () => {
    beforeEach(async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'claims' }));
    });
    const write = async (body: string, key = 'claim') => (await a.s3.send(new PutObjectCommand({ Bucket: 'claims', Key: key, Body: body }))).ETag!;
    const remove = (IfMatch: string, key = 'claim') => a.s3.send(new DeleteObjectCommand({ Bucket: 'claims', Key: key, IfMatch }));
    const etagOf = async (key = 'claim') => (await a.s3.send(new HeadObjectCommand({ Bucket: 'claims', Key: key }))).ETag;

    it("deletes only the object whose ETag it names: another one answers 412 PreconditionFailed and stays; the ETag's quotes are optional", async () => {
      const first = await write('first');
      const second = await write('second');
      expect(await awsErrorOf(remove(first))).toMatchObject({ name: 'PreconditionFailed', status: 412 });
      expect(await etagOf()).toBe(second);
      await remove(second.replaceAll('"', ''));
      expect(await awsErrorOf(a.s3.send(new HeadObjectCommand({ Bucket: 'claims', Key: 'claim' })))).toMatchObject({ status: 404 });
    });

    it('an object written again with the same content has the same ETag (its MD5): the condition cannot tell them apart', async () => {
      const first = await write('same');
      await a.s3.send(new DeleteObjectCommand({ Bucket: 'claims', Key: 'claim' }));
      expect(await write('same')).toBe(first);
      await remove(first);
      expect(await awsErrorOf(a.s3.send(new HeadObjectCommand({ Bucket: 'claims', Key: 'claim' })))).toMatchObject({ status: 404 });
    });

    it('answers 404 NoSuchKey when there is no object, an ETag or *, where a plain delete answers 204', async () => {
      const etag = await write('gone');
      await a.s3.send(new DeleteObjectCommand({ Bucket: 'claims', Key: 'claim' }));
      for (const condition of [etag, '*']) expect(await awsErrorOf(remove(condition))).toMatchObject({ name: 'NoSuchKey', status: 404 });
      await a.s3.send(new DeleteObjectCommand({ Bucket: 'claims', Key: 'claim' }));
    });

    it('* deletes whatever object there is', async () => {
      await write('any');
      await remove('*');
      expect(await awsErrorOf(a.s3.send(new HeadObjectCommand({ Bucket: 'claims', Key: 'claim' })))).toMatchObject({ status: 404 });
    });

    it('in a versioned bucket: a matching current version gets a delete marker; a marker on top is no object (404); an older version never matches', async () => {
      await a.s3.send(new PutBucketVersioningCommand({ Bucket: 'claims', VersioningConfiguration: { Status: 'Enabled' } }));
      const old = await write('old');
      const current = await write('current');
      expect(await awsErrorOf(remove(old))).toMatchObject({ name: 'PreconditionFailed', status: 412 });
      expect((await remove(current)).DeleteMarker).toBe(true);
      expect(await awsErrorOf(remove(current))).toMatchObject({ name: 'NoSuchKey', status: 404 });
      const versions = await a.s3.send(new ListObjectVersionsCommand({ Bucket: 'claims' }));
      expect(versions.Versions?.map((v) => v.ETag)).toEqual([current, old]);
    });

    it('a write of the key that lands while the delete is in flight answers 409 ConditionalRequestConflict; the retry gets the true answer', async () => {
      const mine = await write('mine');
      let theirs = '';
      sandbox.faults.add({ operation: 'DeleteObject', nth: 1, hold: async () => (theirs = await write('theirs')) });
      const deleting = awsErrorOf(remove(mine));
      expect(await deleting).toMatchObject({ name: 'ConditionalRequestConflict', status: 409 });
      expect(await awsErrorOf(remove(mine))).toMatchObject({ name: 'PreconditionFailed', status: 412 });
      expect(await etagOf()).toBe(theirs);
    });

    it("is refused, never ignored, with a VersionId or with the directory buckets' size and time conditions", async () => {
      await a.s3.send(new PutBucketVersioningCommand({ Bucket: 'claims', VersioningConfiguration: { Status: 'Enabled' } }));
      const etag = await write('kept');
      const { VersionId } = await a.s3.send(new HeadObjectCommand({ Bucket: 'claims', Key: 'claim' }));
      for (const condition of [{ IfMatch: etag, VersionId }, { IfMatchSize: 4 }, { IfMatchLastModifiedTime: new Date() }]) {
        expect(await awsErrorOf(a.s3.send(new DeleteObjectCommand({ Bucket: 'claims', Key: 'claim', ...condition })))).toMatchObject({
          name: 'NotImplemented',
          status: 501,
        });
      }
      expect(await etagOf()).toBe(etag);
    });
  });

  describe('ListObjectsV2', () => {
    it('pages with MaxKeys and ContinuationToken, filters by Prefix, counts keys', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'many' }));
      for (const key of ['b/2', 'a/1', 'b/1', 'c', 'b/3']) sandbox.putObject(A, 'many', key, 'x');
      const first = await a.s3.send(new ListObjectsV2Command({ Bucket: 'many', MaxKeys: 2 }));
      expect(first.Contents?.map((object) => object.Key)).toEqual(['a/1', 'b/1']);
      expect([first.KeyCount, first.IsTruncated]).toEqual([2, true]);
      const second = await a.s3.send(new ListObjectsV2Command({ Bucket: 'many', MaxKeys: 2, ContinuationToken: first.NextContinuationToken }));
      expect(second.Contents?.map((object) => object.Key)).toEqual(['b/2', 'b/3']);
      const keys: string[] = [];
      for await (const page of paginateListObjectsV2({ client: a.s3, pageSize: 2 }, { Bucket: 'many', Prefix: 'b/' }))
        keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      expect(keys).toEqual(['b/1', 'b/2', 'b/3']);
      const grouped = await a.s3.send(new ListObjectsV2Command({ Bucket: 'many', Delimiter: '/' }));
      expect(grouped.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['a/', 'b/']);
      expect(grouped.Contents?.map((object) => object.Key)).toEqual(['c']);
      const empty = await a.s3.send(new ListObjectsV2Command({ Bucket: 'many', Prefix: 'zzz' }));
      expect([empty.KeyCount, empty.Contents]).toEqual([0, undefined]);
    });
  });

  describe('bucket sub-configurations', () => {
    beforeEach(async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'configured' }));
    });

    it('stores and removes the website configuration; NoSuchWebsiteConfiguration 404 otherwise', async () => {
      expect(await awsErrorOf(a.s3.send(new GetBucketWebsiteCommand({ Bucket: 'configured' })))).toMatchObject({
        name: 'NoSuchWebsiteConfiguration',
        status: 404,
      });
      await a.s3.send(new PutBucketWebsiteCommand({ Bucket: 'configured', WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
      expect((await a.s3.send(new GetBucketWebsiteCommand({ Bucket: 'configured' }))).IndexDocument).toEqual({ Suffix: 'index.html' });
      await a.s3.send(new DeleteBucketWebsiteCommand({ Bucket: 'configured' }));
      expect(await awsErrorOf(a.s3.send(new GetBucketWebsiteCommand({ Bucket: 'configured' })))).toMatchObject({ name: 'NoSuchWebsiteConfiguration' });
    });

    it('stores lifecycle rules, refuses a rule without Status (MalformedXML 400), deletes them', async () => {
      const rule = {
        ID: 'deep-archive',
        Status: 'Enabled' as const,
        Filter: { Prefix: '' },
        Transitions: [{ Days: 0, StorageClass: 'DEEP_ARCHIVE' as const }],
      };
      await a.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'configured', LifecycleConfiguration: { Rules: [rule] } }));
      expect((await a.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'configured' }))).Rules).toEqual([rule]);
      const bad = await awsErrorOf(
        a.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'configured', LifecycleConfiguration: { Rules: [{ ID: 'x' } as never] } })),
      );
      expect([bad.name, bad.status]).toEqual(['MalformedXML', 400]);
      await a.s3.send(new DeleteBucketLifecycleCommand({ Bucket: 'configured' }));
      expect(await awsErrorOf(a.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'configured' })))).toMatchObject({
        name: 'NoSuchLifecycleConfiguration',
        status: 404,
      });
    });

    it('replaces the encryption configuration', async () => {
      await a.s3.send(
        new PutBucketEncryptionCommand({
          Bucket: 'configured',
          ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        }),
      );
      const out = await a.s3.send(new GetBucketEncryptionCommand({ Bucket: 'configured' }));
      expect(out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms');
    });
  });
});
