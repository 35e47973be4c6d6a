import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClients } from '../support/sandbox-clients.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('races', () => {
  let t: TestApp;
  let aws: ReturnType<typeof sandboxClients>;
  beforeAll(async () => {
    t = await startTestApp({ sandboxOptions: { latencyMs: 3 } });
    aws = sandboxClients(t.sandbox);
  });
  afterAll(() => t.close());

  /** A bucket is consistent when its bucket, admin group and admin policy are all there or all gone. */
  async function bucketState(bucket: string): Promise<'present' | 'absent' | string> {
    const parts = await Promise.all([aws.bucketExists(bucket), aws.groupExists(`${bucket}-BktAdmGrp`), aws.policyExists(bucket, `${bucket}-BktAdmPlc`)]);
    if (parts.every(Boolean)) return 'present';
    if (parts.every((p) => !p)) return 'absent';
    return `half-made: bucket=${parts[0]} group=${parts[1]} policy=${parts[2]}`;
  }

  it('concurrent identical creates: one 202, the rest 409, the winner intact', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () => t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'race-same' } } }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    expect(await bucketState('race-same')).toBe('present');
  });

  it('create against delete of the same name: no 5xx, and the bucket ends fully present or fully absent', async () => {
    for (let round = 0; round < 4; round++) {
      const name = `race-cd-${round}`;
      const [created, deleted] = await Promise.all([
        t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: name } } }),
        new Promise((r) => setTimeout(r, round * 7)).then(() => t.request('DELETE', `sandbox/buckets/${name}`)),
      ]);
      expect(created.status, created.text).toBeLessThan(500);
      expect(deleted.status, deleted.text).toBeLessThan(500);
      expect(['present', 'absent']).toContain(await bucketState(name));
    }
  });

  it('concurrent user creates on one bucket create the lazy read-write group once', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'race-users' } } })).status).toBe(202);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.request('POST', 'sandbox/buckets/race-users/users', { body: { User: { UserName: `race-user-${i}` }, Groups: ['BktRWGrp'] } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await aws.groupExists('race-users-BktRWGrp')).toBe(true);
    expect(await aws.policyExists('race-users', 'race-users-BktRWPlc')).toBe(true);
    const listed = await t.request('GET', 'sandbox/buckets/race-users/users');
    expect(listed.body.map((u: { UserName: string }) => u.UserName).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `race-user-${i}`));
  });

  it('concurrent deletes of one bucket: no 5xx, and it is gone with everything it had', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'race-delete' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/buckets/race-delete/users', { body: { User: { UserName: 'race-delete-user' } } })).status).toBe(200);
    const statuses = await Promise.all(Array.from({ length: 4 }, () => t.request('DELETE', 'sandbox/buckets/race-delete').then((r) => r.status)));
    expect(statuses.every((s) => s < 500)).toBe(true);
    expect(statuses).toContain(200);
    // Whatever interleaving happened, a final delete leaves nothing.
    const final = await t.request('DELETE', 'sandbox/buckets/race-delete');
    expect([200, 404]).toContain(final.status);
    expect(await bucketState('race-delete')).toBe('absent');
    expect(await aws.userExists('race-delete-user')).toBe(false);
  });

  it('concurrent website creates of one name: one 202, the rest 409', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'race.sites.example.com' } } }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3);
  });
});
