import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsBucketName } from '#aws';
import { ManualClock } from '#aws-sandbox';
import { reconcilerScenario, type SweepScenario, sweepAll, sweepHooks } from '../support/fault-sweep.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ACCOUNT_ID = '111111111111';
const DOMAIN = 'sites.example.com';

/**
 * The routes whose work differs in the tags access model (the claim on a name is an object in the
 * account's claims bucket; users hold shared policies, no group), swept as fault-sweep.test.ts sweeps
 * the groups model: every AWS call denied, throttled, applied with its answer lost, and a second fault
 * in what follows a denied one.
 */
describe('fault injection at every AWS call of the tags access model', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const config = join(mkdtempSync(join(tmpdir(), 's3api-sweep-tags-')), 'config.yaml');
    writeFileSync(
      config,
      `sandbox: { enabled: true }\naccounts:\n  - { name: sandbox, id: '${ACCOUNT_ID}', accessModel: tags, domains: { ${DOMAIN}: {} }, accessLog: { bucket: 's3-api-access-logs-{account_id}', prefix: s3 } }\n`,
    );
    t = await startTestApp({ env: { S3API_CONFIG: config }, sandboxOptions: { clock, cloudFrontDeployDelayMs: 60_000 } });
  });
  afterAll(() => t?.close());

  const ok = async (promise: Promise<{ status: number; text: string }>, expected: number): Promise<void> => {
    const res = await promise;
    if (res.status !== expected) throw new Error(`arrange step answered ${res.status}: ${res.text}`);
  };
  const post = (path: string, body: unknown) => t.request('POST', path, { body });
  /**
   * The account's shared policies are made by the first request that needs each, and kept (other
   * requests may use one from the moment it exists): each scenario starts where they exist, as every
   * request but an account's first does. Their first making is tested in tags-model.e2e.ts.
   */
  const sharedPoliciesMade = async (): Promise<void> => {
    await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-tags-first' } }), 202);
    await ok(post('sandbox/buckets/sweep-tags-first/users', { User: { UserName: 'sweep-tags-first-rw' }, Groups: ['BktRWGrp'] }), 200);
  };

  const scenarios = (): SweepScenario[] => [
    {
      name: 'bucket create, tags model',
      arrange: sharedPoliciesMade,
      act: () => post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-tags-create' }, Tags: [{ Key: 'team', Value: 'a' }] }),
      okStatus: 202,
      expectation: 'undo',
      points: 18,
      followUps: true,
    },
    {
      name: 'bucket delete, tags model',
      arrange: async () => {
        await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-tags-delete' } }), 202);
        await ok(post('sandbox/buckets/sweep-tags-delete/users', { User: { UserName: 'sweep-tags-delete-admin' } }), 200);
        await ok(post('sandbox/buckets/sweep-tags-delete/users', { User: { UserName: 'sweep-tags-delete-ro' }, Groups: ['BktROGrp'] }), 200);
      },
      act: () => t.request('DELETE', 'sandbox/buckets/sweep-tags-delete'),
      okStatus: 200,
      expectation: 'retry',
      points: 43,
    },
    {
      name: 'bucket user create, tags model',
      arrange: async () => {
        await sharedPoliciesMade();
        await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-tags-users' } }), 202);
      },
      act: () => post('sandbox/buckets/sweep-tags-users/users', { User: { UserName: 'sweep-tags-user' }, Groups: ['BktRWGrp'] }),
      okStatus: 200,
      expectation: 'undo',
      points: 7,
      followUps: true,
    },
    reconcilerScenario(t, clock, 'sandbox', {
      name: 'the reconciler, over what a cut-off bucket create of the tags model left',
      points: 25,
      arrange: async () => {
        // The create fails at its last step and its undo cannot delete the bucket: the claim stays, as its mark.
        t.sandbox.faults.add({ operation: 'PutBucketTagging', nth: 1, error: { name: 'AccessDenied', httpStatusCode: 403 } });
        t.sandbox.faults.add({ operation: 'DeleteBucket', nth: 1, error: { name: 'AccessDenied', httpStatusCode: 403 } });
        await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'sweep-tags-rec' } }), 403);
        t.sandbox.faults.clear();
        if (!t.sandbox.objectKeys(claimsBucketName(ACCOUNT_ID)).includes('claims/sweep-tags-rec')) throw new Error('the cut-off create left no claim');
      },
    }),
  ];

  it('answers exactly as promised and leaves nothing half-made at any of them, nor any name stuck', async () => {
    const warm = async (): Promise<void> => {
      await ok(post('sandbox/buckets', { BucketInput: { Bucket: 'warm-tags' } }), 202);
      await ok(post('sandbox/buckets/warm-tags/users', { User: { UserName: 'warm-tags-user' } }), 200);
      await ok(t.request('DELETE', 'sandbox/buckets/warm-tags'), 200);
    };
    expect(await sweepAll(t, sweepHooks(t, clock, 'sandbox'), warm, scenarios(), 'fault injection, tags model')).toEqual([]);
  }, 900_000);
});
