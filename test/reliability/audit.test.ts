import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface AuditEvent {
  action: string;
  account?: string;
  resource?: string;
  tokenName?: string;
  outcome: string;
  status: number;
  requestId: string;
}

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const events = (): AuditEvent[] =>
    t.logs
      .map((l) => JSON.parse(l) as { audit?: AuditEvent })
      .filter((l): l is { audit: AuditEvent } => l.audit !== undefined)
      .map((l) => l.audit);

  it('writes exactly one structured event per mutating request, with the token name (never the token), account, action, resource, outcome and request id', async () => {
    const created = await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'audited-bucket' } }, headers: { 'x-request-id': 'audit-1' } });
    expect(created.status).toBe(202);
    const conflict = await t.request('POST', 'sandbox/buckets', {
      body: { BucketInput: { Bucket: 'audited-bucket' } },
      headers: { 'x-request-id': 'audit-2' },
    });
    expect(conflict.status).toBe(409);
    await t.request('GET', 'sandbox/buckets/audited-bucket', { headers: { 'x-request-id': 'audit-3' } });
    await t.request('DELETE', 'sandbox/buckets/audited-bucket', { headers: { 'x-request-id': 'audit-4' } });

    const byId = new Map(events().map((e) => [e.requestId, e]));
    expect(events().filter((e) => e.requestId === 'audit-1')).toHaveLength(1);
    expect(byId.get('audit-1')).toEqual({
      action: 'createBucket',
      account: 'sandbox',
      resource: 'audited-bucket',
      tokenName: 'sandbox',
      outcome: 'success',
      status: 202,
      requestId: 'audit-1',
    });
    expect(byId.get('audit-2')).toMatchObject({ action: 'createBucket', outcome: 'failure', status: 409 });
    expect(byId.has('audit-3')).toBe(false);
    expect(byId.get('audit-4')).toMatchObject({ action: 'deleteBucket', resource: 'audited-bucket', outcome: 'success', status: 200 });
  });
});
