import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('health ready answers 503 with the failing account when its credentials do not resolve; live stays 200', async () => {
    t.sandbox.faults.add({
      operation: 'GetCallerIdentity',
      when: (_input, ctx) => ctx.accountId === '222222222222',
      error: { name: 'AccessDenied', httpStatusCode: 403 },
    });
    const ready = await t.request('GET', 'health/ready', { token: null });
    expect(ready.status).toBe(503);
    expect(ready.body.Code).toBe('NotReady');
    expect(ready.body.Health.details.accounts).toMatchObject({
      sandbox: { status: 'up' },
      sandbox2: { status: 'down', error: expect.stringContaining('AccessDenied') },
    });
    expect((await t.request('GET', 'health/live', { token: null })).status).toBe(200);
  });
});

describe('readiness checks are cached and time-boxed', () => {
  let t: TestApp;
  let now = Date.parse('2026-01-01T00:00:00Z');
  beforeAll(async () => {
    // A single SDK attempt may take a minute: only the readiness check's own limit can end it.
    t = await startTestApp({ now: () => now, aws: { requestTimeoutMs: 60_000, maxAttempts: 1 } });
  });
  afterAll(() => t.close());

  it('asks STS at most once a minute per account, however often the probe comes', async () => {
    const mark = t.sandbox.calls.mark();
    for (let i = 0; i < 5; i++) expect((await t.request('GET', 'health/ready', { token: null })).status).toBe(200);
    expect(t.sandbox.calls.since(mark, { operation: 'GetCallerIdentity' })).toHaveLength(2);
    now += 61_000;
    expect((await t.request('GET', 'health/ready', { token: null })).status).toBe(200);
    expect(t.sandbox.calls.since(mark, { operation: 'GetCallerIdentity' })).toHaveLength(4);
  });

  it('answers 503 within its time limit when STS hangs', async () => {
    now += 61_000;
    t.sandbox.faults.add({ operation: 'GetCallerIdentity', error: 'hang' });
    const started = Date.now();
    const ready = await t.request('GET', 'health/ready', { token: null });
    t.sandbox.faults.clear();
    expect(ready.status).toBe(503);
    expect(ready.body.Health.details.accounts.sandbox).toMatchObject({ status: 'down', error: expect.stringContaining('no answer from STS') });
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});
