import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('throttling and outages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const create = (bucket: string) => t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: bucket } } });

  it('retries transient throttling invisibly (S3 SlowDown, IAM Throttling)', async () => {
    t.sandbox.faults.add({ operation: 'CreateBucket', times: 1, error: { name: 'SlowDown', httpStatusCode: 503, fault: 'server' } });
    t.sandbox.faults.add({ operation: 'CreatePolicy', times: 1, error: { name: 'Throttling', httpStatusCode: 400 } });
    const mark = t.sandbox.calls.mark();
    const res = await create('throttled-once');
    expect(res.status).toBe(202);
    const calls = t.sandbox.calls.since(mark);
    expect(calls.filter((c) => c.operation === 'CreateBucket')).toHaveLength(2);
    expect(calls.filter((c) => c.operation === 'CreatePolicy')).toHaveLength(2);
    t.sandbox.faults.clear();
  });

  it('answers 429 with Retry-After to persistent throttling, and leaves nothing behind', async () => {
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'CreateGroup', error: { name: 'Throttling', httpStatusCode: 400 } });
    const res = await create('throttled-always');
    t.sandbox.faults.clear();
    expect(res.status).toBe(429);
    expect(res.body.Code).toBe('Throttled');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('answers 503 AwsUnavailable when an AWS service is down, and leaves nothing behind', async () => {
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'PutBucketEncryption', error: { name: 'ServiceUnavailable', httpStatusCode: 503, fault: 'server' } });
    const res = await create('unavailable-aws');
    t.sandbox.faults.clear();
    expect(res.status).toBe(503);
    expect(res.body.Code).toBe('AwsUnavailable');
    expect(res.headers['retry-after']).toBeDefined();
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });
});
