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

describe('bodies of any shape are bounded and every problem is reported once (each was a 500 or a 10 MB answer)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'shape-bucket' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'shape.sites.example.com' } } })).status).toBe(202);
  });
  afterAll(() => t.close());

  const fields = (res: { body: { Details: { Field: string; Problem: string }[] } }): string[] => res.body.Details.map((d) => d.Field);

  it.each([
    ['POST', 'sandbox/buckets', { BucketInput: { Bucket: 'x-shape' }, Tags: [[]] }, 'Tags[0]'],
    ['POST', 'sandbox/buckets', { BucketInput: { Bucket: 'x-shape' }, Tags: [[{ Key: 'a', Value: 'b' }]] }, 'Tags[0]'],
    ['PUT', 'sandbox/buckets/shape-bucket', { Tags: [[{ Key: 'a', Value: 'b' }]] }, 'Tags[0]'],
    ['PUT', 'sandbox/websites/shape.sites.example.com', { Tags: [[]] }, 'Tags[0]'],
    [
      'POST',
      'sandbox/websites',
      { BucketInput: { Bucket: 'y.sites.example.com' }, WebsiteConfiguration: { RoutingRules: [[]] } },
      'WebsiteConfiguration.RoutingRules[0]',
    ],
  ] as const)('%s %s %j: a list inside a list is a 400 naming %s, before any AWS call', async (method, path, body, field) => {
    const mark = t.sandbox.calls.mark();
    const res = await t.request(method, path, { body });
    expect(res.status).toBe(400);
    expect(fields(res)).toContain(field);
    expect(t.sandbox.calls.since(mark)).toEqual([]);
  });

  it('answers a body nested 5,000 levels deep with 400 naming the depth', async () => {
    const res = await t.request('POST', 'sandbox/buckets', {
      body: `${'{"BucketInput":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.Details).toEqual([{ Field: expect.stringMatching(/^BucketInput\.BucketInput/), Problem: 'nested more than 8 levels deep' }]);
  });

  it('answers 30,000 bad tags with a short 400, not one detail per tag', async () => {
    const res = await t.request('POST', 'sandbox/buckets', {
      body: { BucketInput: { Bucket: 'x-shape' }, Tags: Array.from({ length: 30_000 }, () => ({ Key: 'aws:x', Value: '$' })) },
    });
    expect(res.status).toBe(400);
    expect(res.body.Details).toEqual([{ Field: 'body', Problem: expect.stringContaining('2000 values') }]);
    expect(res.text.length).toBeLessThan(1_000);
  });

  it('lists at most 100 details, each once, and says how many there were', async () => {
    const res = await t.request('POST', 'sandbox/buckets', {
      body: { BucketInput: { Bucket: 'x-shape' }, Tags: Array.from({ length: 300 }, () => ({ Key: 'aws:x', Value: '$' })) },
    });
    expect(res.status).toBe(400);
    expect(res.body.Details).toHaveLength(100);
    const keys = res.body.Details.map((d: { Field: string; Problem: string }) => `${d.Field} ${d.Problem}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(res.body.Message).toMatch(/^\d+ problems, the first: .* \(the first 100 are listed\)$/);
  });

  it('reports an unknown field together with every rule a bad bucket name breaks', async () => {
    const res = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'Bad_Name..' }, Extra: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.Details).toEqual(
      expect.arrayContaining([
        { Field: 'Extra', Problem: 'unknown field' },
        { Field: 'BucketInput.Bucket', Problem: 'may contain only lowercase letters, digits, dots and hyphens' },
        { Field: 'BucketInput.Bucket', Problem: 'must not contain two adjacent dots' },
      ]),
    );
  });
});
