import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3ApiClient, type S3ApiClient } from '#client';
import { injectFetch } from '../support/inject-fetch.js';
import { startTestApp, type TestApp, TOKEN } from '../support/test-app.js';

// The main flows through the client generated from openapi.yaml: a spec that generates a bad
// client fails here (at compile time or at run time).
describe('the generated TypeScript client', () => {
  let t: TestApp;
  let api: S3ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    api = createS3ApiClient({ baseUrl: 'http://s3-api.test', token: TOKEN, fetch: injectFetch(t.app) });
  });
  afterAll(() => t.close());

  it('reads the public system routes', async () => {
    const version = await api.GET('/v1/s3/version');
    expect(version.response.status).toBe(200);
    expect(version.data?.gitHash).toMatch(/^[0-9a-f]{40}$/);
  });

  it('creates, shows, lists and deletes a bucket with a user and keys', async () => {
    const account = { account: 'sandbox' };
    const created = await api.POST('/v1/s3/{account}/buckets', {
      params: { path: account },
      body: { BucketInput: { Bucket: 'client-flow-bucket' }, Tags: [{ Key: 'Application', Value: 'client' }] },
    });
    expect(created.response.status).toBe(202);
    expect(created.data?.Group?.GroupName).toBe('client-flow-bucket-BktAdmGrp');

    const shown = await api.GET('/v1/s3/{account}/buckets/{bucket}', { params: { path: { ...account, bucket: 'client-flow-bucket' } } });
    expect(shown.data?.Tags).toEqual([{ Key: 'Application', Value: 'client' }]);
    expect(shown.data?.Empty).toBe(true);

    const listed = await api.GET('/v1/s3/{account}/buckets', { params: { path: account } });
    expect(listed.data).toContain('client-flow-bucket');

    const user = await api.POST('/v1/s3/{account}/buckets/{bucket}/users', {
      params: { path: { ...account, bucket: 'client-flow-bucket' } },
      body: { User: { UserName: 'client-flow-user' } },
    });
    expect(user.response.status).toBe(200);
    expect(user.data?.AccessKey.SecretAccessKey).toHaveLength(40);

    const reset = await api.PUT('/v1/s3/{account}/buckets/{bucket}/users/{user}', {
      params: { path: { ...account, bucket: 'client-flow-bucket', user: 'client-flow-user' } },
    });
    expect(reset.data?.DeletedKeyIds).toEqual([user.data?.AccessKey.AccessKeyId]);

    const users = await api.GET('/v1/s3/{account}/buckets/{bucket}/users', { params: { path: { ...account, bucket: 'client-flow-bucket' } } });
    expect(users.data?.map((u) => u.UserName)).toEqual(['client-flow-user']);

    const missing = await api.GET('/v1/s3/{account}/buckets/{bucket}', { params: { path: { ...account, bucket: 'no-such-bucket-here' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.Code).toBe('BucketNotFound');

    const deleted = await api.DELETE('/v1/s3/{account}/buckets/{bucket}', { params: { path: { ...account, bucket: 'client-flow-bucket' } } });
    expect(deleted.response.status).toBe(200);
  });

  it('creates, shows, invalidates and deletes a website', async () => {
    const path = { account: 'sandbox', website: 'client.sites.example.com' };
    const created = await api.POST('/v1/s3/{account}/websites', { params: { path: { account: 'sandbox' } }, body: { BucketInput: { Bucket: path.website } } });
    expect(created.response.status).toBe(202);
    expect(created.data?.Distribution.DistributionConfig.Aliases.Items).toEqual([path.website]);

    const shown = await api.GET('/v1/s3/{account}/websites/{website}', { params: { path } });
    expect(shown.response.status).toBe(200);
    expect(shown.data?.Empty).toBe(true);

    const invalidated = await api.PATCH('/v1/s3/{account}/websites/{website}', { params: { path }, body: { CacheInvalidation: ['/*'] } });
    expect(invalidated.response.status).toBe(200);
    expect(invalidated.data?.Invalidation.InvalidationBatch.Paths.Items).toEqual(['/*']);

    const deleted = await api.DELETE('/v1/s3/{account}/websites/{website}', { params: { path } });
    expect(deleted.response.status).toBe(200);
  });
});
