import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Every page of a list route, following X-Next-Token, with the size of each. */
async function walk(path: string, limit: number, nameOf: (item: unknown) => string = String): Promise<{ names: string[]; sizes: number[] }> {
  const names: string[] = [];
  const sizes: number[] = [];
  let next: string | undefined;
  do {
    const res = await t.request('GET', `${path}?limit=${limit}${next ? `&next=${next}` : ''}`);
    expect(res.status).toBe(200);
    const page = res.body as unknown[];
    names.push(...page.map(nameOf));
    sizes.push(page.length);
    next = res.headers['x-next-token'] as string | undefined;
  } while (next !== undefined);
  return { names, sizes };
}

describe('opt-in pagination of the list routes', () => {
  it('answers the whole list as before without limit, and in pages of at most limit names, in name order, with it', async () => {
    t.sandbox.seed('111111111111', { buckets: 7 });
    const whole = await t.request('GET', 'sandbox/buckets');
    expect(whole.headers['x-next-token']).toBeUndefined();
    const all = whole.body as string[];
    expect(all.length).toBeGreaterThanOrEqual(7);

    const { names, sizes } = await walk('sandbox/buckets', 3);
    expect(names).toEqual([...all].sort());
    expect(sizes.slice(0, -1).every((size) => size === 3)).toBe(true);
    expect(sizes.at(-1)).toBeGreaterThan(0);

    const exact = await t.request('GET', `sandbox/buckets?limit=${all.length}`);
    expect(exact.body).toHaveLength(all.length);
    expect(exact.headers['x-next-token']).toBeUndefined();
  });

  it('sends no item twice and misses none that stays, when buckets come and go between pages', async () => {
    const first = await t.request('GET', 'sandbox/buckets?limit=2');
    const seen = first.body as string[];
    expect(seen).toHaveLength(2);
    // Before the cursor (not sent on later pages), and after it (sent).
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: '0-page-early' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'zz-page-late' } } })).status).toBe(202);
    const rest = await t.request('GET', `sandbox/buckets?next=${String(first.headers['x-next-token'])}`);
    const later = rest.body as string[];
    expect(later).toContain('zz-page-late');
    expect(later).not.toContain('0-page-early');
    expect(later.filter((name) => seen.includes(name))).toEqual([]);
    expect(rest.headers['x-next-token']).toBeUndefined();
  });

  it('pages the users of a bucket and of a website by user name', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'paged-users-bucket' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'paged.sites.example.com' } } })).status).toBe(202);
    const users = ['pu-carol', 'pu-alice', 'pu-bob'];
    for (const name of users) {
      expect((await t.request('POST', 'sandbox/buckets/paged-users-bucket/users', { body: { User: { UserName: name } } })).status).toBe(200);
      expect((await t.request('POST', 'sandbox/websites/paged.sites.example.com/users', { body: { User: { UserName: `${name}-web` } } })).status).toBe(200);
    }
    const userName = (user: unknown) => (user as { UserName: string }).UserName;
    const bucketUsers = await walk('sandbox/buckets/paged-users-bucket/users', 2, userName);
    expect(bucketUsers).toEqual({ names: [...users].sort(), sizes: [2, 1] });
    const websiteUsers = await walk('sandbox/websites/paged.sites.example.com/users', 2, userName);
    expect(websiteUsers.names).toEqual(users.map((name) => `${name}-web`).sort());
  });

  it('ignores any other query parameter, as the list routes always did', async () => {
    const plain = await t.request('GET', 'sandbox/buckets');
    const odd = await t.request('GET', 'sandbox/buckets?limt=1&Next=x&foo=bar');
    expect(odd.status).toBe(200);
    expect(odd.body).toEqual(plain.body);
    expect((await t.request('GET', 'sandbox/buckets?limit=1&foo=bar')).body).toHaveLength(1);
  });

  it('answers 400 ValidationError naming the field for a bad limit or token, with no AWS call', async () => {
    const mark = t.sandbox.calls.mark();
    const bad = {
      limit: ['0', '1001', '-1', '1.5', 'abc', '', '2&limit=3'],
      // Not base64url; empty; longer than the token of any name.
      next: ['!!!', 'a%20b', 'QQ==', '', 'x'.repeat(345)],
    };
    for (const [field, values] of Object.entries(bad)) {
      for (const value of values) {
        for (const path of ['sandbox/buckets', 'sandbox/buckets/paged-users-bucket/users', 'sandbox/websites/paged.sites.example.com/users']) {
          const res = await t.request('GET', `${path}?${field}=${value}`);
          expect(res.status, `${path} ${field}=${value}`).toBe(400);
          expect(res.body.Code).toBe('ValidationError');
          expect(res.body.Details.map((d: { Field: string }) => d.Field)).toContain(field);
        }
      }
    }
    expect(t.sandbox.calls.since(mark)).toEqual([]);
  });
});
