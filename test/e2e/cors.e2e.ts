import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('CORS with configured origins', () => {
  let t: TestApp;
  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 's3api-cors-')), 'config.yaml');
    writeFileSync(path, 'sandbox: { enabled: true }\nserver: { corsOrigins: [https://portal.example] }\n');
    t = await startTestApp({ env: { S3API_CONFIG: path } });
  });
  afterAll(() => t.close());

  it('answers the preflight of an allowed origin, allowing the token and content-type headers', async () => {
    const res = await t.request('OPTIONS', 'sandbox/buckets', {
      token: null,
      headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-auth-token,content-type' },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe('https://portal.example');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('x-auth-token');
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('content-type');
  });

  it('does not allow another origin', async () => {
    const res = await t.request('OPTIONS', 'sandbox/buckets', {
      token: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
