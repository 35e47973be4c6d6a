import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('routes that take no body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'no-body-bucket' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/buckets/no-body-bucket/users', { body: { User: { UserName: 'no-body-user' } } })).status).toBe(200);
  });
  afterAll(() => t.close());

  it('refuse a body with fields with 400 before changing anything: key reset, user delete, bucket delete', async () => {
    const before = t.sandbox.snapshot();
    const mark = t.sandbox.calls.mark();
    for (const [method, path] of [
      ['PUT', 'sandbox/buckets/no-body-bucket/users/no-body-user'],
      ['DELETE', 'sandbox/buckets/no-body-bucket/users/no-body-user'],
      ['DELETE', 'sandbox/buckets/no-body-bucket'],
    ] as const) {
      const res = await t.request(method, path, { body: { Force: true } });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body).toMatchObject({ Code: 'ValidationError', Details: [{ Field: 'body', Problem: 'this route takes no body' }] });
    }
    expect(t.sandbox.calls.since(mark)).toEqual([]);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('accept no body or an empty object', async () => {
    expect((await t.request('PUT', 'sandbox/buckets/no-body-bucket/users/no-body-user', { body: {} })).status).toBe(200);
    expect((await t.request('PUT', 'sandbox/buckets/no-body-bucket/users/no-body-user')).status).toBe(200);
  });
});

describe('nested objects that arrive as arrays (found by the fuzzer: they were 500s)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'array-bucket' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'arrays.sites.example.com' } } })).status).toBe(202);
  });
  afterAll(() => t.close());

  it.each([
    ['POST', 'sandbox/websites', { BucketInput: [] }, 'BucketInput'],
    ['POST', 'sandbox/websites', { BucketInput: { Bucket: 'x.sites.example.com' }, WebsiteConfiguration: [] }, 'WebsiteConfiguration'],
    [
      'POST',
      'sandbox/websites',
      { BucketInput: { Bucket: 'x.sites.example.com' }, WebsiteConfiguration: { IndexDocument: [] } },
      'WebsiteConfiguration.IndexDocument',
    ],
    ['POST', 'sandbox/buckets/array-bucket/users', { User: [] }, 'User'],
    ['POST', 'sandbox/websites/arrays.sites.example.com/users', { User: [] }, 'User'],
  ] as const)('%s %s %j is a 400 naming %s', async (method, path, body, field) => {
    const res = await t.request(method, path, { body });
    expect(res.status).toBe(400);
    expect(res.body.Details.map((d: { Field: string }) => d.Field)).toContain(field);
  });
});
