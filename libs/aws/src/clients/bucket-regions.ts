/** How many buckets outside its default region an account's S3 calls remember; past it, the oldest is forgotten (it costs one redirect more). */
export const BUCKET_REGIONS_KEPT = 10_000;

type Send = (command: object, options?: object) => Promise<unknown>;

/** HEAD answers have no body: S3 can tell the bucket's region only by status and header. */
const HEAD_OPERATIONS = new Set(['HeadBucketCommand', 'HeadObjectCommand']);

/**
 * The region S3 names when it refuses a bucket's call for being sent to, or signed for, another
 * region; undefined for any other error. As botocore's S3RegionRedirectorv2 reads it: the
 * `x-amz-bucket-region` header of a redirect (301 PermanentRedirect, or 302/307), of a 400
 * IllegalLocationConstraintException (a bucket of an opt-in region) or of a bodiless HEAD 400, else
 * the `Region` element of a 400 AuthorizationHeaderMalformed.
 */
export function redirectedTo(error: unknown, command: string): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    name?: unknown;
    Region?: unknown;
    $metadata?: { httpStatusCode?: number };
    $response?: { headers?: Record<string, string | undefined> };
  };
  const header = e.$response?.headers?.['x-amz-bucket-region'];
  const status = e.$metadata?.httpStatusCode;
  if (header) {
    if (status === 301 || status === 302 || status === 307) return header;
    if (status === 400 && (e.name === 'IllegalLocationConstraintException' || e.name === 'AuthorizationHeaderMalformed' || HEAD_OPERATIONS.has(command)))
      return header;
  }
  if (e.name === 'AuthorizationHeaderMalformed' && typeof e.Region === 'string' && e.Region) return e.Region;
  return undefined;
}

/** The regions of one account's buckets that are not in its default region, newest last, at most `kept`. */
export class BucketRegions {
  private readonly elsewhere = new Map<string, string>();

  constructor(
    private readonly home: string,
    private readonly kept = BUCKET_REGIONS_KEPT,
  ) {}

  regionOf(bucket: string): string | undefined {
    return this.elsewhere.get(bucket);
  }

  learn(bucket: string, region: string): void {
    this.elsewhere.delete(bucket);
    if (region === this.home) return;
    this.elsewhere.set(bucket, region);
    if (this.elsewhere.size > this.kept) this.elsewhere.delete(this.elsewhere.keys().next().value!);
  }

  forget(bucket: string): void {
    this.elsewhere.delete(bucket);
  }
}

/**
 * An S3 client's `send` (`direct`, in region `own`) that takes each bucket's call to the client of
 * the bucket's own region (`sendIn`).
 *
 * S3 answers a bucket only in its region. The SDK's `followRegionRedirects` would resend a refused
 * call by replacing the shared client's region for as long as the call lasts: every other call the
 * client makes meanwhile is signed and sent for that region too, and two overlapping redirects can end
 * in its "Region was not restored following S3 region redirect." Here the client's configuration is
 * never touched: a call goes to the region remembered for its bucket (the client's own when none is),
 * and one S3 refuses for its region is sent once more, through the client of the region S3 named,
 * which is remembered for the bucket's next calls. A bucket made through here is remembered at once,
 * a deleted one forgotten. Calls without a bucket, and CreateBucket (which goes where its location
 * constraint allows), go through the client's own region.
 */
export function sendInBucketRegion(regions: BucketRegions, own: string, direct: Send, sendIn: (region: string) => Send): Send {
  return (command, options) => {
    const input = (command as { input?: { Bucket?: unknown; CreateBucketConfiguration?: { LocationConstraint?: string } } }).input;
    const bucket = input?.Bucket;
    if (typeof bucket !== 'string') return direct(command, options);
    const name = command.constructor.name;
    if (name === 'CreateBucketCommand') {
      return direct(command, options).then((output) => {
        regions.learn(bucket, input?.CreateBucketConfiguration?.LocationConstraint || 'us-east-1');
        return output;
      });
    }
    const region = regions.regionOf(bucket) ?? own;
    const sent = (region === own ? direct : sendIn(region))(command, options).catch((error: unknown) => {
      const to = redirectedTo(error, name);
      if (to === undefined || to === region) throw error;
      regions.learn(bucket, to);
      return sendIn(to)(command, options);
    });
    return name === 'DeleteBucketCommand'
      ? sent.then((output) => {
          regions.forget(bucket);
          return output;
        })
      : sent;
  };
}
