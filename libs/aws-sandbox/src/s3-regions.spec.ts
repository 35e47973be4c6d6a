import {
  CreateBucketCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxClients, type SandboxClients } from './clients.js';
import { AwsSandbox } from './sandbox.js';
import { awsErrorOf } from './testing.js';

const A = '111111111111';
const B = '222222222222';

const bucketRegionOf = (error: Error): unknown => (error as { $response?: { headers: Record<string, string> } }).$response?.headers['x-amz-bucket-region'];

describe('S3 answers a bucket only in its own region', () => {
  let sandbox: AwsSandbox;
  let virginia: SandboxClients;
  let ireland: SandboxClients;

  beforeEach(() => {
    sandbox = new AwsSandbox();
    virginia = createSandboxClients(sandbox, A);
    ireland = createSandboxClients(sandbox, A, { region: 'eu-west-1' });
    sandbox.createBucket(A, 'in-ireland', 'eu-west-1');
    sandbox.createBucket(A, 'in-virginia', 'us-east-1');
  });
  afterEach(() => {
    virginia.destroy();
    ireland.destroy();
  });

  it('at another region: 301 PermanentRedirect naming the bucket region in x-amz-bucket-region (S3 user guide, Request redirection), and nothing runs', async () => {
    const before = sandbox.snapshot();
    const error = await awsErrorOf(virginia.s3.send(new PutBucketTaggingCommand({ Bucket: 'in-ireland', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })));
    expect([error.name, error.status, bucketRegionOf(error.error)]).toEqual(['PermanentRedirect', 301, 'eu-west-1']);
    expect(error.error).toMatchObject({ Endpoint: 'in-ireland.s3.eu-west-1.amazonaws.com', Bucket: 'in-ireland' });
    expect(sandbox.diff(before, sandbox.snapshot()).isEmpty()).toBe(true);
    // The same call in the bucket's region runs.
    await ireland.s3.send(new PutBucketTaggingCommand({ Bucket: 'in-ireland', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }));
    const redirect = await awsErrorOf(ireland.s3.send(new GetBucketTaggingCommand({ Bucket: 'in-virginia' })));
    expect([redirect.name, redirect.status, bucketRegionOf(redirect.error)]).toEqual(['PermanentRedirect', 301, 'us-east-1']);
  });

  it('HeadBucket at another region: a bare 301 with x-amz-bucket-region (a HEAD answer has no body; botocore S3RegionRedirectorv2)', async () => {
    const error = await awsErrorOf(virginia.s3.send(new HeadBucketCommand({ Bucket: 'in-ireland' })));
    expect([error.name, error.status, bucketRegionOf(error.error)]).toEqual(['Unknown', 301, 'eu-west-1']);
  });

  it('even for a bucket of another account: the region is answered before any permission is checked', async () => {
    sandbox.createBucket(B, 'theirs-in-ireland', 'eu-west-1');
    const error = await awsErrorOf(virginia.s3.send(new GetBucketTaggingCommand({ Bucket: 'theirs-in-ireland' })));
    expect([error.name, bucketRegionOf(error.error)]).toEqual(['PermanentRedirect', 'eu-west-1']);
    const denied = await awsErrorOf(ireland.s3.send(new GetBucketTaggingCommand({ Bucket: 'theirs-in-ireland' })));
    expect(denied.status).toBe(403);
  });

  it('a bucket of a region launched after March 20, 2019: 400 IllegalLocationConstraintException with x-amz-bucket-region (S3 user guide)', async () => {
    sandbox.createBucket(A, 'in-cape-town', 'af-south-1');
    const error = await awsErrorOf(virginia.s3.send(new GetBucketTaggingCommand({ Bucket: 'in-cape-town' })));
    expect([error.name, error.status, bucketRegionOf(error.error)]).toEqual(['IllegalLocationConstraintException', 400, 'af-south-1']);
    const head = await awsErrorOf(virginia.s3.send(new HeadBucketCommand({ Bucket: 'in-cape-town' })));
    expect([head.status, bucketRegionOf(head.error)]).toEqual([400, 'af-south-1']);
  });

  it('at its own region but signed for another (the global endpoint routes by DNS): 400 AuthorizationHeaderMalformed with the expected Region', async () => {
    const global = new S3Client({
      region: 'us-east-1',
      endpoint: 'https://s3.amazonaws.com',
      credentials: { accessKeyId: 'K', secretAccessKey: 'S' },
      maxAttempts: 1,
    });
    global.middlewareStack.use(sandbox.plugin(A));
    const error = await awsErrorOf(global.send(new GetBucketTaggingCommand({ Bucket: 'in-ireland' })));
    expect([error.name, error.status]).toEqual(['AuthorizationHeaderMalformed', 400]);
    expect(error.error).toMatchObject({ Region: 'eu-west-1' });
    expect(error.message).toBe("The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'");
    const head = await awsErrorOf(global.send(new HeadBucketCommand({ Bucket: 'in-ireland' })));
    expect([head.status, bucketRegionOf(head.error)]).toEqual([400, 'eu-west-1']);
    // A bucket of the region it is signed for runs (it has no tags).
    expect((await awsErrorOf(global.send(new GetBucketTaggingCommand({ Bucket: 'in-virginia' })))).name).toBe('NoSuchTagSet');
    global.destroy();
  });

  it('GetBucketLocation too: from us-east-1 with SigV4 it fails for a bucket elsewhere (aws/aws-sdk-js#462)', async () => {
    const error = await awsErrorOf(virginia.s3.send(new GetBucketLocationCommand({ Bucket: 'in-ireland' })));
    expect([error.status, bucketRegionOf(error.error)]).toEqual([301, 'eu-west-1']);
    expect((await ireland.s3.send(new GetBucketLocationCommand({ Bucket: 'in-ireland' }))).LocationConstraint).toBe('eu-west-1');
  });

  it('from any region: ListBuckets, a missing bucket (NoSuchBucket), and CreateBucket under its own rule', async () => {
    const names = (await ireland.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name);
    expect(names).toEqual(expect.arrayContaining(['in-ireland', 'in-virginia']));
    const missing = await awsErrorOf(virginia.s3.send(new GetBucketTaggingCommand({ Bucket: 'nowhere' })));
    expect([missing.name, missing.status]).toEqual(['NoSuchBucket', 404]);
    await virginia.s3.send(new CreateBucketCommand({ Bucket: 'made-from-virginia', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const redirect = await awsErrorOf(virginia.s3.send(new GetBucketTaggingCommand({ Bucket: 'made-from-virginia' })));
    expect(bucketRegionOf(redirect.error)).toBe('eu-west-1');
  });

  it("the SDK's own followRegionRedirects follows the answer as it would AWS's", async () => {
    const following = new S3Client({
      region: 'us-east-1',
      followRegionRedirects: true,
      credentials: { accessKeyId: 'K', secretAccessKey: 'S' },
      maxAttempts: 1,
    });
    following.middlewareStack.use(sandbox.plugin(A));
    const mark = sandbox.calls.mark();
    await following.send(new HeadBucketCommand({ Bucket: 'in-ireland' }));
    expect(sandbox.calls.since(mark).map((call) => [call.operation, call.region, call.outcome])).toEqual([
      ['HeadBucket', 'us-east-1', 'error'],
      ['HeadBucket', 'eu-west-1', 'ok'],
    ]);
    following.destroy();
  });
});
