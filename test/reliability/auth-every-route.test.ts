import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../apps/s3-api/src/config/config.loader.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKENS = JSON.stringify([
  { name: 'all', sha256: sha256Hex('all-accounts-token') },
  { name: 'one', sha256: sha256Hex('only-sandbox-token'), accounts: ['sandbox'] },
]);
const SAMPLE: Record<string, string> = { account: 'sandbox2', bucket: 'auth-probe-bucket', website: 'probe.sites.example.com', user: 'probe-user' };

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly protectedRoute: boolean;
}

// Every operation of the generated spec, so that a new route is covered without editing this test.
describe('auth on every route of the spec', () => {
  let t: TestApp;
  let operations: Operation[];
  beforeAll(async () => {
    t = await startTestApp({ env: { S3API_TOKENS: TOKENS } });
    const spec = (await t.request('GET', 'docs/openapi.json', { token: null })).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, protectedRoute: (op.security ?? []).length > 0 })),
    );
  });
  afterAll(() => t.close());

  const url = (path: string): string => path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE[name] ?? 'x');

  it('finds the protected operations (and only the system routes are public)', () => {
    const publicOnes = operations.filter((o) => !o.protectedRoute).map((o) => `${o.method} ${o.path}`);
    expect(publicOnes.sort()).toEqual(
      ['GET /v1/s3/health/live', 'GET /v1/s3/health/ready', 'GET /v1/s3/metrics', 'GET /v1/s3/ping', 'GET /v1/s3/version'].sort(),
    );
    // The seed's 22 routes plus the two Cyberduck bookmarks.
    expect(operations.filter((o) => o.protectedRoute).length).toBeGreaterThanOrEqual(24);
  });

  it('answers 401 without a token and with a wrong one, and 403 to a token not allowed for the account, with no AWS call', async () => {
    const before = t.sandbox.calls.count();
    for (const op of operations.filter((o) => o.protectedRoute)) {
      const method = op.method as 'GET';
      const target = url(op.path);
      const none = await t.request(method, target, { token: null, body: method === 'GET' || method === 'HEAD' ? undefined : {} });
      expect(none.status, `${op.method} ${op.path} without token`).toBe(401);
      const wrong = await t.request(method, target, { token: 'not-a-token', body: method === 'GET' || method === 'HEAD' ? undefined : {} });
      expect(wrong.status, `${op.method} ${op.path} wrong token`).toBe(401);
      if (op.method !== 'HEAD') expect(wrong.body?.Code).toBe('Unauthorized');
      if (op.path.includes('{account}')) {
        const other = await t.request(method, target, { token: 'only-sandbox-token', body: method === 'GET' || method === 'HEAD' ? undefined : {} });
        expect(other.status, `${op.method} ${op.path} other account`).toBe(403);
      }
    }
    expect(t.sandbox.calls.count()).toBe(before);
  });
});
