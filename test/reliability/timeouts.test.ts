import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('timeouts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ aws: { requestTimeoutMs: 100, maxAttempts: 2 } });
  });
  afterAll(() => t.close());

  it('turns a hung AWS call into 504 within the configured budget, and still undoes everything', async () => {
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'PutBucketEncryption', error: 'hang' });
    const started = Date.now();
    const res = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'hung-bucket' } } });
    const elapsed = Date.now() - started;
    t.sandbox.faults.clear();
    expect(res.status).toBe(504);
    expect(res.body.Code).toBe('AwsTimeout');
    expect(elapsed).toBeLessThan(2_000); // 2 attempts x 100 ms, plus compensation
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });

  it('completes compensation even when an undo call itself hangs once', async () => {
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'CreateGroup', error: { name: 'AccessDenied', httpStatusCode: 403 } });
    t.sandbox.faults.add({ operation: 'DeleteBucket', times: 1, error: 'hang' });
    const res = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'slow-undo-bucket' } } });
    t.sandbox.faults.clear();
    expect(res.status).toBe(403);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });
});
