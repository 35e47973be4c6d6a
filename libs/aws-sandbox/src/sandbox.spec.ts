import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  GetPolicyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetUserCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { CreateDistributionWithTagsCommand, GetDistributionConfigCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { measureSandboxCallRate } from './bench.js';
import { createSandboxClients, type SandboxClients } from './clients.js';
import { ManualClock } from './clock.js';
import { SandboxErrors } from './errors.js';
import { AwsSandbox } from './sandbox.js';
import { websiteDistributionConfig } from './seed.js';
import { awsErrorOf } from './testing.js';

const A = '111111111111';

/** How a call ends within `ms`: answered, failed, or still pending ("timed out"). */
/**
 * What the caller of `call` has heard once the sandbox holds it (`arrived`) and a hundred turns of the
 * event loop later, or as soon as it answers: no timer, so a client's first call, which loads its code
 * from disk, takes what it takes.
 */
async function outcomeOnceArrived(call: Promise<unknown>, arrived: () => boolean): Promise<string> {
  let outcome = 'no answer';
  call.then(
    () => (outcome = 'answered'),
    () => (outcome = 'failed'),
  );
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  while (!arrived() && outcome === 'no answer') await turn();
  for (let i = 0; i < 100; i++) await turn();
  return outcome;
}

describe('AwsSandbox', () => {
  let sandbox: AwsSandbox;
  let c: SandboxClients;

  beforeEach(() => {
    sandbox = new AwsSandbox();
    c = createSandboxClients(sandbox, A);
  });
  afterEach(() => c.destroy());

  it('fails an operation it does not emulate loudly: NotImplemented naming the command', async () => {
    sandbox.createBucket(A, 'b');
    const error = await awsErrorOf(c.s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })));
    expect(error.name).toBe('NotImplemented');
    expect(error.message).toContain('GetObjectCommand');
    expect(sandbox.calls.list({ operation: 'GetObject' })).toMatchObject([{ outcome: 'error', errorName: 'NotImplemented' }]);
  });

  it('binds an unknown account on plugin() and rejects ids that are not 12 digits', () => {
    sandbox.plugin('333333333333');
    expect(() => sandbox.addAccount('nope')).toThrow(RangeError);
  });

  describe('call log', () => {
    it('records every call in order, with failures, and answers since(mark)', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'before' }));
      const mark = sandbox.calls.mark();
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g' }));
      await awsErrorOf(c.iam.send(new GetUserCommand({ UserName: 'ghost' })));
      await c.s3.send(new CreateBucketCommand({ Bucket: 'logged-bucket' }));
      expect(sandbox.calls.since(mark).map((call) => [call.service, call.operation, call.outcome, call.errorName])).toEqual([
        ['iam', 'CreateGroup', 'ok', undefined],
        ['iam', 'GetUser', 'error', 'NoSuchEntityException'],
        ['s3', 'CreateBucket', 'ok', undefined],
      ]);
      expect(sandbox.calls.count({ service: 'iam' })).toBe(3);
      expect(sandbox.calls.count((call) => call.outcome === 'error')).toBe(1);
      expect(sandbox.calls.list({ operation: 'CreateBucket' })[0]).toMatchObject({ accountId: A, input: { Bucket: 'logged-bucket' } });
      sandbox.calls.reset();
      expect(sandbox.calls.count()).toBe(0);
      expect(sandbox.calls.since(mark)).toEqual([]);
    });
  });

  describe('faults', () => {
    it('fails the Nth matching call from now, and only that one', async () => {
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g0' }));
      sandbox.faults.add({ operation: 'CreateGroup', nth: 2, error: SandboxErrors.accessDenied() });
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g1' }));
      expect(await awsErrorOf(c.iam.send(new CreateGroupCommand({ GroupName: 'g2' })))).toMatchObject({ name: 'AccessDenied', status: 403, attempts: 1 });
      await c.iam.send(new CreateGroupCommand({ GroupName: 'g3' }));
      expect(sandbox.calls.list({ operation: 'CreateGroup' }).map((call) => call.outcome)).toEqual(['ok', 'ok', 'error', 'ok']);
      expect(sandbox.calls.list({ operation: 'CreateGroup' })[2]).toMatchObject({ faulted: true });
      expect(sandbox.faults.size).toBe(0);
    });

    it('fails every call a predicate picks until removed, with the modeled class when the SDK has one', async () => {
      const id = sandbox.faults.add({ service: 'iam', when: (input) => input.UserName === 'doomed', error: { name: 'NoSuchEntity', httpStatusCode: 404 } });
      await c.iam.send(new CreateUserCommand({ UserName: 'fine' }));
      for (let i = 0; i < 2; i++)
        expect(await awsErrorOf(c.iam.send(new CreateUserCommand({ UserName: 'doomed' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
      sandbox.faults.remove(id);
      await c.iam.send(new CreateUserCommand({ UserName: 'doomed' }));
    });

    it('lets a sweep fail each call of a request in turn', async () => {
      const request = async (clients: SandboxClients) => {
        await clients.iam.send(new CreateUserCommand({ UserName: 'u' }));
        await clients.iam.send(new CreateGroupCommand({ GroupName: 'g1' }));
        await clients.iam.send(new CreateGroupCommand({ GroupName: 'g2' }));
        await clients.iam.send(new AddUserToGroupCommand({ GroupName: 'g2', UserName: 'u' }));
      };
      const mark = sandbox.calls.mark();
      await request(c);
      const sequence = sandbox.calls.since(mark).map((call) => call.operation);
      for (let position = 0; position < sequence.length; position++) {
        const operation = sequence[position]!;
        const nth = sequence.slice(0, position + 1).filter((name) => name === operation).length;
        const fresh = new AwsSandbox();
        const clients = createSandboxClients(fresh, A);
        fresh.faults.add({ operation, nth, error: SandboxErrors.internal() });
        const from = fresh.calls.mark();
        expect(await awsErrorOf(request(clients))).toMatchObject({ name: 'InternalError', status: 500 });
        expect(fresh.calls.since(from).at(-1)).toMatchObject({ operation, outcome: 'error', faulted: true });
        expect(fresh.calls.since(from)).toHaveLength(position + 1);
        clients.destroy();
      }
    });

    it('lets the SDK retry a transient throttling error invisibly (IAM Throttling 400)', async () => {
      const retrying = createSandboxClients(sandbox, A, { maxAttempts: 3 });
      sandbox.faults.add({ operation: 'CreateUser', error: SandboxErrors.throttling('iam'), times: 1 });
      const out = await retrying.iam.send(new CreateUserCommand({ UserName: 'patient' }));
      expect(out.$metadata.attempts).toBe(2);
      expect(sandbox.calls.list({ operation: 'CreateUser' }).map((call) => [call.outcome, call.errorName])).toEqual([
        ['error', 'Throttling'],
        ['ok', undefined],
      ]);
      retrying.destroy();
    });

    it('lets the SDK retry a 503 invisibly (S3 SlowDown, ServiceUnavailable)', async () => {
      const retrying = createSandboxClients(sandbox, A, { maxAttempts: 3 });
      sandbox.faults.add({ operation: 'CreateBucket', error: SandboxErrors.throttling('s3'), times: 1 });
      sandbox.faults.add({ operation: 'HeadBucket', error: SandboxErrors.unavailable(), times: 1 });
      expect((await retrying.s3.send(new CreateBucketCommand({ Bucket: 'retried' }))).$metadata.attempts).toBe(2);
      expect((await retrying.s3.send(new HeadBucketCommand({ Bucket: 'retried' }))).$metadata.attempts).toBe(2);
      expect(sandbox.calls.list({ service: 's3' }).map((call) => call.errorName ?? call.outcome)).toEqual(['SlowDown', 'ok', 'ServiceUnavailable', 'ok']);
      retrying.destroy();
    });

    it('does not retry AccessDenied, and gives up after maxAttempts when throttling persists', async () => {
      const retrying = createSandboxClients(sandbox, A, { maxAttempts: 2 });
      sandbox.faults.add({ operation: 'GetUser', error: SandboxErrors.accessDenied() });
      expect(await awsErrorOf(retrying.iam.send(new GetUserCommand({ UserName: 'x' })))).toMatchObject({ name: 'AccessDenied', attempts: 1 });
      sandbox.faults.add({ operation: 'CreateGroup', error: SandboxErrors.throttling('iam') });
      expect(await awsErrorOf(retrying.iam.send(new CreateGroupCommand({ GroupName: 'never' })))).toMatchObject({
        name: 'Throttling',
        status: 400,
        attempts: 2,
      });
      retrying.destroy();
    });

    it("hangs a call until the caller's own timeout fires; a per-attempt timeout then retries it", async () => {
      sandbox.faults.add({ operation: 'GetGroup', error: 'hang' });
      const hung = c.iam.send(new GetGroupCommand({ GroupName: 'g' }));
      const outcome = await outcomeOnceArrived(hung, () => sandbox.calls.list({ operation: 'GetGroup' }).some((call) => call.faulted));
      expect(outcome).toBe('no answer');
      expect(sandbox.calls.list({ operation: 'GetGroup' })).toMatchObject([{ outcome: 'pending', faulted: true }]);
      sandbox.faults.clear();

      const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 3 });
      // The caller's timeout gives up on an attempt once the sandbox holds it hung, whatever the machine's
      // speed (a timer of a few ms would also end the cold first attempt of a client loading its code).
      const attemptTimeout: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => (args) => {
        const before = sandbox.calls.count({ operation: 'HeadBucket' });
        const attempt = next(args);
        const hung = () =>
          sandbox.calls
            .list({ operation: 'HeadBucket' })
            .slice(before)
            .some((call) => call.faulted && call.outcome === 'pending');
        return Promise.race([
          attempt,
          outcomeOnceArrived(attempt, hung).then((outcome) =>
            outcome === 'no answer' ? Promise.reject(Object.assign(new Error('attempt timed out'), { name: 'TimeoutError' })) : attempt,
          ),
        ]);
      };
      client.middlewareStack.add(attemptTimeout, { step: 'finalizeRequest', priority: 'normal', name: 'attemptTimeout' });
      client.middlewareStack.use(sandbox.plugin(A));
      sandbox.createBucket(A, 'slow');
      sandbox.faults.add({ operation: 'HeadBucket', error: 'hang', times: 1 });
      expect((await client.send(new HeadBucketCommand({ Bucket: 'slow' }))).$metadata.attempts).toBe(2);
      client.destroy();
    });

    it("applies a 'lost' call and loses its answer: the SDK retries against the changed state (IAM EntityAlreadyExists, S3 200 in us-east-1)", async () => {
      const retrying = createSandboxClients(sandbox, A, { maxAttempts: 3 });
      sandbox.faults.add({ operation: 'CreateGroup', nth: 1, error: 'lost' });
      expect(await awsErrorOf(retrying.iam.send(new CreateGroupCommand({ GroupName: 'made-once' })))).toMatchObject({
        name: 'EntityAlreadyExistsException',
        status: 409,
        attempts: 2,
      });
      expect(sandbox.calls.list({ operation: 'CreateGroup' })).toMatchObject([
        { outcome: 'error', errorName: 'InternalError', faulted: true, applied: true },
        { outcome: 'error', errorName: 'EntityAlreadyExistsException' },
      ]);
      expect((await retrying.iam.send(new GetGroupCommand({ GroupName: 'made-once' }))).Group?.GroupName).toBe('made-once');
      // us-east-1 answers 200 to a CreateBucket of a bucket the account owns: the caller cannot tell it made it.
      sandbox.faults.add({ operation: 'CreateBucket', nth: 1, error: 'lost' });
      expect((await retrying.s3.send(new CreateBucketCommand({ Bucket: 'lost-answer' }))).$metadata.attempts).toBe(2);
      retrying.destroy();
    });

    it("applies a 'lost-hang' call and never answers it: only the caller's timeout ends the attempt", async () => {
      sandbox.faults.add({ operation: 'CreateUser', nth: 1, error: 'lost-hang' });
      const hung = c.iam.send(new CreateUserCommand({ UserName: 'applied' }));
      const outcome = await outcomeOnceArrived(hung, () => sandbox.calls.list({ operation: 'CreateUser' }).some((call) => call.applied));
      expect(outcome).toBe('no answer');
      expect((await c.iam.send(new GetUserCommand({ UserName: 'applied' }))).User?.UserName).toBe('applied');
      expect(sandbox.calls.list({ operation: 'CreateUser' })).toMatchObject([{ outcome: 'pending', faulted: true, applied: true }]);
    });

    it('holds a call at a barrier until it opens, then runs it: a race made to happen, one caller at a time', async () => {
      expect(() => sandbox.faults.add({ operation: 'CreateUser' } as never)).toThrow(/error, a hold, or both/);
      const a = createSandboxClients(sandbox, A, { caller: 'replica-a' });
      let open!: () => void;
      const barrier = new Promise<void>((resolve) => (open = resolve));
      sandbox.faults.add({ caller: 'replica-a', operation: 'CreateUser', hold: () => barrier });
      const parked = a.iam.send(new CreateUserCommand({ UserName: 'late' }));
      await c.iam.send(new CreateUserCommand({ UserName: 'early' }));
      expect(sandbox.calls.list({ operation: 'CreateUser' }).map((call) => [call.caller, call.outcome])).toEqual([
        ['replica-a', 'pending'],
        ['', 'ok'],
      ]);
      open();
      await parked;
      expect(sandbox.calls.list({ caller: 'replica-a' })).toMatchObject([{ operation: 'CreateUser', outcome: 'ok' }]);
      a.destroy();
    });
  });

  describe('latency', () => {
    it('delays each call by the latency of its service', async () => {
      sandbox.setLatency({ iam: 400 });
      // Sent together: the S3 call, which has no latency, answers first however slow the machine is.
      const answered: string[] = [];
      const started = performance.now();
      await Promise.all([
        c.iam.send(new CreateUserCommand({ UserName: 'slow' })).then(() => answered.push('iam')),
        c.s3.send(new CreateBucketCommand({ Bucket: 'fast' })).then(() => answered.push('s3')),
      ]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(395);
      expect(answered).toEqual(['s3', 'iam']);
    });
  });

  describe('snapshot and diff', () => {
    it('shows in one line that a request left nothing behind, and names what a leak leaves', async () => {
      const before = sandbox.snapshot();
      await c.iam.send(new CreateUserCommand({ UserName: 'temp' }));
      await c.iam.send(new CreateGroupCommand({ GroupName: 'temp-grp' }));
      await c.iam.send(new AddUserToGroupCommand({ GroupName: 'temp-grp', UserName: 'temp' }));
      const { AccessKey } = await c.iam.send(new CreateAccessKeyCommand({ UserName: 'temp' }));
      await c.s3.send(new CreateBucketCommand({ Bucket: 'temp-bucket' }));
      await c.s3.send(new PutObjectCommand({ Bucket: 'temp-bucket', Key: 'index.html', Body: 'x' }));

      const during = sandbox.diff(before, sandbox.snapshot());
      expect(during.entries.filter((entry) => entry.change === 'added').map((entry) => entry.path)).toEqual(
        expect.arrayContaining([
          `${A}/iam/user/temp`,
          `${A}/iam/user/temp/group/temp-grp`,
          `${A}/iam/user/temp/access-key/${AccessKey!.AccessKeyId}`,
          `${A}/iam/group/temp-grp`,
          `${A}/s3/bucket/temp-bucket`,
          `${A}/s3/bucket/temp-bucket/object/index.html`,
        ]),
      );

      await c.iam.send(new DeleteAccessKeyCommand({ UserName: 'temp', AccessKeyId: AccessKey!.AccessKeyId }));
      await c.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'temp-grp', UserName: 'temp' }));
      await c.iam.send(new DeleteUserCommand({ UserName: 'temp' }));
      await c.iam.send(new DeleteGroupCommand({ GroupName: 'temp-grp' }));
      // The bucket and its object were "forgotten": the diff names them, one line each.
      const leak = sandbox.diff(before, sandbox.snapshot());
      expect(leak.entries.map((entry) => `${entry.change} ${entry.path}`)).toEqual([
        `added ${A}/s3/bucket/temp-bucket`,
        `added ${A}/s3/bucket/temp-bucket/encryption`,
        `added ${A}/s3/bucket/temp-bucket/object/index.html`,
        `added ${A}/s3/bucket/temp-bucket/public-access-block`,
      ]);
      expect(leak.toString().split('\n')[0]).toBe(`+ ${A}/s3/bucket/temp-bucket  {"region":"us-east-1"}`);

      sandbox.putObject(A, 'temp-bucket', 'other', 'y');
      expect(sandbox.objectKeys('temp-bucket')).toEqual(['index.html', 'other']);
      for (const Key of sandbox.objectKeys('temp-bucket')) await c.s3.send(new DeleteObjectCommand({ Bucket: 'temp-bucket', Key }));
      await c.s3.send(new DeleteBucketCommand({ Bucket: 'temp-bucket' }));
      expect(sandbox.diff(before, sandbox.snapshot()).toString()).toBe('');
    });

    it('is empty after a full clean-up', async () => {
      const before = sandbox.snapshot();
      await c.iam.send(new CreateUserCommand({ UserName: 'gone' }));
      await c.iam.send(new DeleteUserCommand({ UserName: 'gone' }));
      expect(sandbox.diff(before, sandbox.snapshot()).toString()).toBe('');
      expect(sandbox.diff(before, sandbox.snapshot()).isEmpty()).toBe(true);
    });

    it('ignores a CloudFront status moving only because time passed, but shows a disable; one kind can be filtered out', async () => {
      const clock = new ManualClock();
      const timed = new AwsSandbox({ clock });
      const certificateArn = timed.addCertificate(A, 'sites.example.com');
      const zoneId = timed.addHostedZone(A, 'sites.example.com');
      const clients = createSandboxClients(timed, A);
      const site = 'www.sites.example.com';
      const { Distribution } = await clients.cloudfront.send(
        new CreateDistributionWithTagsCommand({
          DistributionConfigWithTags: {
            DistributionConfig: {
              ...websiteDistributionConfig({ reference: 'r', alias: site, origin: site }),
              ViewerCertificate: { ACMCertificateArn: certificateArn, SSLSupportMethod: 'sni-only' },
            },
            Tags: { Items: [] },
          },
        }),
      );
      const before = timed.snapshot();
      clock.advance(3_600_000);
      expect(timed.diff(before, timed.snapshot()).isEmpty()).toBe(true);

      const { DistributionConfig, ETag } = await clients.cloudfront.send(new GetDistributionConfigCommand({ Id: Distribution!.Id }));
      await clients.cloudfront.send(
        new UpdateDistributionCommand({ Id: Distribution!.Id, IfMatch: ETag, DistributionConfig: { ...DistributionConfig!, Enabled: false } }),
      );
      await clients.route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: {
            Changes: [
              {
                Action: 'CREATE',
                ResourceRecordSet: {
                  Name: site,
                  Type: 'A',
                  AliasTarget: { DNSName: Distribution!.DomainName, HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false },
                },
              },
            ],
          },
        }),
      );
      const diff = timed.diff(before, timed.snapshot());
      expect(diff.entries.map((entry) => [entry.change, entry.path])).toEqual([
        ['changed', `${A}/cloudfront/distribution/${Distribution!.Id}`],
        ['added', `${A}/route53/${zoneId}/record/${site}./A`],
      ]);
      expect(diff.filter((entry) => !entry.path.includes('/cloudfront/')).entries).toHaveLength(1);
      clients.destroy();
    });

    it('restores the whole state, as many times as asked, keeping shared entities shared', async () => {
      await c.iam.send(new CreateGroupCommand({ GroupName: 'kept' }));
      const policyArn = (
        await c.iam.send(
          new CreatePolicyCommand({
            PolicyName: 'kept-plc',
            PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::kept' }] }),
          }),
        )
      ).Policy!.Arn!;
      const before = sandbox.snapshot();
      for (let round = 0; round < 2; round++) {
        await c.iam.send(new AttachGroupPolicyCommand({ GroupName: 'kept', PolicyArn: policyArn }));
        await c.s3.send(new CreateBucketCommand({ Bucket: 'scratch' }));
        expect((await c.iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy?.AttachmentCount).toBe(1);
        expect(sandbox.diff(before, sandbox.snapshot()).isEmpty()).toBe(false);
        sandbox.restore(before);
        expect(sandbox.diff(before, sandbox.snapshot()).toString()).toBe('');
        expect(sandbox.hasBucket('scratch')).toBe(false);
      }
    });

    it('is a deep, immutable copy', async () => {
      await c.iam.send(new CreateUserCommand({ UserName: 'frozen' }));
      const snapshot = sandbox.snapshot();
      const user = snapshot.get(`${A}/iam/user/frozen`) as { path: string };
      user.path = '/changed/';
      expect((snapshot.get(`${A}/iam/user/frozen`) as { path: string }).path).toBe('/');
      expect(Object.isFrozen(snapshot)).toBe(true);
    });
  });

  describe('seeding', () => {
    it('fills an account with 10,000 buckets, 500 groups, 2,000 users, 1,000 distributions and 10,000 records in under 2 s', async () => {
      const zoneId = sandbox.addHostedZone(A, 'sites.example.com');
      // As far as AWS raises them on request: 500 groups is IAM's maximum, distributions have no fixed one.
      sandbox.setQuotas(A, { groups: 500, distributions: 1_000 });
      const started = performance.now();
      sandbox.seed(A, { buckets: 10_000, groups: 500, users: 2_000, distributions: 1_000, records: { zoneId, count: 10_000 } });
      const elapsed = performance.now() - started;
      console.info(`seeding took ${elapsed.toFixed(0)} ms`);
      expect(elapsed).toBeLessThan(2000);
      const snapshotStarted = performance.now();
      const seeded = sandbox.snapshot();
      console.info(`a snapshot of the seeded account took ${(performance.now() - snapshotStarted).toFixed(0)} ms (${seeded.size} entries)`);

      expect((await c.s3.send(new HeadBucketCommand({ Bucket: 'seed-bucket-010000' }))).$metadata.httpStatusCode).toBe(200);
      expect((await c.iam.send(new GetGroupCommand({ GroupName: 'seed-group-000500' }))).Group?.GroupName).toBe('seed-group-000500');
      expect((await c.iam.send(new GetUserCommand({ UserName: 'seed-user-002000' }))).User?.Arn).toBe(`arn:aws:iam::${A}:user/seed-user-002000`);
      const records = await c.route53.send(
        new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: 'seed-009999.sites.example.com', StartRecordType: 'A', MaxItems: 1 }),
      );
      expect(records.ResourceRecordSets?.[0]?.Name).toBe('seed-009999.sites.example.com.');
      // Bucket names are global: seeding another account continues the numbering.
      sandbox.seed('222222222222', { buckets: 1 });
      expect(sandbox.bucketOwner('seed-bucket-010001')).toBe('222222222222');
    });

    it('seeds only accounts AWS allows: within the quotas, which go no higher than AWS raises them', () => {
      expect(() => sandbox.seed(A, { groups: 301 })).toThrow(/would hold 301 groups, over its quota of 300/);
      expect(() => sandbox.seed(A, { distributions: 501 })).toThrow(/over its quota of 500/);
      expect(() => sandbox.setQuotas(A, { groups: 5_000 })).toThrow(/AWS allows a groups quota of 0 to 500, not 5000/);
      expect(() => sandbox.setQuotas(A, { users: 5_001 })).toThrow(RangeError);
      sandbox.setQuotas(A, { groups: 500 });
      sandbox.seed(A, { groups: 500 });
      expect(sandbox.quotasOf(A)).toMatchObject({ groups: 500, policies: 1_500, users: 5_000, buckets: 10_000, distributions: 500 });
      expect(sandbox.quotasOf('222222222222').groups).toBe(300);
    });
  });

  it('measures its own HeadBucket call rate for the benchmark', async () => {
    const { callsPerSecond, calls } = await measureSandboxCallRate({ durationMs: 300 });
    console.info(`sandbox HeadBucket: ${callsPerSecond.toFixed(0)} calls/s (${calls} calls)`);
    expect(calls).toBeGreaterThan(0);
    expect(callsPerSecond).toBeGreaterThan(0);
  });
});
