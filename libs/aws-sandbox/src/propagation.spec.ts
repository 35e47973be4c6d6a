import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteBucketCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxClients, type SandboxClients } from './clients.js';
import { ManualClock } from './clock.js';
import { AWS_PROPAGATION } from './propagation.js';
import { AwsSandbox } from './sandbox.js';
import { awsErrorOf } from './testing.js';

const A = '111111111111';
const B = '222222222222';

describe('eventual consistency (propagation: aws)', () => {
  let clock: ManualClock;
  let sandbox: AwsSandbox;
  let a: SandboxClients;
  let b: SandboxClients;

  beforeEach(() => {
    clock = new ManualClock();
    sandbox = new AwsSandbox({ clock, propagation: 'aws' });
    a = createSandboxClients(sandbox, A);
    b = createSandboxClients(sandbox, B);
  });
  afterEach(() => {
    a.destroy();
    b.destroy();
  });

  describe('IAM (IAM user guide: changes are not always immediately visible)', () => {
    it('a new user is not found or listed until the lag has passed, yet writes that use it work at once', async () => {
      await a.iam.send(new CreateUserCommand({ UserName: 'fresh' }));
      await a.iam.send(new CreateGroupCommand({ GroupName: 'team' }));
      expect(await awsErrorOf(a.iam.send(new GetUserCommand({ UserName: 'fresh' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
      expect((await a.iam.send(new ListUsersCommand({}))).Users).toEqual([]);
      // Writes go to IAM's primary: the user and group exist there.
      await a.iam.send(new AddUserToGroupCommand({ GroupName: 'team', UserName: 'fresh' }));
      const { AccessKey } = await a.iam.send(new CreateAccessKeyCommand({ UserName: 'fresh' }));
      clock.advance(AWS_PROPAGATION.iamMs);
      expect((await a.iam.send(new GetUserCommand({ UserName: 'fresh' }))).User?.UserName).toBe('fresh');
      expect((await a.iam.send(new GetGroupCommand({ GroupName: 'team' }))).Users?.map((u) => u.UserName)).toEqual(['fresh']);
      expect((await a.iam.send(new ListAccessKeysCommand({ UserName: 'fresh' }))).AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([
        AccessKey!.AccessKeyId,
      ]);
    });

    it('a key made a moment ago is not listed yet, and a deleted user is still found', async () => {
      await a.iam.send(new CreateUserCommand({ UserName: 'keyed' }));
      clock.advance(AWS_PROPAGATION.iamMs);
      await a.iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }));
      expect((await a.iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }))).AccessKeyMetadata).toEqual([]);
      clock.advance(AWS_PROPAGATION.iamMs);
      expect((await a.iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }))).AccessKeyMetadata).toHaveLength(1);

      await a.iam.send(new CreateUserCommand({ UserName: 'leaving' }));
      clock.advance(AWS_PROPAGATION.iamMs);
      await a.iam.send(new DeleteUserCommand({ UserName: 'leaving' }));
      expect((await a.iam.send(new GetUserCommand({ UserName: 'leaving' }))).User?.UserName).toBe('leaving');
      // The primary knows it is gone.
      expect(await awsErrorOf(a.iam.send(new DeleteUserCommand({ UserName: 'leaving' })))).toMatchObject({ name: 'NoSuchEntityException' });
      sandbox.settle();
      expect(await awsErrorOf(a.iam.send(new GetUserCommand({ UserName: 'leaving' })))).toMatchObject({ name: 'NoSuchEntityException' });
    });

    it('a refused write leaves nothing for the reads to see', async () => {
      await a.iam.send(new CreateUserCommand({ UserName: 'once' }));
      sandbox.settle();
      const before = clock.now();
      expect(await awsErrorOf(a.iam.send(new CreateUserCommand({ UserName: 'once' })))).toMatchObject({ name: 'EntityAlreadyExistsException' });
      sandbox.settle();
      expect(clock.now()).toBe(before);
    });
  });

  describe('S3 (S3 user guide: consistency model)', () => {
    it("a new bucket's calls answer NoSuchBucket, its delete OperationAborted, until it has propagated", async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'young' }));
      const tag = () => a.s3.send(new PutBucketTaggingCommand({ Bucket: 'young', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }));
      expect(await awsErrorOf(tag())).toMatchObject({ name: 'NoSuchBucket', status: 404 });
      expect(await awsErrorOf(a.s3.send(new DeleteBucketCommand({ Bucket: 'young' })))).toMatchObject({ name: 'OperationAborted', status: 409 });
      clock.advance(AWS_PROPAGATION.bucketCreateMs);
      await tag();
    });

    it('a deleted name cannot be created again, by any account, until S3 has released it', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'recycled' }));
      sandbox.settle();
      await a.s3.send(new DeleteBucketCommand({ Bucket: 'recycled' }));
      expect(await awsErrorOf(a.s3.send(new CreateBucketCommand({ Bucket: 'recycled' })))).toMatchObject({ name: 'OperationAborted', status: 409 });
      expect(await awsErrorOf(b.s3.send(new CreateBucketCommand({ Bucket: 'recycled' })))).toMatchObject({ name: 'OperationAborted' });
      sandbox.settle();
      await b.s3.send(new CreateBucketCommand({ Bucket: 'recycled' }));
    });

    it('a public policy right after Block Public Access was relaxed is still refused, until the change has propagated', async () => {
      await a.s3.send(new CreateBucketCommand({ Bucket: 'site' }));
      sandbox.settle();
      await a.s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: 'site',
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
        }),
      );
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }],
      });
      const put = () => a.s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: policy }));
      expect(await awsErrorOf(put())).toMatchObject({ name: 'AccessDenied', status: 403, message: expect.stringContaining('BlockPublicPolicy') });
      clock.advance(AWS_PROPAGATION.publicAccessBlockMs);
      await put();
    });
  });

  it('without the option, every change is visible at once', async () => {
    const immediate = new AwsSandbox({ clock: new ManualClock() });
    const c = createSandboxClients(immediate, A);
    await c.iam.send(new CreateUserCommand({ UserName: 'now' }));
    expect((await c.iam.send(new GetUserCommand({ UserName: 'now' }))).User?.UserName).toBe('now');
    await c.s3.send(new CreateBucketCommand({ Bucket: 'now-bucket' }));
    await c.s3.send(new PutBucketTaggingCommand({ Bucket: 'now-bucket', Tagging: { TagSet: [] } }));
    c.destroy();
  });
});
