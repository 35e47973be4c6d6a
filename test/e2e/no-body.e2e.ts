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
