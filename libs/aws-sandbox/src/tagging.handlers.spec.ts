import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { AwsSandbox } from './sandbox.js';
import { awsErrorOf } from './testing.js';

const ACCOUNT = '111111111111';
const credentials = { accessKeyId: 'ROOTKEY', secretAccessKey: 'root' };

function clients(sandbox: AwsSandbox, region = 'us-east-1') {
  const s3 = new S3Client({ region, credentials, maxAttempts: 1 });
  const tagging = new ResourceGroupsTaggingAPIClient({ region, credentials, maxAttempts: 1 });
  s3.middlewareStack.use(sandbox.plugin(ACCOUNT));
  tagging.middlewareStack.use(sandbox.plugin(ACCOUNT));
  return { s3, tagging };
}

async function bucket(s3: S3Client, name: string, tags: Record<string, string>): Promise<void> {
  const region = await s3.config.region();
  await s3.send(
    new CreateBucketCommand({ Bucket: name, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }) }),
  );
  await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } }));
}

// GetResources: https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
describe('Resource Groups Tagging API GetResources in the sandbox', () => {
  it("finds the region's buckets that carry every filter's key (one of its values, if it lists any), a page at a time, the last page's token empty", async () => {
    const sandbox = new AwsSandbox();
    const { s3, tagging } = clients(sandbox);
    await bucket(s3, 'site-a', { team: 'web', kind: 'site' });
    await bucket(s3, 'site-b', { team: 'ops', kind: 'site' });
    await bucket(s3, 'site-c', { team: 'web', kind: 'site' });
    await bucket(s3, 'plain', { team: 'web' });
    await bucket(s3, 'other-team', { team: 'data', kind: 'site' });
    await s3.send(new CreateBucketCommand({ Bucket: 'untagged' }));
    const filters = [{ Key: 'team', Values: ['web', 'ops'] }, { Key: 'kind' }];
    const first = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['s3'], TagFilters: filters, ResourcesPerPage: 2 }));
    expect(first.ResourceTagMappingList?.map((r) => r.ResourceARN)).toEqual(['arn:aws:s3:::site-a', 'arn:aws:s3:::site-b']);
    expect(first.ResourceTagMappingList?.[0]?.Tags).toEqual([
      { Key: 'team', Value: 'web' },
      { Key: 'kind', Value: 'site' },
    ]);
    const second = await tagging.send(
      new GetResourcesCommand({ ResourceTypeFilters: ['s3'], TagFilters: filters, ResourcesPerPage: 2, PaginationToken: first.PaginationToken! }),
    );
    expect(second.ResourceTagMappingList?.map((r) => r.ResourceARN)).toEqual(['arn:aws:s3:::site-c']);
    expect(second.PaginationToken).toBe('');
    s3.destroy();
    tagging.destroy();
  });

  it('lists only the buckets of the region it is asked in', async () => {
    const sandbox = new AwsSandbox();
    const { s3, tagging } = clients(sandbox);
    await bucket(s3, 'in-virginia', { kind: 'site' });
    const ireland = clients(sandbox, 'eu-west-1');
    await bucket(ireland.s3, 'in-ireland', { kind: 'site' });
    const arns = async (client: ResourceGroupsTaggingAPIClient) =>
      (await client.send(new GetResourcesCommand({ ResourceTypeFilters: ['s3'], TagFilters: [{ Key: 'kind' }] }))).ResourceTagMappingList?.map(
        (r) => r.ResourceARN,
      );
    expect(await arns(tagging)).toEqual(['arn:aws:s3:::in-virginia']);
    expect(await arns(ireland.tagging)).toEqual(['arn:aws:s3:::in-ireland']);
    for (const client of [s3, tagging, ireland.s3, ireland.tagging]) client.destroy();
  });

  it('refuses bad parameters with InvalidParameterException 400, and a token older than 15 minutes with PaginationTokenExpiredException 400', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const sandbox = new AwsSandbox({ clock });
    const { s3, tagging } = clients(sandbox);
    for (const name of ['t-1', 't-2']) await bucket(s3, name, { kind: 'site' });
    const ok = { ResourceTypeFilters: ['s3'], TagFilters: [{ Key: 'kind' }] };
    const bad = [
      { ...ok, ResourcesPerPage: 0 },
      { ...ok, ResourcesPerPage: 101 },
      { ...ok, TagFilters: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}` })) },
      { ...ok, TagFilters: [{ Key: 'kind', Values: Array.from({ length: 21 }, (_, i) => `v${i}`) }] },
      { ...ok, TagFilters: [{ Key: '' }] },
      { ...ok, ResourceARNList: ['arn:aws:s3:::t-1'] },
      { ...ok, PaginationToken: 'not-a-token' },
    ];
    for (const input of bad) {
      expect(await awsErrorOf(tagging.send(new GetResourcesCommand(input))), JSON.stringify(input).slice(0, 80)).toMatchObject({
        name: 'InvalidParameterException',
        status: 400,
      });
    }
    const first = await tagging.send(new GetResourcesCommand({ ...ok, ResourcesPerPage: 1 }));
    clock.advance(15 * 60_000 + 1);
    expect(await awsErrorOf(tagging.send(new GetResourcesCommand({ ...ok, ResourcesPerPage: 1, PaginationToken: first.PaginationToken! })))).toMatchObject({
      name: 'PaginationTokenExpiredException',
      status: 400,
    });
    s3.destroy();
    tagging.destroy();
  });

  it('fails loudly for what it does not keep: resources other than S3 buckets, or every resource ever tagged (no TagFilters)', async () => {
    const sandbox = new AwsSandbox();
    const { tagging } = clients(sandbox);
    for (const input of [
      { TagFilters: [{ Key: 'kind' }] },
      { ResourceTypeFilters: ['ec2:instance'], TagFilters: [{ Key: 'kind' }] },
      { ResourceTypeFilters: ['s3'] },
    ]) {
      expect(await awsErrorOf(tagging.send(new GetResourcesCommand(input)))).toMatchObject({ name: 'NotImplemented' });
    }
    tagging.destroy();
  });
});
