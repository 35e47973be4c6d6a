import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleRunningWork } from '#common';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the overall request budget', () => {
  let t: TestApp;
  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 's3api-budget-')), 'config.yaml');
    writeFileSync(path, 'sandbox: { enabled: true }\nserver: { requestTimeoutSeconds: 1 }\n');
    // Each AWS attempt may take 1.5 s, so only the request budget can end the request in time.
    t = await startTestApp({ env: { S3API_CONFIG: path }, aws: { requestTimeoutMs: 1_500, maxAttempts: 1 } });
  });
  afterAll(() => t.close());

  it('answers 504 RequestTimeout when the budget runs out, and the work started is still undone', async () => {
    const before = t.sandbox.snapshot();
    t.sandbox.faults.add({ operation: 'PutBucketEncryption', times: 1, error: 'hang' });
    const res = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'over-budget' } } });
    expect(res.status).toBe(504);
    // The budget's code, not the hung attempt's (AwsTimeout): the 1 s budget ended the request before the 1.5 s attempt did.
    expect(res.body.Code).toBe('RequestTimeout');
    // The hung call times out after its own 1.5 s, the saga compensates in the background.
    expect(await settleRunningWork(5_000)).toBe(0);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  });
});
