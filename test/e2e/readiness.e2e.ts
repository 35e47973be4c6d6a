import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../apps/s3-api/src/config/config.loader.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKENS = JSON.stringify([
  { name: 'ops', sha256: sha256Hex('ops-token-0123456789') },
  { name: 'team-a', sha256: sha256Hex('team-a-token-abcdef'), accounts: ['sandbox'] },
]);

describe('readiness and account reachability', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { S3API_TOKENS: TOKENS } });
    t.sandbox.faults.add({
      operation: 'GetCallerIdentity',
      when: (_input, ctx) => ctx.accountId === '222222222222',
      error: { name: 'AccessDenied', httpStatusCode: 403 },
    });
  });
  afterAll(() => t.close());

  it('stays ready when an account cannot be reached, naming no account, with no AWS call', async () => {
    const mark = t.sandbox.calls.mark();
    const ready = await t.request('GET', 'health/ready', { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', details: { eventLoop: { status: 'up', lagMs: expect.any(Number) } } });
    expect(ready.text).not.toMatch(/sandbox|1111|2222/);
    expect((await t.request('GET', 'health/live', { token: null })).status).toBe(200);
    expect(t.sandbox.calls.since(mark)).toEqual([]);
  });

  it('reports each account to an authenticated caller, only the accounts its token may use', async () => {
    expect((await t.request('GET', 'health/accounts', { token: null })).status).toBe(401);
    const all = await t.request('GET', 'health/accounts', { token: 'ops-token-0123456789' });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      Accounts: [
        { Account: 'sandbox', Id: '111111111111', Reachable: true },
        { Account: 'sandbox2', Id: '222222222222', Reachable: false, Error: expect.stringContaining('AccessDenied') },
      ],
    });
    const limited = await t.request('GET', 'health/accounts', { token: 'team-a-token-abcdef' });
    expect(limited.body).toEqual({ Accounts: [{ Account: 'sandbox', Id: '111111111111', Reachable: true }] });
  });

  it('exposes reachability per account as a metric', async () => {
    const metrics = (await t.request('GET', 'metrics', { token: null })).text;
    expect(metrics).toContain('s3api_account_reachable{account="sandbox"} 1');
    expect(metrics).toContain('s3api_account_reachable{account="sandbox2"} 0');
  });
});

describe('account checks are cached and time-boxed', () => {
  let t: TestApp;
  let now = Date.parse('2026-01-01T00:00:00Z');
  beforeAll(async () => {
    // A single SDK attempt may take a minute: only the check's own limit can end it.
    t = await startTestApp({ now: () => now, aws: { requestTimeoutMs: 60_000, maxAttempts: 1 } });
  });
  afterAll(() => t.close());

  it('asks STS at most once a minute per account, however often it is asked', async () => {
    const mark = t.sandbox.calls.mark();
    for (let i = 0; i < 3; i++) expect((await t.request('GET', 'health/accounts')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await t.request('GET', 'metrics', { token: null })).status).toBe(200);
    expect(t.sandbox.calls.since(mark, { operation: 'GetCallerIdentity' })).toHaveLength(2);
    now += 61_000;
    expect((await t.request('GET', 'health/accounts')).status).toBe(200);
    expect(t.sandbox.calls.since(mark, { operation: 'GetCallerIdentity' })).toHaveLength(4);
  });

  it('answers within its time limit when STS hangs', async () => {
    now += 61_000;
    t.sandbox.faults.add({ operation: 'GetCallerIdentity', error: 'hang' });
    const res = await t.request('GET', 'health/accounts');
    t.sandbox.faults.clear();
    expect(res.status).toBe(200);
    // The check's own limit ended it: the SDK's attempt here may take a minute.
    expect(res.body.Accounts[0]).toMatchObject({ Account: 'sandbox', Reachable: false, Error: 'no answer from STS within 5000 ms' });
  });
});
