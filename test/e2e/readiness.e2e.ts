import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('health ready answers 503 with the failing account when its credentials do not resolve; live stays 200', async () => {
    t.sandbox.faults.add({ operation: 'GetCallerIdentity', when: (_input, ctx) => ctx.accountId === '222222222222', error: { name: 'AccessDenied', httpStatusCode: 403 } });
    const ready = await t.request('GET', 'health/ready', { token: null });
    expect(ready.status).toBe(503);
    expect(ready.body.Code).toBe('NotReady');
    expect(ready.body.Health.details.accounts).toMatchObject({ sandbox: { status: 'up' }, sandbox2: { status: 'down', error: expect.stringContaining('AccessDenied') } });
    expect((await t.request('GET', 'health/live', { token: null })).status).toBe(200);
  });
});
