import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathsMentioning, realisticSandbox, startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';
const FAR = 'eu-west-1';

let config: string;
let t: TestApp;

/** Each S3 call for `bucket` since `mark`: operation, the region it was signed for, outcome. */
const s3CallsFor = (mark: number, bucket: string) =>
  t.sandbox.calls
    .since(mark, { service: 's3' })
    .filter((call) => (call.input as { Bucket?: string }).Bucket === bucket)
    .map((call) => [call.operation, call.region, call.outcome] as const);

beforeAll(async () => {
  config = join(mkdtempSync(join(tmpdir(), 's3api-regions-')), 'config.yaml');
  writeFileSync(config, `sandbox: { enabled: true }\naccounts:\n  - { name: sandbox, id: '${ID}', region: us-east-1, allowedRegions: [us-east-1, ${FAR}] }\n`);
  t = await startTestApp({ env: { S3API_CONFIG: config }, sandbox: realisticSandbox(), replica: 'a' });
});
afterAll(() => t?.close());

/** Made through the service, in `region`; answers what POST /buckets answered. */
async function made(bucket: string, region: string) {
  const res = await t.request('POST', 'sandbox/buckets', {
    body: { BucketInput: { Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: region } }, Tags: [{ Key: 'team', Value: 'a' }] },
  });
  expect(res.status, res.text).toBe(202);
  return res;
}

describe('a bucket in an allowed region other than the default one', () => {
  it('answers every bucket route as a bucket of the default region does, each call signed for the bucket region, none redirected', async () => {
    const near = 'region-near';
    const far = 'region-far';
    await made(near, 'us-east-1');
    const mark = t.sandbox.calls.mark();
    await made(far, FAR);

    const nearShow = await t.request('GET', `sandbox/buckets/${near}`);
    const farShow = await t.request('GET', `sandbox/buckets/${far}`);
    expect(farShow.status, farShow.text).toBe(200);
    expect(farShow.body).toEqual({ ...nearShow.body, Region: FAR });
    expect((await t.request('HEAD', `sandbox/buckets/${far}`)).status).toBe(200);

    const update = await t.request('PUT', `sandbox/buckets/${far}`, { body: { Tags: [{ Key: 'team', Value: 'b' }] } });
    expect(update.status, update.text).toBe(200);
    expect((await t.request('GET', `sandbox/buckets/${far}`)).body.Tags).toEqual([{ Key: 'team', Value: 'b' }]);

    const user = await t.request('POST', `sandbox/buckets/${far}/users`, { body: { User: { UserName: 'far-rw' }, Groups: ['BktRWGrp'] } });
    expect(user.status, user.text).toBe(200);
    const users = await t.request('GET', `sandbox/buckets/${far}/users`);
    expect(users.status, users.text).toBe(200);
    expect(JSON.stringify(users.body)).toContain('far-rw');
    expect((await t.request('DELETE', `sandbox/buckets/${far}/users/far-rw`)).status).toBe(200);

    const removed = await t.request('DELETE', `sandbox/buckets/${far}`);
    expect(removed.status, removed.text).toBe(200);
    expect(pathsMentioning(t.sandbox, far)).toEqual([]);
    expect((await t.request('GET', `sandbox/buckets/${far}`)).status).toBe(404);

    // The service made the bucket, so it knew its region from the start: from its creation to its
    // deletion not one call went elsewhere (before and after, it exists nowhere: any region says so).
    const calls = s3CallsFor(mark, far);
    const lifetime = calls.slice(
      calls.findIndex(([operation]) => operation === 'CreateBucket'),
      calls.findIndex(([operation]) => operation === 'DeleteBucket') + 1,
    );
    expect(lifetime.length).toBeGreaterThan(20);
    expect(lifetime.filter(([, region]) => region !== FAR)).toEqual([]);
  });

  it('a replica that did not make the bucket answers the same, after one call sent again to the bucket region', async () => {
    const far = 'region-far-other';
    await made(far, FAR);
    const shown = await t.request('GET', `sandbox/buckets/${far}`);
    const other = await startTestApp({ env: { S3API_CONFIG: config }, sandbox: t.sandbox, replica: 'b' });
    try {
      const mark = t.sandbox.calls.mark();
      const res = await other.request('GET', `sandbox/buckets/${far}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual(shown.body);
      // The show reads everything at once: each read S3 refused in us-east-1 is sent again to eu-west-1.
      const calls = s3CallsFor(mark, far);
      const refused = calls.filter(([, region]) => region === 'us-east-1');
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every(([, , outcome]) => outcome === 'error')).toBe(true);
      expect(calls.filter(([, region, outcome]) => region === FAR && outcome === 'ok').length).toBe(calls.length - refused.length);
      // Later calls go straight to the bucket region.
      const again = t.sandbox.calls.mark();
      expect((await other.request('PUT', `sandbox/buckets/${far}`, { body: { Tags: [{ Key: 'team', Value: 'c' }] } })).status).toBe(200);
      expect(s3CallsFor(again, far).filter(([, region]) => region !== FAR)).toEqual([]);
      expect((await other.request('DELETE', `sandbox/buckets/${far}`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
