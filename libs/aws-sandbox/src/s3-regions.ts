import { HttpResponse } from '@smithy/core/protocols';
import { s3Error } from './errors.js';
import type { SandboxState } from './state.js';

/**
 * The regions AWS launched after March 20, 2019 (the opt-in regions): a request for one of their
 * buckets that reaches another region's endpoint is answered 400, not 301 ("Request redirection and
 * the REST API", Amazon S3 user guide).
 */
const OPT_IN_REGIONS = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);

/** Operations S3 answers from any region: they name no existing bucket, or (CreateBucket) have a rule of their own. */
const ANY_REGION = new Set(['CreateBucket', 'ListBuckets', 'ListDirectoryBuckets']);

/** `s3.<region>.amazonaws.com`, path-style or with the bucket in front (virtual-hosted style). */
const REGIONAL_HOST = /(?:^|\.)s3[.-]([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/;
/** The legacy global endpoint, whose DNS sends each bucket's requests to the bucket's own region. */
const GLOBAL_HOST = /(?:^|\.)s3(?:-external-1)?\.amazonaws\.com$/;

/** Where a call went: the host it was sent to and the region its SigV4 signature is scoped to. */
export interface CallDestination {
  readonly host: string | undefined;
  readonly signingRegion: string;
}

/**
 * The answer S3 gives a bucket's call that reached, or was signed for, a region other than the
 * bucket's; undefined when the call is where it belongs. S3 decides this before anything else, even
 * for a bucket of another account (the region is not a secret: it is how SDKs find it).
 * - At another region's endpoint: 301 PermanentRedirect (400 IllegalLocationConstraintException for
 *   a bucket of an opt-in region), with the bucket's region in the `x-amz-bucket-region` header.
 * - At its own region (the global endpoint's DNS sends it there) but signed for another:
 *   400 AuthorizationHeaderMalformed naming the expected region in its `Region` element.
 * - HEAD answers have no body: HeadBucket and HeadObject get the bare status, and the header
 *   (botocore's S3RegionRedirectorv2 redirects HeadBucket on a 301 or 400 that carries it).
 * GetBucketLocation is no exception: sent to us-east-1 with SigV4 it fails for a bucket elsewhere
 * (aws/aws-sdk-js#462), so only a client in the bucket's region can count on it.
 */
export function wrongRegionRefusal(state: SandboxState, operation: string, input: Record<string, unknown>, to: CallDestination): Error | undefined {
  const name = input['Bucket'];
  if (typeof name !== 'string' || ANY_REGION.has(operation)) return undefined;
  const owner = state.bucketOwners.get(name);
  const bucket = owner === undefined ? undefined : state.accounts.get(owner)?.buckets.get(name);
  if (!bucket) return undefined;
  const home = bucket.region;
  const arrivedAt = endpointRegion(to.host) ?? (to.host !== undefined && GLOBAL_HOST.test(to.host) ? home : to.signingRegion);
  const head = operation === 'HeadBucket' || operation === 'HeadObject';
  if (arrivedAt !== home) {
    const optIn = OPT_IN_REGIONS.has(home);
    const status = optIn ? 400 : 301;
    if (head) return withBucketRegion(s3Error('Unknown', status, 'UnknownError'), status, home);
    const error = optIn
      ? s3Error(
          'IllegalLocationConstraintException',
          400,
          `The ${home} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        )
      : Object.assign(
          s3Error(
            'PermanentRedirect',
            301,
            'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
          ),
          { Endpoint: `${name}.s3.${home}.amazonaws.com`, Bucket: name },
        );
    return withBucketRegion(error, status, home);
  }
  if (to.signingRegion !== home) {
    if (head) return withBucketRegion(s3Error('Unknown', 400, 'UnknownError'), 400, home);
    return Object.assign(
      s3Error('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; the region '${to.signingRegion}' is wrong; expecting '${home}'`),
      { Region: home },
    );
  }
  return undefined;
}

const endpointRegion = (host: string | undefined): string | undefined => (host === undefined ? undefined : REGIONAL_HOST.exec(host)?.[1]);

/** As the SDK leaves a deserialized error: the raw response, headers included, as a hidden `$response`. */
function withBucketRegion(error: Error, statusCode: number, region: string): Error {
  const response = new HttpResponse({ statusCode, headers: { 'x-amz-bucket-region': region } });
  Object.defineProperty(error, '$response', { value: response, enumerable: false });
  return error;
}
