import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('no secret in any log line', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { S3API_TOKEN: 'a-secret-sandbox-token-value' } });
  });
  afterAll(() => t.close());

  it('keeps the token and every issued SecretAccessKey out of the logs of a full scenario', async () => {
    const token = 'a-secret-sandbox-token-value';
    const secrets: string[] = [];
    const ok = (status: number, expected: number, what: string): void => expect(status, what).toBe(expected);
    ok((await t.request('POST', 'sandbox/buckets', { token, body: { BucketInput: { Bucket: 'secrets-bucket' } } })).status, 202, 'bucket');
    const user = await t.request('POST', 'sandbox/buckets/secrets-bucket/users', { token, body: { User: { UserName: 'secrets-user' }, Groups: ['BktRWGrp'] } });
    ok(user.status, 200, 'user');
    secrets.push(user.body.AccessKey.SecretAccessKey);
    const reset = await t.request('PUT', 'sandbox/buckets/secrets-bucket/users/secrets-user', { token });
    ok(reset.status, 200, 'reset');
    secrets.push(reset.body.AccessKey.SecretAccessKey);
    ok((await t.request('POST', 'sandbox/websites', { token, body: { BucketInput: { Bucket: 'secrets.sites.example.com' } } })).status, 202, 'website');
    const webUser = await t.request('POST', 'sandbox/websites/secrets.sites.example.com/users', {
      token,
      body: { User: { UserName: 'secrets-web', Path: '/docs/' } },
    });
    ok(webUser.status, 200, 'website user');
    secrets.push(webUser.body.AccessKey.SecretAccessKey);
    await t.request('GET', 'sandbox/buckets', { token: 'a-wrong-token-that-must-not-be-logged' });
    ok((await t.request('DELETE', 'sandbox/buckets/secrets-bucket/users/secrets-user', { token })).status, 200, 'user delete');

    const logs = t.logs.join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    expect(secrets.every((s) => typeof s === 'string' && s.length === 40)).toBe(true);
    for (const secret of [token, 'a-wrong-token-that-must-not-be-logged', ...secrets]) expect(logs).not.toContain(secret);
  });
});
