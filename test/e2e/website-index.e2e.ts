import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('a website with its own index document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("serves it at the site's root, not index.html", async () => {
    const res = await t.request('POST', 'sandbox/websites', {
      body: { BucketInput: { Bucket: 'home.sites.example.com' }, WebsiteConfiguration: { IndexDocument: { Suffix: 'home.html' } } },
    });
    expect(res.status).toBe(202);
    expect(res.body.Distribution.DistributionConfig.DefaultRootObject).toBe('home.html');
  });
});
