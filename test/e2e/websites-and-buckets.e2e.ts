import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClients } from '../support/sandbox-clients.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A website is a bucket plus a distribution and DNS records: the bucket routes must not tear one
// apart, and the website routes must not take a plain bucket for a website.
describe('websites and plain buckets stay apart', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'apart.sites.example.com' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'plain.sites.example.com' } } })).status).toBe(202);
  });
  afterAll(() => t.close());

  it("refuses to delete a website's bucket through the bucket route, even once its placeholder is gone", async () => {
    const before = t.sandbox.snapshot();
    // Whoever holds an admin key can delete the placeholder; the bucket still belongs to the website.
    await sandboxClients(t.sandbox).s3.send(new DeleteObjectCommand({ Bucket: 'apart.sites.example.com', Key: 'index.html' }));
    const afterPlaceholder = t.sandbox.snapshot();
    const res = await t.request('DELETE', 'sandbox/buckets/apart.sites.example.com');
    expect(res.status).toBe(409);
    expect(res.body.Code).toBe('BucketIsWebsite');
    expect(t.sandbox.diff(afterPlaceholder, t.sandbox.snapshot()).toString()).toBe('');
    expect(t.sandbox.diff(before, afterPlaceholder).entries).toHaveLength(1);
    expect((await t.request('GET', 'sandbox/websites/apart.sites.example.com')).status).toBe(200);
  });

  it('answers 404 WebsiteNotFound on every website route for a plain bucket under a website domain, and changes nothing', async () => {
    const before = t.sandbox.snapshot();
    const site = 'sandbox/websites/plain.sites.example.com';
    for (const [method, body] of [['HEAD'], ['GET'], ['PUT', { Tags: [] }], ['PATCH', { CacheInvalidation: ['/*'] }], ['DELETE']] as const) {
      const res = await t.request(method, site, body ? { body } : {});
      expect(res.status, method).toBe(404);
      if (method !== 'HEAD') expect(res.body.Code, method).toBe('WebsiteNotFound');
    }
    expect((await t.request('GET', `${site}/duck`)).status).toBe(404);
    expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
    expect((await t.request('HEAD', 'sandbox/buckets/plain.sites.example.com')).status).toBe(200);
  });
});
