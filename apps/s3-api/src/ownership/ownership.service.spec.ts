import { describe, expect, it, vi } from 'vitest';
import { type AwsAccount, AwsAccountProvider, claimsBucketName, type S3Gateway, type Tag, type TaggingGateway } from '#aws';
import { DISTRIBUTION_ID_TAG, systemTags } from '../common/system-tags.js';
import { OwnershipService } from './ownership.service.js';

const account = {
  id: '111111111111',
  name: 'test',
  region: 'us-east-1',
  org: 'acme',
  accessLog: { bucket: 'logs-111111111111', prefix: 's3' },
  domains: {},
  allowedRegions: ['us-east-1'],
  sessionDurationSeconds: 900,
  accessModel: 'groups',
} as AwsAccount;
const other = { ...account, id: '222222222222', name: 'other', accessLog: { bucket: 'logs-222222222222', prefix: '' } } as AwsAccount;

const missing = Object.assign(new Error('NoSuchBucket'), { awsCode: 'NoSuchBucket' });

function service(tags: Tag[] | Error, tagging = {} as TaggingGateway): { ownership: OwnershipService; getBucketTags: ReturnType<typeof vi.fn> } {
  const getBucketTags = vi.fn(async () => {
    if (tags instanceof Error) throw tags;
    return tags;
  });
  const s3 = { getBucketTags, hasWebsiteConfiguration: async () => false } as unknown as S3Gateway;
  const accounts = { list: () => [account, other], resolve: () => account } as unknown as AwsAccountProvider;
  return { ownership: new OwnershipService(accounts, s3, tagging), getBucketTags };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code,
  );

/** The code and the message a caller reads in the refusal. */
const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
  );

const clientTags = (count: number): Tag[] => Array.from({ length: count }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));

describe('OwnershipService', () => {
  it("takes a bucket with the service's tags for this account's org, and tells a website by its distribution id", async () => {
    const { ownership } = service([...systemTags(account), { Key: 'team', Value: 'a' }]);
    expect(await ownership.bucket(account, 'b1')).toMatchObject({ name: 'b1', distributionId: undefined });
    expect(await codeOf(ownership.website(account, 'b1'))).toBe('WebsiteNotFound');
    const site = service(systemTags(account, [{ Key: DISTRIBUTION_ID_TAG, Value: 'E123' }])).ownership;
    expect(await site.website(account, 's.example.com')).toMatchObject({ distributionId: 'E123' });
    expect(await site.bucket(account, 's.example.com')).toMatchObject({ distributionId: 'E123' });
  });

  it.each([
    ['no tags at all', [], 'it does not carry the tag s3-api:managed-by=s3-api'],
    ['only client tags', [{ Key: 'team', Value: 'a' }], 'it does not carry the tag s3-api:managed-by=s3-api'],
    ['another org', systemTags({ ...account, org: 'globex' }), "it belongs to org 'globex', not 'acme'"],
    ['no org tag', [{ Key: 's3-api:managed-by', Value: 's3-api' }], 'it does not carry the tag s3-api:org'],
    [
      'managed-by another value',
      [
        { Key: 's3-api:managed-by', Value: 'terraform' },
        { Key: 's3-api:org', Value: 'acme' },
      ],
      'it does not carry the tag s3-api:managed-by=s3-api',
    ],
    ['a distribution id alone', [{ Key: DISTRIBUTION_ID_TAG, Value: 'E123' }], 'it does not carry the tag s3-api:managed-by=s3-api'],
  ])('refuses a bucket with %s: 403 BucketNotManaged on bucket and website routes, saying why', async (_what, tags, why) => {
    const { ownership } = service(tags as Tag[]);
    expect(await refusalOf(ownership.bucket(account, 'b1'))).toContain(`BucketNotManaged: bucket 'b1' is not managed by this service: ${why}`);
    expect(await codeOf(ownership.website(account, 'b1'))).toBe('BucketNotManaged');
  });

  it('adopts a bucket with no tag of the service and room for its two, telling whether it serves a website', async () => {
    expect(await service(clientTags(48)).ownership.adoptable(account, 'old')).toEqual({ tags: clientTags(48), website: false });
  });

  it.each([
    [
      'with more client tags than leave room for the system tags',
      clientTags(49),
      'BucketNotAdoptable',
      'it has 49 tags; S3 allows 50 and the service needs 2 of them',
    ],
    [
      "of another org's deployment",
      systemTags({ ...account, org: 'globex' }),
      'BucketNotAdoptable',
      'it carries tags of another deployment of this service (s3-api:org=globex, s3-api:managed-by=s3-api)',
    ],
    ['already the service’s', systemTags(account), 'BucketAlreadyManaged', "bucket 'old' is already managed by this service"],
  ])('refuses to adopt a bucket %s, saying why', async (_what, tags, code, why) => {
    const refusal = await refusalOf(service(tags).ownership.adoptable(account, 'old'));
    expect(refusal).toMatch(new RegExp(`^${code}: `));
    expect(refusal).toContain(why);
  });

  it("refuses every configured access-log bucket, this account's or another's, whatever its tags, without an AWS call", async () => {
    const { ownership, getBucketTags } = service(systemTags(account));
    for (const name of ['logs-111111111111', 'logs-222222222222']) {
      expect(await refusalOf(ownership.bucket(account, name))).toBe(
        `BucketNotManaged: bucket '${name}' is not managed by this service: it is an access-log bucket, which the service never manages`,
      );
      expect(await codeOf(ownership.bucketIfExists(account, name))).toBe('BucketNotManaged');
      expect(await refusalOf(ownership.adoptable(account, name))).toBe(
        `BucketNotAdoptable: bucket '${name}' cannot be adopted: it is an access-log bucket, which the service never manages`,
      );
    }
    expect(getBucketTags).not.toHaveBeenCalled();
  });

  it("refuses every account's claims bucket, whatever its tags, without an AWS call", async () => {
    const { ownership, getBucketTags } = service(systemTags(account));
    for (const name of [claimsBucketName(account.id), claimsBucketName(other.id)]) {
      expect(await refusalOf(ownership.bucket(account, name))).toBe(
        `BucketNotManaged: bucket '${name}' is not managed by this service: it holds the account's claims on bucket names, which the service never manages`,
      );
      expect(await codeOf(ownership.adoptable(account, name))).toBe('BucketNotAdoptable');
    }
    expect(getBucketTags).not.toHaveBeenCalled();
  });

  it("lists as websites the buckets tagged as the service's for this org with a distribution id, never a log or claims bucket", async () => {
    const bucketsTagged = vi.fn(async () => ['a.example.com', 'logs-222222222222', claimsBucketName(account.id), 'b.example.com']);
    const { ownership } = service([], { bucketsTagged } as unknown as TaggingGateway);
    expect(await ownership.websites(account)).toEqual(['a.example.com', 'b.example.com']);
    expect(bucketsTagged).toHaveBeenCalledWith(account, 'us-east-1', [
      { key: 's3-api:managed-by', value: 's3-api' },
      { key: 's3-api:org', value: 'acme' },
      { key: DISTRIBUTION_ID_TAG },
    ]);
  });

  it('answers 404 in the words of the route for a missing bucket, and null where a delete asks', async () => {
    const { ownership } = service(missing);
    expect(await codeOf(ownership.bucket(account, 'gone'))).toBe('BucketNotFound');
    expect(await codeOf(ownership.website(account, 'gone.example.com'))).toBe('WebsiteNotFound');
    expect(await ownership.bucketIfExists(account, 'gone')).toBeNull();
  });

  it("passes on any other failure of the read (another account's bucket is S3's own 403)", async () => {
    const denied = Object.assign(new Error('AccessDenied'), { awsCode: 'AccessDenied' });
    expect(
      await service(denied)
        .ownership.bucket(account, 'theirs')
        .catch((error: unknown) => error),
    ).toBe(denied);
  });
});
