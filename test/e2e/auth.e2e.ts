import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../apps/s3-api/src/config/config.loader.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKENS = JSON.stringify([
  { name: 'ops', sha256: sha256Hex('ops-token-0123456789') },
  { name: 'team-a', sha256: sha256Hex('team-a-token-abcdef'), accounts: ['sandbox'] },
]);

describe('authentication and account authorisation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { S3API_TOKENS: TOKENS } });
  });
  afterAll(() => t.close());

  it('answers 401 with the JSON error body without a token', async () => {
    const res = await t.request('GET', 'sandbox/buckets', { token: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ Code: 'Unauthorized', Message: expect.stringContaining('X-Auth-Token'), RequestId: expect.any(String) });
  });

  it('answers 401 with a wrong token, and with the digest instead of the token', async () => {
    for (const token of ['wrong', sha256Hex('ops-token-0123456789'), 'ops-token-012345678']) {
      const res = await t.request('GET', 'sandbox/buckets', { token });
      expect(res.status, token).toBe(401);
      expect(res.body.Code).toBe('Unauthorized');
    }
  });

  it('tells the client in the message whether its token is missing, empty, not valid, or not allowed for the account', async () => {
    const message = async (token: string | null, account = 'sandbox'): Promise<unknown> =>
      (await t.request('GET', `${account}/buckets`, { token })).body.Message;
    expect(await message(null)).toBe('the X-Auth-Token header is required');
    expect(await message('')).toBe('the X-Auth-Token header is required');
    expect(await message('wrong')).toBe('the X-Auth-Token is not valid');
    expect(await message('team-a-token-abcdef', 'sandbox2')).toBe("this token may not use account 'sandbox2'");
    // By id, the account is still named.
    expect(await message('team-a-token-abcdef', '222222222222')).toBe("this token may not use account 'sandbox2'");
  });

  it('lets a valid token in', async () => {
    const res = await t.request('GET', 'sandbox/buckets', { token: 'ops-token-0123456789' });
    expect(res.status).toBe(200);
  });

  it('answers 403 to a token not allowed for the account, by name and by id', async () => {
    expect((await t.request('GET', 'sandbox/buckets', { token: 'team-a-token-abcdef' })).status).toBe(200);
    expect((await t.request('GET', '111111111111/buckets', { token: 'team-a-token-abcdef' })).status).toBe(200);
    for (const account of ['sandbox2', '222222222222']) {
      const res = await t.request('GET', `${account}/buckets`, { token: 'team-a-token-abcdef' });
      expect(res.status).toBe(403);
      expect(res.body.Code).toBe('AccountNotAllowed');
    }
  });

  it('tells a token its name and the accounts it may use, with no AWS call', async () => {
    const mark = t.sandbox.calls.mark();
    expect((await t.request('GET', 'whoami', { token: null })).status).toBe(401);
    const limited = await t.request('GET', 'whoami', { token: 'team-a-token-abcdef' });
    expect(limited.status).toBe(200);
    expect(limited.body).toEqual({
      Token: 'team-a',
      Accounts: [{ Account: 'sandbox', Id: '111111111111', Region: 'us-east-1', AllowedRegions: ['us-east-1'], Domains: ['sites.example.com'] }],
    });
    expect(limited.text).not.toContain('team-a-token-abcdef');
    const all = await t.request('GET', 'whoami', { token: 'ops-token-0123456789' });
    expect(all.body.Token).toBe('ops');
    expect(all.body.Accounts.map((a: { Account: string }) => a.Account)).toEqual(['sandbox', 'sandbox2']);
    expect(t.sandbox.calls.since(mark)).toEqual([]);
  });

  it('answers 404 AccountNotFound for an unknown account, with no AWS call', async () => {
    const before = t.sandbox.calls.count();
    const res = await t.request('GET', 'nosuchaccount/buckets', { token: 'ops-token-0123456789' });
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('AccountNotFound');
    expect(t.sandbox.calls.count()).toBe(before);
  });

  it('never writes a token to the log', async () => {
    await t.request('GET', 'sandbox/buckets', { token: 'ops-token-0123456789' });
    await t.request('GET', 'sandbox/buckets', { token: 'a-wrong-token-value-xyz' });
    const all = t.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain('ops-token-0123456789');
    expect(all).not.toContain('a-wrong-token-value-xyz');
    expect(all).not.toContain('team-a-token-abcdef');
  });

  it('answers CORS preflights only for configured origins', async () => {
    const res = await t.request('OPTIONS', 'sandbox/buckets', {
      token: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
