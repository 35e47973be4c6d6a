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
    const res = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'hung-bucket' } } });
    t.sandbox.faults.clear();
    expect(res.status).toBe(504);
    expect(res.body.Code).toBe('AwsTimeout');
    // A hung call never answers: each of the 2 attempts was ended by its own timeout, and then the request.
    expect(t.sandbox.calls.count({ operation: 'PutBucketEncryption' })).toBe(2);
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
