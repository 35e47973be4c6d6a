import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { AwsSandbox } from '#aws-sandbox';
import { sandboxClientFactory, testAccount } from '../../../../test/support/unit.js';
import { BucketRegions, redirectedTo, sendInBucketRegion } from './bucket-regions.js';

const account = testAccount({ allowedRegions: ['us-east-1', 'eu-west-1'] });
const ID = account.id;

/** A factory acting as the account's root user: these tests are about regions, not permissions. */
const factoryOn = (sandbox: AwsSandbox) => sandboxClientFactory(sandbox, { maxAttempts: 2, retryDelayMs: () => 1 }, undefined, 'root');

/** Each S3 call the sandbox received for `bucket` since `mark`: operation, signing region, outcome. */
const callsFor = (sandbox: AwsSandbox, mark: number, bucket: string) =>
  sandbox.calls
    .since(mark, { service: 's3' })
    .filter((call) => (call.input as { Bucket?: string }).Bucket === bucket)
    .map((call) => [call.operation, call.region, call.outcome]);

/** An S3 error as the SDK leaves it: status, and the `x-amz-bucket-region` header when given, on its hidden raw response. */
const answer = (name: string, status: number, header?: string, extra: object = {}) => {
  const error = Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });
  if (header) Object.defineProperty(error, '$response', { value: { statusCode: status, headers: { 'x-amz-bucket-region': header } } });
  return error;
};

describe("S3 calls reach the bucket's own region", () => {
  it('a bucket of another region: its first call is sent again where S3 says, its next ones go straight there', async () => {
    const sandbox = new AwsSandbox();
    sandbox.createBucket(ID, 'in-ireland', 'eu-west-1');
    const { factory } = factoryOn(sandbox);
    const s3 = factory.client('s3', account);
    const mark = sandbox.calls.mark();
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'in-ireland' }))).LocationConstraint).toBe('eu-west-1');
    await s3.send(new HeadBucketCommand({ Bucket: 'in-ireland' }));
    expect(callsFor(sandbox, mark, 'in-ireland')).toEqual([
      ['GetBucketLocation', 'us-east-1', 'error'],
      ['GetBucketLocation', 'eu-west-1', 'ok'],
      ['HeadBucket', 'eu-west-1', 'ok'],
    ]);
    // The client's own region is untouched: a call without a bucket still goes to us-east-1.
    await s3.send(new ListBucketsCommand({}));
    expect(sandbox.calls.since(mark, { operation: 'ListBuckets' }).map((call) => call.region)).toEqual(['us-east-1']);
  });

  it('a bucket of the default region: one call each, in that region, and none ever redirected', async () => {
    const sandbox = new AwsSandbox();
    sandbox.createBucket(ID, 'in-virginia', 'us-east-1');
    const s3 = factoryOn(sandbox).factory.client('s3', account);
    const mark = sandbox.calls.mark();
    await s3.send(new HeadBucketCommand({ Bucket: 'in-virginia' }));
    await s3.send(new GetBucketLocationCommand({ Bucket: 'in-virginia' }));
    expect(callsFor(sandbox, mark, 'in-virginia')).toEqual([
      ['HeadBucket', 'us-east-1', 'ok'],
      ['GetBucketLocation', 'us-east-1', 'ok'],
    ]);
  });

  it('a bucket made through the factory is remembered at once; deleted, it is forgotten', async () => {
    const sandbox = new AwsSandbox();
    const { factory } = factoryOn(sandbox);
    await factory
      .client('s3', account, 'eu-west-1')
      .send(new CreateBucketCommand({ Bucket: 'made-here', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const s3 = factory.client('s3', account);
    const mark = sandbox.calls.mark();
    await s3.send(new HeadBucketCommand({ Bucket: 'made-here' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'made-here' }));
    // Made again in the default region (by anyone): its calls go there at once.
    sandbox.createBucket(ID, 'made-here', 'us-east-1');
    await s3.send(new HeadBucketCommand({ Bucket: 'made-here' }));
    expect(callsFor(sandbox, mark, 'made-here')).toEqual([
      ['HeadBucket', 'eu-west-1', 'ok'],
      ['DeleteBucket', 'eu-west-1', 'ok'],
      ['HeadBucket', 'us-east-1', 'ok'],
    ]);
  });

  it('a remembered region that is no longer the bucket’s is corrected by the redirect', async () => {
    const sandbox = new AwsSandbox();
    const { factory } = factoryOn(sandbox);
    sandbox.createBucket(ID, 'moved', 'eu-west-1');
    const s3 = factory.client('s3', account);
    await s3.send(new HeadBucketCommand({ Bucket: 'moved' }));
    // Deleted and made again elsewhere behind the service's back.
    await factory.client('s3', account, 'eu-west-1').send(new DeleteBucketCommand({ Bucket: 'moved' }));
    sandbox.createBucket(ID, 'moved', 'eu-central-1');
    const mark = sandbox.calls.mark();
    await s3.send(new HeadBucketCommand({ Bucket: 'moved' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'moved' }));
    expect(callsFor(sandbox, mark, 'moved')).toEqual([
      ['HeadBucket', 'us-east-1', 'error'],
      ['HeadBucket', 'eu-central-1', 'ok'],
      ['HeadBucket', 'eu-central-1', 'ok'],
    ]);
  });

  it('a refusal that names no region, or the region it was sent to, reaches the caller as it is', async () => {
    const sandbox = new AwsSandbox();
    const s3 = factoryOn(sandbox).factory.client('s3', account);
    const mark = sandbox.calls.mark();
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'nowhere', Key: 'k' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(callsFor(sandbox, mark, 'nowhere')).toEqual([['HeadObject', 'us-east-1', 'error']]);
  });

  it('a bucket made without a location constraint is remembered in us-east-1: an account of another default region sends its calls straight there', async () => {
    const irish = testAccount({ region: 'eu-west-1', allowedRegions: ['eu-west-1', 'us-east-1'] });
    const sandbox = new AwsSandbox();
    const { factory } = factoryOn(sandbox);
    await factory.client('s3', irish, 'us-east-1').send(new CreateBucketCommand({ Bucket: 'in-virginia' }));
    const mark = sandbox.calls.mark();
    await factory.client('s3', irish).send(new HeadBucketCommand({ Bucket: 'in-virginia' }));
    expect(callsFor(sandbox, mark, 'in-virginia')).toEqual([['HeadBucket', 'us-east-1', 'ok']]);
  });

  it('a DeleteBucket S3 refuses leaves the bucket remembered: its next call goes straight to its region', async () => {
    const sandbox = new AwsSandbox();
    sandbox.createBucket(ID, 'in-ireland', 'eu-west-1');
    sandbox.putObject(ID, 'in-ireland', 'kept');
    const s3 = factoryOn(sandbox).factory.client('s3', account);
    await s3.send(new HeadBucketCommand({ Bucket: 'in-ireland' }));
    const mark = sandbox.calls.mark();
    await expect(s3.send(new DeleteBucketCommand({ Bucket: 'in-ireland' }))).rejects.toMatchObject({ name: 'BucketNotEmpty' });
    await s3.send(new HeadBucketCommand({ Bucket: 'in-ireland' }));
    expect(callsFor(sandbox, mark, 'in-ireland')).toEqual([
      ['DeleteBucket', 'eu-west-1', 'error'],
      ['HeadBucket', 'eu-west-1', 'ok'],
    ]);
  });

  it('counts a redirected call once in the call metrics, with the outcome of its answer in the right region', async () => {
    const sandbox = new AwsSandbox();
    sandbox.createBucket(ID, 'in-ireland', 'eu-west-1');
    const { factory, registry } = factoryOn(sandbox);
    await factory.client('s3', account).send(new HeadBucketCommand({ Bucket: 'in-ireland' }));
    const text = await registry.metrics();
    expect(text).toContain('s3api_aws_calls_total{service="s3",operation="HeadBucket",outcome="success"} 1');
    expect(text).not.toContain('operation="HeadBucket",outcome="client_error"');
  });

  it("calls for a default-region bucket while another region's bucket is being redirected: each signed for its own bucket's region, all answered", async () => {
    const sandbox = new AwsSandbox();
    sandbox.createBucket(ID, 'in-ireland', 'eu-west-1');
    sandbox.createBucket(ID, 'in-virginia', 'us-east-1');
    const s3 = factoryOn(sandbox).factory.client('s3', account);
    let arrived!: () => void;
    const redirecting = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The redirected call is held in the sandbox, in eu-west-1, while the others run on the same client.
    sandbox.faults.add({
      service: 's3',
      operation: 'GetBucketLocation',
      when: (input, context) => input['Bucket'] === 'in-ireland' && context.region === 'eu-west-1',
      hold: () => {
        arrived();
        return released;
      },
      times: 1,
    });
    const mark = sandbox.calls.mark();
    const redirected = s3.send(new GetBucketLocationCommand({ Bucket: 'in-ireland' }));
    await redirecting;
    const meanwhile = await Promise.allSettled(Array.from({ length: 20 }, () => s3.send(new GetBucketLocationCommand({ Bucket: 'in-virginia' }))));
    release();
    expect((await redirected).LocationConstraint).toBe('eu-west-1');
    expect(meanwhile.map((settled) => settled.status)).toEqual(Array(20).fill('fulfilled'));
    expect(callsFor(sandbox, mark, 'in-virginia')).toEqual(Array(20).fill(['GetBucketLocation', 'us-east-1', 'ok']));
    expect(callsFor(sandbox, mark, 'in-ireland')).toEqual([
      ['GetBucketLocation', 'us-east-1', 'error'],
      ['GetBucketLocation', 'eu-west-1', 'ok'],
    ]);
  });
});

describe('redirectedTo', () => {
  it('reads the region S3 names, as botocore S3RegionRedirectorv2 does', () => {
    expect(redirectedTo(answer('PermanentRedirect', 301, 'eu-west-1'), 'GetBucketTaggingCommand')).toBe('eu-west-1');
    expect(redirectedTo(answer('TemporaryRedirect', 307, 'eu-west-1'), 'GetBucketTaggingCommand')).toBe('eu-west-1');
    expect(redirectedTo(answer('IllegalLocationConstraintException', 400, 'af-south-1'), 'GetBucketTaggingCommand')).toBe('af-south-1');
    expect(redirectedTo(answer('Unknown', 400, 'af-south-1'), 'HeadBucketCommand')).toBe('af-south-1');
    expect(redirectedTo(answer('AuthorizationHeaderMalformed', 400, undefined, { Region: 'eu-west-1' }), 'GetBucketTaggingCommand')).toBe('eu-west-1');
  });

  it('reads the header of a 302, as of a 301 or 307', () => {
    expect(redirectedTo(answer('Found', 302, 'eu-west-1'), 'GetBucketTaggingCommand')).toBe('eu-west-1');
  });

  it('reads the header of a 400 AuthorizationHeaderMalformed that has no Region element', () => {
    expect(redirectedTo(answer('AuthorizationHeaderMalformed', 400, 'eu-west-1'), 'GetBucketTaggingCommand')).toBe('eu-west-1');
  });

  it('names none for a HEAD refused with 403, though it carries the header (botocore redirects a HEAD on a 301 or 400 only)', () => {
    expect(redirectedTo(answer('Unknown', 403, 'eu-west-1'), 'HeadBucketCommand')).toBeUndefined();
  });

  it('names none for an error of another name that carries a Region element (botocore reads it for AuthorizationHeaderMalformed only)', () => {
    expect(redirectedTo(answer('AccessDenied', 403, undefined, { Region: 'eu-west-1' }), 'GetBucketTaggingCommand')).toBeUndefined();
  });

  it('names none for a call rejected with null', () => {
    expect(redirectedTo(null, 'GetBucketTaggingCommand')).toBeUndefined();
  });

  it('names none for any other error', () => {
    expect(redirectedTo(answer('Unknown', 400, 'eu-west-1'), 'GetBucketTaggingCommand')).toBeUndefined();
    expect(redirectedTo(answer('AccessDenied', 403, 'eu-west-1'), 'GetBucketTaggingCommand')).toBeUndefined();
    expect(redirectedTo(answer('PermanentRedirect', 301), 'GetBucketTaggingCommand')).toBeUndefined();
    expect(redirectedTo(new Error('socket hang up'), 'GetBucketTaggingCommand')).toBeUndefined();
    expect(redirectedTo(undefined, 'GetBucketTaggingCommand')).toBeUndefined();
  });
});

describe('sendInBucketRegion', () => {
  it('a HeadBucket 400 in the bucket’s own region, which names that region, reaches the caller after that one call', async () => {
    // HeadBucket's answers carry x-amz-bucket-region in the bucket's own region too: a 400 there for any other reason names it.
    const refusal = answer('Unknown', 400, 'eu-west-1');
    const sent: string[] = [];
    const sendIn = (region: string) => () => {
      sent.push(region);
      return Promise.reject(refusal);
    };
    const send = sendInBucketRegion(new BucketRegions('us-east-1'), 'eu-west-1', sendIn('eu-west-1'), sendIn);
    await expect(send(new HeadBucketCommand({ Bucket: 'in-ireland' }))).rejects.toBe(refusal);
    expect(sent).toEqual(['eu-west-1']);
  });
});

describe('BucketRegions', () => {
  it('keeps only buckets outside the default region, and at most as many as it is told, forgetting the oldest', () => {
    const regions = new BucketRegions('us-east-1', 2);
    regions.learn('a', 'eu-west-1');
    regions.learn('home', 'us-east-1');
    regions.learn('b', 'eu-west-1');
    regions.learn('c', 'eu-central-1');
    expect(['a', 'home', 'b', 'c'].map((bucket) => regions.regionOf(bucket))).toEqual([undefined, undefined, 'eu-west-1', 'eu-central-1']);
    regions.learn('b', 'us-east-1');
    expect(regions.regionOf('b')).toBeUndefined();
  });
});
