import { CreateMultipartUploadCommand, DeleteObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClients } from '../support/sandbox-clients.js';
import { PLACEHOLDER_TAG } from '../../apps/s3-api/src/common/placeholder.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';

let t: TestApp;
let s3: ReturnType<typeof sandboxClients>['s3'];
beforeAll(async () => {
  t = await startTestApp();
  s3 = sandboxClients(t.sandbox, ID).s3;
});
afterAll(() => t.close());

/** What a bucket's admin may do with the rights the bucket admin policy grants: turn versioning on. */
const versioning = (bucket: string) => s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));

async function expectRefusedWithNothingChanged(path: string, code: string, holds: RegExp): Promise<void> {
  const before = t.sandbox.snapshot();
  const res = await t.request('DELETE', path);
  expect(res.status, res.text).toBe(409);
  expect(res.body.Code).toBe(code);
  expect(res.body.Message).toMatch(holds);
  expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
}

describe('versioned buckets (the bucket admin policy grants s3:PutBucketVersioning)', () => {
  it('a bucket holding only delete markers is not Empty, and its DELETE answers 409 BucketNotEmpty with the counts and nothing changed', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'vers-markers' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/buckets/vers-markers/users', { body: { User: { UserName: 'vers-markers-admin' } } })).status).toBe(200);
    await versioning('vers-markers');
    await s3.send(new PutObjectCommand({ Bucket: 'vers-markers', Key: 'report.csv', Body: 'a,b' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'vers-markers', Key: 'report.csv' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'vers-markers', Key: 'never-there.csv' }));
    // ListObjectsV2 shows nothing now; S3 would still refuse DeleteBucket.
    expect((await t.request('GET', 'sandbox/buckets/vers-markers')).body.Empty).toBe(false);
    await expectRefusedWithNothingChanged('sandbox/buckets/vers-markers', 'BucketNotEmpty', /holds 1 object version and 2 delete markers/);
  });

  it('an incomplete multipart upload keeps a bucket too', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'vers-upload' } } })).status).toBe(202);
    await s3.send(new CreateMultipartUploadCommand({ Bucket: 'vers-upload', Key: 'big.iso' }));
    expect((await t.request('GET', 'sandbox/buckets/vers-upload')).body.Empty).toBe(false);
    await expectRefusedWithNothingChanged('sandbox/buckets/vers-upload', 'BucketNotEmpty', /holds 1 incomplete multipart upload/);
  });

  it('a website with versions besides its placeholder keeps its DNS records and distribution: 409 with nothing changed', async () => {
    const site = 'versioned.sites.example.com';
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: site } } })).status).toBe(202);
    await versioning(site);
    await s3.send(new PutObjectCommand({ Bucket: site, Key: 'page.html', Body: '<p>' }));
    await s3.send(new DeleteObjectCommand({ Bucket: site, Key: 'page.html' }));
    expect((await t.request('GET', `sandbox/websites/${site}`)).body.Empty).toBe(false);
    await expectRefusedWithNothingChanged(`sandbox/websites/${site}`, 'WebsiteNotEmpty', /holds 1 object version and 1 delete marker/);
  });

  it('a website holding only a delete marker, or only an incomplete multipart upload, keeps its DNS records and distribution: 409 with the count', async () => {
    const markers = 'markers.sites.example.com';
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: markers } } })).status).toBe(202);
    await versioning(markers);
    await s3.send(new DeleteObjectCommand({ Bucket: markers, Key: 'never-there.html' }));
    await expectRefusedWithNothingChanged(`sandbox/websites/${markers}`, 'WebsiteNotEmpty', /holds 1 delete marker;/);
    const upload = 'upload.sites.example.com';
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: upload } } })).status).toBe(202);
    await s3.send(new CreateMultipartUploadCommand({ Bucket: upload, Key: 'video.mp4' }));
    await expectRefusedWithNothingChanged(`sandbox/websites/${upload}`, 'WebsiteNotEmpty', /holds 1 incomplete multipart upload;/);
  });

  it('a website whose versions fill more than a page of the listing: the first page counted as a lower bound, or the next pages read past placeholders', async () => {
    const page = 1000;
    const full = 'full.sites.example.com';
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: full } } })).status).toBe(202);
    for (let n = 0; n <= page; n++) t.sandbox.putObject(ID, full, `page-${n}.html`);
    // The first page of 1,000 holds the placeholder index.html and 999 of them.
    await expectRefusedWithNothingChanged(`sandbox/websites/${full}`, 'WebsiteNotEmpty', /holds at least 999 object versions;/);
    // A first page of nothing but placeholders (a scoped user's <prefix>index.html) does not end the count: the object after them keeps the site.
    const deep = 'deep.sites.example.com';
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: deep } } })).status).toBe(202);
    for (let n = 0; n < page; n++)
      t.sandbox.putObject(ID, deep, `dir-${String(n).padStart(4, '0')}/index.html`, '', { [PLACEHOLDER_TAG.Key]: PLACEHOLDER_TAG.Value });
    t.sandbox.putObject(ID, deep, 'zz.html');
    await expectRefusedWithNothingChanged(`sandbox/websites/${deep}`, 'WebsiteNotEmpty', /holds 1 object version;/);
  });

  it("a versioned website holding only its placeholder's versions goes, every version with it", async () => {
    const site = 'placeholders.sites.example.com';
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: site } } })).status).toBe(202);
    await versioning(site);
    expect((await t.request('GET', `sandbox/websites/${site}`)).body.Empty).toBe(true);
    const res = await t.request('DELETE', `sandbox/websites/${site}`);
    expect(res.status, res.text).toBe(200);
    expect(t.sandbox.hasBucket(site)).toBe(false);
  });
});
