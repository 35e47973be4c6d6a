import type { ChangeResourceRecordSetsRequest } from '@aws-sdk/client-route-53';
import { CreateMultipartUploadCommand, DeleteObjectCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  type AwsAccount,
  claimsBucketName,
  type AwsClientFactory,
  type AwsModuleOptions,
  CloudFrontGateway,
  ConfigAwsAccountProvider,
  IamGateway,
  Route53Gateway,
  S3Gateway,
  type Tag,
  USER_SCOPE_TAGS,
} from '#aws';
import { AwsSandbox, createSandboxClients, ManualClock } from '#aws-sandbox';
import { Saga } from '#common';
import { gatewayOnSandbox, testAccount, testWaits } from '../../../../test/support/unit.js';
import { AccessService } from '../access/access.service.js';
import { NameClaims } from '../access/name-claims.js';
import { PLACEHOLDER_TAG } from '../common/placeholder.js';
import { ABANDONED_TAG, DISTRIBUTION_ID_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, ORG_TAG, systemTags } from '../common/system-tags.js';
import type { AppConfig } from '../config/app-config.js';
import { WebsiteOrigins } from '../websites/website-origins.js';
import { WEBSITE_TAG } from '../websites/website-rules.js';
import {
  RECONCILER_CALLS_METRIC,
  RECONCILER_ERRORS_METRIC,
  RECONCILER_FOUND_METRIC,
  RECONCILER_LAST_RUN_METRIC,
  RECONCILER_REMOVED_METRIC,
  Reconciler,
  type ReconcilerRun,
} from './reconciler.js';

const GRACE_SECONDS = 900;
const DOMAIN = 'example.com';
const HOUR = 3_600_000;
const serviceTags: readonly Tag[] = [
  { Key: MANAGED_BY_TAG, Value: MANAGED_BY_VALUE },
  { Key: ORG_TAG, Value: 'test' },
];
const INTERVAL_SECONDS = 60;
const denyAll = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };

interface Setup {
  readonly accessModel?: AwsAccount['accessModel'];
  readonly maxCallsPerRun?: number;
  readonly enabled?: boolean;
  readonly backgroundTasks?: boolean;
}

/**
 * The reconciler without Nest, on the emulated AWS of two accounts, as the accounts' root (the service's
 * own policy is the end-to-end tests'): its listings, decisions and removals through the real gateways.
 */
function onSandbox({ accessModel = 'groups', maxCallsPerRun = 200, enabled = true, backgroundTasks = false }: Setup = {}) {
  const clock = new ManualClock();
  const sandbox = new AwsSandbox({ clock });
  const account = testAccount({
    accessModel,
    domains: { [DOMAIN]: { hostedZoneId: sandbox.addHostedZone('111111111111', DOMAIN), certificateArn: sandbox.addCertificate('111111111111', DOMAIN) } },
  });
  const other = testAccount({ name: 'other', id: '222222222222' });
  const config = { reconciler: { enabled, intervalSeconds: INTERVAL_SECONDS, maxCallsPerRun, graceSeconds: GRACE_SECONDS } } as AppConfig;
  const aws = { now: () => clock.now() } as AwsModuleOptions;
  const root = <G>(Gateway: new (factory: AwsClientFactory) => G): G => gatewayOnSandbox(Gateway, sandbox, {}, 'root');
  const [cloudFront, s3, iam, route53] = [root(CloudFrontGateway), root(S3Gateway), root(IamGateway), root(Route53Gateway)] as const;
  const claims = new NameClaims(s3, testWaits());
  const access = new AccessService(iam, testWaits(), config, claims, aws);
  const origins = new WebsiteOrigins(cloudFront);
  const registry = new Registry();
  const counter = (name: string, labelNames: string[]) => new Counter({ name, help: 'h', labelNames, registers: [registry] });
  const metrics = {
    found: counter(RECONCILER_FOUND_METRIC, ['account', 'kind']),
    removed: counter(RECONCILER_REMOVED_METRIC, ['account', 'kind']),
    errors: counter(RECONCILER_ERRORS_METRIC, ['account']),
    calls: counter(RECONCILER_CALLS_METRIC, ['account']),
    lastRun: new Gauge({ name: RECONCILER_LAST_RUN_METRIC, help: 'h', labelNames: ['account'], registers: [registry] }),
  };
  const reconciler = new Reconciler(
    config,
    { backgroundTasks },
    aws,
    new ConfigAwsAccountProvider([account, other]),
    cloudFront,
    s3,
    iam,
    route53,
    access,
    claims,
    origins,
    metrics.found,
    metrics.removed,
    metrics.errors,
    metrics.calls,
    metrics.lastRun,
  );
  /** A user the service left under a bucket's IAM path. */
  const leftUser = (name: string, bucket: string) => iam.createUser(account, { name, path: `/s3-api/${bucket}/`, tags: [] });
  const users = async () => (await iam.listUsers(account, '/')).map((u) => u.UserName).sort();
  const metric = async (which: keyof typeof metrics) => (await metrics[which].get()).values.map(({ labels, value }) => ({ labels, value }));
  /** A bucket the service made whole: claimed, its IAM made, tagged last. */
  const liveBucket = async (bucket: string, tags: readonly Tag[] = serviceTags) => {
    const saga = new Saga();
    const claim = await access.claimName(saga, account, bucket, false, `create-${bucket}`);
    await s3.createBucket(account, bucket, account.region);
    await (await access.planBucketAccess(account, bucket)).make(saga, claim!);
    await s3.putBucketTags(account, bucket, tags);
  };
  const exists = async (bucket: string) => (await s3.headBucket(account, bucket)) === 'exists';
  const under = async (bucket: string) => ({
    users: (await iam.listUsers(account, `/s3-api/${bucket}/`)).map((u) => u.UserName).sort(),
    groups: (await iam.listGroups(account, `/s3-api/${bucket}/`)).map((g) => g.GroupName).sort(),
    policies: (await iam.listPolicies(account, `/s3-api/${bucket}/`)).map((p) => p.PolicyName).sort(),
  });
  const afterGrace = () => clock.advance((GRACE_SECONDS + 1) * 1000);
  return {
    clock,
    sandbox,
    account,
    other,
    s3,
    iam,
    access,
    cloudFront,
    route53,
    origins,
    reconciler,
    leftUser,
    users,
    metric,
    liveBucket,
    exists,
    under,
    afterGrace,
  };
}

/** A website's distribution as the service makes it (its function, made with it unless given, its tags, its DNS aliases), and nothing else of the website. */
const distributionOf = async (
  t: ReturnType<typeof onSandbox>,
  website: string,
  { tags, records = true, functionArn }: { tags?: readonly Tag[]; records?: boolean; functionArn?: string } = {},
) => {
  functionArn ??= await t.origins.createFunction(new Saga(), t.account, website, 'function handler(event) { return event.request; }');
  const distribution = await t.cloudFront.createWebsiteDistribution(t.account, {
    callerReference: `create-${website}`,
    alias: website,
    origin: {
      kind: 'origin-access-control',
      domain: `${website}.s3.us-east-1.amazonaws.com`,
      originAccessControlId: await t.origins.originAccessControl(t.account),
      functionArn,
      errorResponses: [],
    },
    indexDocument: 'index.html',
    certificateArn: t.account.domains[DOMAIN]!.certificateArn,
    comment: website,
    tags: tags ?? systemTags(t.account, [{ Key: WEBSITE_TAG, Value: website }]),
  });
  const zone = t.account.domains[DOMAIN]!.hostedZoneId;
  if (records)
    await t.route53.changeAliasRecords(
      t.account,
      zone,
      'CREATE',
      (['A', 'AAAA'] as const).map((type) => ({ name: website, type, target: distribution.DomainName })),
      'test',
    );
  return { ...distribution, functionName: functionArn.split('/').at(-1)! };
};
/** What is left of a website's distribution, its function and its DNS aliases. */
const state = async (t: ReturnType<typeof onSandbox>, d: { Id: string; functionName: string }, website: string) => {
  const found = await t.cloudFront.getDistribution(t.account, d.Id);
  return {
    distribution: found ? (found.distribution.DistributionConfig.Enabled ? 'enabled' : 'disabled') : 'gone',
    function: (await t.cloudFront.describeFunction(t.account, d.functionName)) ? 'kept' : 'gone',
    records: (await t.route53.getAliasRecords(t.account, t.account.domains[DOMAIN]!.hostedZoneId, website)).length,
  };
};

/** What the reconciler (and the services it calls) logged, kept out of the test output. */
let logs: Record<'log' | 'warn' | 'error', MockInstance>;
beforeEach(() => {
  logs = {
    log: vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined),
    warn: vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined),
    error: vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined),
  };
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Reconciler.runOnce', () => {
  it('removes what a cut-off create left once it is older than the grace period, leaves a younger one alone, and counts both', async () => {
    const { clock, sandbox, reconciler, leftUser, users, metric } = onSandbox();
    await leftUser('u-old', 'gone-old');
    clock.advance((GRACE_SECONDS + 1) * 1000);
    // A create at work a minute ago: its user is not a leftover yet.
    await leftUser('u-young', 'gone-young');
    clock.advance(60_000);

    const mark = sandbox.calls.mark();
    const before = Date.now() / 1000;
    const run = await reconciler.runOnce('test');
    const after = Date.now() / 1000;

    expect(run).toEqual({ calls: sandbox.calls.since(mark).length, found: 1, removed: 1, errors: 0, complete: true });
    expect(await users()).toEqual(['u-young']);
    expect(await metric('found')).toEqual([{ labels: { account: 'test', kind: 'name' }, value: 1 }]);
    expect(await metric('removed')).toEqual([{ labels: { account: 'test', kind: 'name' }, value: 1 }]);
    expect(await metric('calls')).toEqual([{ labels: { account: 'test' }, value: run.calls }]);
    expect(await metric('errors')).toEqual([]);
    const [lastRun] = await metric('lastRun');
    expect(lastRun?.labels).toEqual({ account: 'test' });
    expect(lastRun?.value).toBeGreaterThanOrEqual(before);
    expect(lastRun?.value).toBeLessThanOrEqual(after);

    // Exactly the grace period old, it is not older than it yet; a moment later it goes.
    clock.advance(GRACE_SECONDS * 1000 - 60_000);
    expect(await reconciler.runOnce('test')).toMatchObject({ found: 0, removed: 0, complete: true });
    clock.advance(1);
    expect(await reconciler.runOnce('test')).toMatchObject({ found: 1, removed: 1, errors: 0, complete: true });
    expect(await users()).toEqual([]);
  });

  it('goes through a long listing within a budget of one call a run: each run goes on from the page the last one stopped at', async () => {
    const { clock, sandbox, account, reconciler, metric } = onSandbox({ maxCallsPerRun: 1 });
    // Other distributions of the account, old enough to judge: two pages of CloudFront's listing, not a call about any.
    sandbox.seed(account.id, { distributions: 150 });
    clock.advance(HOUR);
    const runs: ReconcilerRun[] = [];
    const calls: { operation: string; marker: boolean }[] = [];
    for (let i = 0; i < 6; i++) {
      const mark = sandbox.calls.mark();
      runs.push(await reconciler.runOnce(account));
      calls.push(...sandbox.calls.since(mark).map((c) => ({ operation: c.operation, marker: Boolean((c.input as { Marker?: string }).Marker) })));
    }
    expect(calls).toEqual([
      { operation: 'ListDistributions', marker: false },
      { operation: 'ListDistributions', marker: true },
      { operation: 'ListFunctions', marker: false },
      { operation: 'ListPolicies', marker: false },
      { operation: 'ListUsers', marker: false },
      { operation: 'ListGroups', marker: false },
    ]);
    // A budget spent is no failure; only the last run reached the end of the last listing.
    expect(runs.map((r) => [r.calls, r.errors, r.complete])).toEqual([...Array(5).fill([1, 0, false]), [1, 0, true]]);
    expect(await metric('errors')).toEqual([]);
    // The next run starts over.
    const mark = sandbox.calls.mark();
    await reconciler.runOnce(account);
    expect(sandbox.calls.since(mark).map((c) => c.operation)).toEqual(['ListDistributions']);
  });

  it('does not handle again what a run stopped by its budget already went through, and resumes at the item it stopped at', async () => {
    const leftovers = async ({ clock, account, s3, leftUser }: ReturnType<typeof onSandbox>) => {
      // Users under the path of a bucket the service cannot prove it made: kept, deny by default.
      await s3.createBucket(account, 'a-foreign', account.region);
      await leftUser('a-user', 'a-foreign');
      await leftUser('b-user', 'b-gone');
      await leftUser('c-user', 'c-gone');
      clock.advance((GRACE_SECONDS + 1) * 1000);
    };
    // What a whole run costs, to stop the runs part-way through the users.
    const twin = onSandbox();
    await leftovers(twin);
    const whole = await twin.reconciler.runOnce(twin.account);
    expect(whole).toMatchObject({ found: 2, removed: 2, complete: true });
    const budget = Math.ceil(whole.calls / 2);

    const t = onSandbox({ maxCallsPerRun: budget });
    await leftovers(t);
    const mark = t.sandbox.calls.mark();
    const runs: ReconcilerRun[] = [];
    while (runs.length < 10 && !runs.at(-1)?.complete) runs.push(await t.reconciler.runOnce(t.account));
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.every((r) => r.calls <= budget && r.errors === 0)).toBe(true);
    expect(await t.users()).toEqual(['a-user']);
    const calls = t.sandbox.calls.since(mark);
    // The foreign bucket was looked at once: the runs after the first went on after its user.
    expect(calls.filter((c) => c.operation === 'HeadBucket' && (c.input as { Bucket: string }).Bucket === 'a-foreign')).toHaveLength(1);
    expect(calls.filter((c) => c.operation === 'ListDistributions')).toHaveLength(1);
  });

  it('counts and logs a listing that fails, and the next run goes on from that listing', async () => {
    const { clock, sandbox, account, reconciler, leftUser, users, metric } = onSandbox();
    await leftUser('u1', 'gone');
    clock.advance((GRACE_SECONDS + 1) * 1000);
    sandbox.faults.add({ operation: 'ListUsers', nth: 1, error: { name: 'ServiceFailure', httpStatusCode: 500 } });
    expect(await reconciler.runOnce(account)).toMatchObject({ found: 0, errors: 1, complete: false });
    expect(await metric('errors')).toEqual([{ labels: { account: 'test' }, value: 1 }]);
    expect(logs.warn).toHaveBeenCalledWith(expect.objectContaining({ account: 'test' }), 'reconciler could not go through the users');

    const mark = sandbox.calls.mark();
    expect(await reconciler.runOnce(account)).toMatchObject({ found: 1, removed: 1, errors: 0, complete: true });
    expect(sandbox.calls.since(mark)[0]?.operation).toBe('ListUsers');
    expect(await users()).toEqual([]);
  });

  it('counts and logs a leftover it could not remove, with the item, and goes on with the others', async () => {
    const { clock, sandbox, account, reconciler, leftUser, users, metric } = onSandbox();
    await leftUser('u1', 'gone1');
    await leftUser('u2', 'gone2');
    clock.advance((GRACE_SECONDS + 1) * 1000);
    sandbox.faults.add({ operation: 'DeleteUser', nth: 1, error: { name: 'ServiceFailure', httpStatusCode: 500 } });
    expect(await reconciler.runOnce(account)).toMatchObject({ found: 2, removed: 1, errors: 1, complete: true });
    expect(await users()).toHaveLength(1);
    expect(await metric('errors')).toEqual([{ labels: { account: 'test' }, value: 1 }]);
    expect(logs.warn).toHaveBeenCalledWith(
      expect.objectContaining({ account: 'test', item: expect.stringMatching(/^arn:aws:iam::111111111111:user\/s3-api\/gone[12]\/u[12]$/) }),
      'reconciler could not handle a leftover',
    );
  });

  it("keeps a cursor per account: one account's run stopped part-way does not move another's", async () => {
    const { sandbox, account, other, reconciler } = onSandbox({ maxCallsPerRun: 1 });
    await reconciler.runOnce(account);
    await reconciler.runOnce(account);
    const mark = sandbox.calls.mark();
    await reconciler.runOnce(other);
    await reconciler.runOnce(account);
    expect(sandbox.calls.since(mark).map((c) => [c.accountId, c.operation])).toEqual([
      [other.id, 'ListDistributions'],
      [account.id, 'ListPolicies'],
    ]);
  });
});

describe('Reconciler listings', () => {
  it('goes through every page of each listing it walks', async () => {
    const t = onSandbox({ accessModel: 'tags' });
    const claimsBucket = claimsBucketName(t.account.id);
    await t.s3.createBucket(t.account, claimsBucket, t.account.region);
    t.sandbox.setQuotas(t.account.id, { functions: 200 });
    // More than a page of each, under a name a create at work claims, all too young to be anything's leftovers.
    await t.access.claimName(new Saga(), t.account, 'crowd', false, 'create-crowd');
    const code = 'function handler(event) { return event.request; }';
    for (let i = 0; i < 101; i++) {
      await t.iam.createUser(t.account, { name: `u${i}`, path: '/s3-api/crowd/', tags: [] });
      await t.iam.createPolicy(t.account, { name: `p${i}`, path: '/s3-api/crowd/', document: denyAll, description: 'd' });
      await t.iam.createGroup(t.account, `g${i}`, '/s3-api/crowd/');
      await t.cloudFront.createFunction(t.account, { name: `other-${i}`, comment: 'x', code, tags: [] });
      t.sandbox.putObject(t.account.id, claimsBucket, `claims/n${i}`);
    }
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, errors: 0, complete: true });
    const pages = (operation: string, next: string) =>
      t.sandbox.calls
        .since(mark)
        .filter((c) => c.operation === operation && (c.input as { PathPrefix?: string }).PathPrefix !== '/s3-api/crowd/')
        .map((c) => Boolean((c.input as Record<string, unknown>)[next]));
    expect(pages('ListUsers', 'Marker')).toEqual([false, true]);
    expect(pages('ListPolicies', 'Marker')).toEqual([false, true]);
    expect(pages('ListGroups', 'Marker')).toEqual([false, true]);
    expect(pages('ListFunctions', 'Marker')).toEqual([false, true]);
    expect(pages('ListObjectsV2', 'ContinuationToken')).toEqual([false, true]);
  });
});

describe('Reconciler in the background', () => {
  /** Fake intervals only: the emulated calls keep their own timers. */
  const background = (setup: Setup = {}) => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    // A jitter of a quarter of the 10% it may add: 1.5 s on a minute.
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    const t = onSandbox({ backgroundTasks: true, ...setup });
    const runOnce = vi.spyOn(t.reconciler, 'runOnce');
    const runsOf = (acct: AwsAccount) => runOnce.mock.calls.filter(([ref]) => ref === acct).length;
    return { ...t, runOnce, runsOf };
  };
  const FIRST = INTERVAL_SECONDS * 1000 + 1500;

  it('runs every account once an interval and a jitter, and no more after shutdown', async () => {
    const { account, other, reconciler, runOnce, runsOf } = background();
    reconciler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(FIRST - 1);
    expect(runOnce).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect([runsOf(account), runsOf(other)]).toEqual([1, 1]);
    const runs = await Promise.all(runOnce.mock.results.map((r) => r.value as Promise<ReconcilerRun>));
    expect(runs.map((r) => r.complete)).toEqual([true, true]);
    await vi.advanceTimersByTimeAsync(FIRST);
    expect([runsOf(account), runsOf(other)]).toEqual([2, 2]);

    await reconciler.onApplicationShutdown();
    await vi.advanceTimersByTimeAsync(10 * FIRST);
    expect(runOnce).toHaveBeenCalledTimes(4);
  });

  it('does not let the timers hold the process open', () => {
    const { reconciler } = background();
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    reconciler.onApplicationBootstrap();
    expect(setInterval).toHaveBeenCalledTimes(2);
    for (const { value } of setInterval.mock.results) expect((value as NodeJS.Timeout).hasRef()).toBe(false);
  });

  it.each([
    ['disabled in the configuration', { enabled: false }],
    ['without background tasks (tests, one-shot tools)', { backgroundTasks: false }],
  ])('starts no timer %s', async (_, setup) => {
    const { reconciler, runOnce } = background(setup);
    reconciler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(10 * FIRST);
    expect(runOnce).not.toHaveBeenCalled();
  });

  it("starts no account's run while its last one is under way, and shutdown waits for that one", async () => {
    const { account, other, reconciler, runOnce, runsOf } = background();
    let finish!: (run: ReconcilerRun) => void;
    runOnce.mockImplementation((ref) =>
      ref === account ? new Promise((resolve) => (finish = resolve)) : Promise.resolve({ calls: 0, found: 0, removed: 0, errors: 0, complete: true }),
    );
    reconciler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(3 * FIRST);
    expect([runsOf(account), runsOf(other)]).toEqual([1, 3]);
    finish({ calls: 0, found: 0, removed: 0, errors: 0, complete: true });
    await vi.advanceTimersByTimeAsync(FIRST);
    expect(runsOf(account)).toBe(2);

    let stopped = false;
    const shutdown = reconciler.onApplicationShutdown().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish({ calls: 0, found: 0, removed: 0, errors: 0, complete: true });
    await shutdown;
    expect(stopped).toBe(true);
  });

  it('logs a run that found something or failed, not one that found nothing; a run that throws does not stop the next', async () => {
    const { account, reconciler, runOnce, runsOf } = background({});
    const quiet = { calls: 3, found: 0, removed: 0, errors: 0, complete: true };
    const results: (ReconcilerRun | Error)[] = [quiet, { ...quiet, found: 1, removed: 1 }, { ...quiet, errors: 1, complete: false }, new Error('boom'), quiet];
    runOnce.mockImplementation(async (ref) => {
      if (ref !== account) return quiet;
      const next = results.shift()!;
      if (next instanceof Error) throw next;
      return next;
    });
    reconciler.onApplicationBootstrap();
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(FIRST);
    expect(runsOf(account)).toBe(5);
    expect(logs.log.mock.calls).toEqual([
      [{ account: 'test', calls: 3, found: 1, removed: 1, errors: 0, complete: true }, 'reconciler run'],
      [{ account: 'test', calls: 3, found: 0, removed: 0, errors: 1, complete: false }, 'reconciler run'],
    ]);
    expect(logs.error.mock.calls).toEqual([[{ err: new Error('boom'), account: 'test' }, 'reconciler run failed']]);
  });
});

describe('what the reconciler removes, and what it leaves alone', () => {
  it("keeps a live bucket's users while they are in a group; removes one in no group and one a failed create abandoned, once old enough", async () => {
    const t = onSandbox();
    await t.liveBucket('site1');
    for (const name of ['member', 'loner', 'abandoned']) await t.leftUser(name, 'site1');
    await t.iam.addUserToGroup(t.account, 'member', 'site1-BktAdmGrp');
    await t.iam.addUserToGroup(t.account, 'abandoned', 'site1-BktAdmGrp');
    await t.iam.tagUser(t.account, 'abandoned', [{ Key: ABANDONED_TAG, Value: 'create-u' }]);
    t.afterGrace();
    // A user create at work: in no group yet.
    await t.leftUser('fresh', 'site1');
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 2, removed: 2, errors: 0 });
    expect(await t.under('site1')).toEqual({ users: ['fresh', 'member'], groups: ['site1-BktAdmGrp'], policies: ['site1-BktAdmPlc'] });
    expect(await t.exists('site1')).toBe(true);
    expect(await t.metric('removed')).toEqual([{ labels: { account: 'test', kind: 'user' }, value: 2 }]);
  });

  it('touches nothing under the name of a bucket it cannot prove it made: untagged, tagged by another organisation or tool, or claimed by no create', async () => {
    const t = onSandbox();
    const buckets = {
      untagged: [],
      'other-org': [serviceTags[0]!, { Key: ORG_TAG, Value: 'elsewhere' }],
      'other-tool': [{ Key: MANAGED_BY_TAG, Value: 'terraform' }, serviceTags[1]!],
    };
    for (const [bucket, tags] of Object.entries(buckets)) {
      await t.s3.createBucket(t.account, bucket, t.account.region);
      await t.s3.putBucketTags(t.account, bucket, tags);
      await t.leftUser(`${bucket}-user`, bucket);
    }
    // Claimed by a policy no create of the service's tagged (made by hand, or by an older release).
    await t.iam.createPolicy(t.account, { name: 'other-org-BktAdmPlc', path: '/s3-api/other-org/', document: denyAll, description: 'by hand' });
    t.afterGrace();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0, errors: 0, complete: true });
    expect(await t.users()).toEqual(['other-org-user', 'other-tool-user', 'untagged-user']);
    expect(await t.under('other-org')).toMatchObject({ policies: ['other-org-BktAdmPlc'] });
  });

  it('removes the bucket of a create cut off before it tagged it when it holds only its placeholders, with everything under its name; keeps one with anything else, and its IAM', async () => {
    const t = onSandbox();
    const cutOff = async (bucket: string, objects: readonly { key: string; tags: readonly Tag[] }[], sameInstant = false) => {
      const saga = new Saga();
      const claim = await t.access.claimName(saga, t.account, bucket, true, `create-${bucket}`);
      if (!sameInstant) t.clock.advance(1000);
      await t.s3.createBucket(t.account, bucket, t.account.region);
      await (await t.access.planBucketAccess(t.account, bucket)).make(saga, claim!);
      for (const { key, tags } of objects) await t.s3.putObject(t.account, bucket, key, '<html></html>', { contentType: 'text/html', tags });
    };
    await cutOff('bare', []);
    await cutOff('same-instant', [], true);
    await cutOff('placeholders', [
      { key: 'index.html', tags: [PLACEHOLDER_TAG] },
      { key: 'docs/index.html', tags: [PLACEHOLDER_TAG] },
    ]);
    await cutOff('with-data', [
      { key: 'index.html', tags: [PLACEHOLDER_TAG] },
      { key: 'data.csv', tags: [] },
    ]);
    await cutOff('own-index', [{ key: 'index.html', tags: [] }]);
    await cutOff('own-index-tagged', [{ key: 'index.html', tags: [{ Key: PLACEHOLDER_TAG.Key, Value: 'false' }] }]);
    // A bucket older than the claim on its name is not the create's.
    await t.s3.createBucket(t.account, 'older', t.account.region);
    t.clock.advance(1000);
    await t.access.claimName(new Saga(), t.account, 'older', false, 'create-older');
    t.afterGrace();

    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ removed: 3, errors: 0, complete: true });
    for (const gone of ['bare', 'same-instant', 'placeholders']) {
      expect(await t.exists(gone), gone).toBe(false);
      expect(await t.under(gone), gone).toEqual({ users: [], groups: [], policies: [] });
    }
    for (const kept of ['with-data', 'own-index', 'own-index-tagged', 'older']) {
      expect(await t.exists(kept), kept).toBe(true);
      expect((await t.under(kept)).policies, kept).toContain(`${kept}-BktAdmPlc`);
    }
    expect(await t.metric('found')).toEqual([{ labels: { account: 'test', kind: 'name' }, value: 6 }]);
  });

  it("keeps a cut-off create's bucket it cannot judge in one page: more versions than a listing's page holds, all placeholders", async () => {
    const t = onSandbox();
    await t.access.claimName(new Saga(), t.account, 'crowded', false, 'create-crowded');
    t.clock.advance(1000);
    await t.s3.createBucket(t.account, 'crowded', t.account.region);
    for (let i = 0; i < 101; i++) t.sandbox.putObject(t.account.id, 'crowded', `p${i}/index.html`, '', { [PLACEHOLDER_TAG.Key]: PLACEHOLDER_TAG.Value });
    t.afterGrace();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 1, removed: 0, errors: 0 });
    expect(await t.exists('crowded')).toBe(true);
    expect(t.sandbox.objectKeys('crowded')).toHaveLength(101);
  });

  it('leaves what is under a name claimed less than the grace period ago (a create at work), and removes it once the claim is old', async () => {
    const t = onSandbox();
    await t.leftUser('early', 'at-work');
    t.afterGrace();
    await t.access.claimName(new Saga(), t.account, 'at-work', false, 'create-at-work');
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0 });
    expect(await t.under('at-work')).toEqual({ users: ['early'], groups: [], policies: ['at-work-BktAdmPlc'] });
    t.afterGrace();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 1, removed: 1 });
    expect(await t.under('at-work')).toEqual({ users: [], groups: [], policies: [] });
  });

  it("removes a live bucket's access policy no group uses once it is old; keeps one in use, a young one and one it did not make on first use", async () => {
    const t = onSandbox();
    await t.liveBucket('site2');
    const policy = (name: string) => t.iam.createPolicy(t.account, { name, path: '/s3-api/site2/', document: denyAll, description: 'd' });
    await policy('site2-BktRWPlc');
    // Not made on first use: another bucket's name, or not of the kinds the service makes.
    for (const name of ['site2-Notes', 'other-BktRWPlc', 'site2-BktRWPlc-copy']) await policy(name);
    const inUse = await policy('site2-BktROPlc');
    await t.iam.createGroup(t.account, 'site2-BktROGrp', '/s3-api/site2/');
    await t.iam.attachGroupPolicy(t.account, 'site2-BktROGrp', inUse.Arn);
    await t.iam.detachGroupPolicy(t.account, 'site2-BktAdmGrp', `arn:aws:iam::${t.account.id}:policy/s3-api/site2/site2-BktAdmPlc`);
    // A group of no kind the service makes has no policy of its own to be given back.
    await t.iam.createGroup(t.account, 'site2-Auditors', '/s3-api/site2/');
    t.afterGrace();
    await policy('site2-Pfx1-BktRWPlc');
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ errors: 0 });
    expect((await t.under('site2')).policies).toEqual([
      'other-BktRWPlc',
      'site2-BktAdmPlc',
      'site2-BktROPlc',
      'site2-BktRWPlc-copy',
      'site2-Notes',
      'site2-Pfx1-BktRWPlc',
    ]);
    // The admin group had lost its own policy: given back.
    expect((await t.iam.listAttachedGroupPolicies(t.account, 'site2-BktAdmGrp')).map((p) => p.PolicyName)).toEqual(['site2-BktAdmPlc']);
    expect(await t.metric('removed')).toEqual([
      { labels: { account: 'test', kind: 'policy' }, value: 1 },
      { labels: { account: 'test', kind: 'group-policy' }, value: 1 },
    ]);
  });

  it('leaves users, groups and policies under IAM paths that are no bucket of the service', async () => {
    const t = onSandbox();
    await t.iam.createUser(t.account, { name: 'at-root', path: '/s3-api/', tags: [] });
    await t.iam.createUser(t.account, { name: 'nested', path: '/s3-api/a/b/', tags: [] });
    await t.iam.createGroup(t.account, 'a-BktRWGrp', '/s3-api/a/b/');
    await t.iam.createPolicy(t.account, { name: 'a-BktRWPlc', path: '/s3-api/a/b/', document: denyAll, description: 'd' });
    t.afterGrace();
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0, errors: 0, complete: true });
    expect(await t.users()).toEqual(['at-root', 'nested']);
    // Not even looked at: no bucket's name is asked about.
    expect(t.sandbox.calls.since(mark).filter((c) => c.service !== 'cloudfront' && !c.operation.startsWith('List'))).toEqual([]);
  });

  it('removes a retag lock and a key reset lock once older than the grace period; a younger one stays', async () => {
    const t = onSandbox();
    await t.liveBucket('site3');
    await t.leftUser('holder', 'site3');
    await t.iam.addUserToGroup(t.account, 'holder', 'site3-BktAdmGrp');
    await t.access.lockTags(t.account, 'site3', 'retag-1');
    await t.access.lockKeys(t.account, 'site3', 'holder', 'reset-1');
    t.afterGrace();
    await t.liveBucket('site4');
    await t.leftUser('holder4', 'site4');
    await t.access.lockTags(t.account, 'site4', 'retag-2');
    await t.access.lockKeys(t.account, 'site4', 'holder4', 'reset-2');
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 2, removed: 2, errors: 0 });
    expect((await t.under('site3')).policies).toEqual(['site3-BktAdmPlc']);
    expect((await t.under('site4')).policies).toEqual(['holder4-KeyResetLock', 'site4-BktAdmPlc', 'site4-TagsLock']);
  });

  it("resolves a cut-off key reset: the keys made after the lock's second go, the user's own stay, and keys of a user not of the bucket are not touched", async () => {
    const t = onSandbox();
    await t.liveBucket('site5');
    for (const name of ['holder', 'named', 'finished']) {
      await t.leftUser(name, 'site5');
      await t.iam.addUserToGroup(t.account, name, 'site5-BktAdmGrp');
    }
    // Not the bucket's user: the lock of a reset it refused, which could not remove it.
    await t.iam.createUser(t.account, { name: 'stranger', path: '/', tags: [] });
    const own = await t.iam.createAccessKey(t.account, 'holder');
    const namedOwn = await t.iam.createAccessKey(t.account, 'named');
    const strangerOwn = await t.iam.createAccessKey(t.account, 'stranger');
    await t.access.lockKeys(t.account, 'site5', 'holder', 'reset-1');
    await t.access.lockKeys(t.account, 'site5', 'named', 'reset-2', { oldKeys: [namedOwn.AccessKeyId] });
    await t.access.lockKeys(t.account, 'site5', 'stranger', 'reset-3');
    // A reset that deleted the user's own key and was cut off before it unlocked: the new key is the user's now.
    const finishedOwn = await t.iam.createAccessKey(t.account, 'finished');
    await t.access.lockKeys(t.account, 'site5', 'finished', 'reset-4');
    // A lock whose user is gone meanwhile.
    await t.access.lockKeys(t.account, 'site5', 'ghost', 'reset-5');
    // In the lock's second, but not among the keys it names: the reset's.
    await t.iam.createAccessKey(t.account, 'named');
    t.clock.advance(1000);
    await t.iam.createAccessKey(t.account, 'holder');
    await t.iam.createAccessKey(t.account, 'stranger');
    const finishedNew = await t.iam.createAccessKey(t.account, 'finished');
    await t.iam.deleteAccessKey(t.account, 'finished', finishedOwn.AccessKeyId);
    t.afterGrace();
    const keys = async (user: string) => (await t.iam.listAccessKeys(t.account, user)).map((k) => k.AccessKeyId);
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ errors: 0 });
    expect(await keys('holder')).toEqual([own.AccessKeyId]);
    expect(await keys('named')).toEqual([namedOwn.AccessKeyId]);
    expect(await keys('stranger')).toHaveLength(2);
    expect(await keys('stranger')).toContain(strangerOwn.AccessKeyId);
    expect(await keys('finished')).toEqual([finishedNew.AccessKeyId]);
    expect((await t.under('site5')).policies).toEqual(['site5-BktAdmPlc']);
  });

  it("removes what is under the name of another account's bucket: the name is not this account's", async () => {
    const t = onSandbox();
    await t.s3.createBucket(t.other, 'theirs', t.other.region);
    await t.leftUser('left', 'theirs');
    t.afterGrace();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 1, removed: 1, errors: 0 });
    expect(await t.users()).toEqual([]);
  });

  it("decides nothing about a name whose bucket is this account's but out of its reach: S3 answers it 403, as another account's", async () => {
    const t = onSandbox();
    const saga = new Saga();
    const claim = await t.access.claimName(saga, t.account, 'locked', false, 'create-locked');
    t.clock.advance(1000);
    await t.s3.createBucket(t.account, 'locked', t.account.region);
    await (await t.access.planBucketAccess(t.account, 'locked')).make(saga, claim!);
    t.sandbox.setBucketPolicy(t.account.id, 'locked', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::locked' }],
    });
    t.afterGrace();
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0, errors: 0 });
    expect(
      t.sandbox.calls
        .since(mark)
        .filter((c) => c.operation === 'HeadBucket')
        .map((c) => c.outcome),
    ).toEqual(['error']);
    expect(await t.under('locked')).toEqual({ users: [], groups: ['locked-BktAdmGrp'], policies: ['locked-BktAdmPlc'] });
    expect(t.sandbox.hasBucket('locked')).toBe(true);
  });

  it('in an account of the tags model: releases an old claim whose bucket never came, keeps a young one and a live name, and a user whose create attached its policies', async () => {
    const t = onSandbox({ accessModel: 'tags' });
    await t.s3.createBucket(t.account, claimsBucketName(t.account.id), t.account.region);
    await t.liveBucket('site6');
    // 'misfiled' has its policies, but is tagged as another bucket's user: not one of site6's.
    for (const [name, bucket] of [
      ['whole', 'site6'],
      ['half', 'site6'],
      ['misfiled', 'site7'],
    ] as const) {
      await t.leftUser(name, 'site6');
      await t.iam.tagUser(t.account, name, [{ Key: USER_SCOPE_TAGS.bucket, Value: bucket }]);
    }
    const shared = await t.iam.createPolicy(t.account, { name: 's3-api-PathROPlc-x', path: '/s3-api/', document: denyAll, description: 'd' });
    await t.iam.attachUserPolicy(t.account, 'whole', shared.Arn);
    await t.iam.attachUserPolicy(t.account, 'misfiled', shared.Arn);
    for (const name of ['never', 'never2']) await t.access.claimName(new Saga(), t.account, name, false, `create-${name}`);
    t.afterGrace();
    await t.access.claimName(new Saga(), t.account, 'young', false, 'create-young');
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 4, removed: 4, errors: 0, complete: true });
    const claims = await t.s3.listObjects(t.account, claimsBucketName(t.account.id), { prefix: 'claims/', maxKeys: 100 });
    expect(claims.items.map((o) => o.key)).toEqual(['claims/site6', 'claims/young']);
    expect(await t.users()).toEqual(['whole']);
    expect(await t.exists('site6')).toBe(true);
  });
});

describe("what the reconciler removes of a website's CloudFront and Route 53 parts, and what it leaves alone", () => {
  it('disables the distribution of a website that never came to be, with its DNS aliases; once deployed, deletes it and its function', async () => {
    const t = onSandbox();
    const d = await distributionOf(t, `gone.${DOMAIN}`);
    t.clock.advance(HOUR);
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ errors: 0 });
    expect(await state(t, d, `gone.${DOMAIN}`)).toEqual({ distribution: 'disabled', function: 'kept', records: 0 });
    // Its alias released: the name can be made a website again.
    expect((await t.cloudFront.getDistribution(t.account, d.Id))?.distribution.DistributionConfig.Aliases.Quantity).toBe(0);
    t.clock.advance(HOUR);
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ errors: 0 });
    expect(await state(t, d, `gone.${DOMAIN}`)).toEqual({ distribution: 'gone', function: 'gone', records: 0 });
    expect(await t.metric('removed')).toEqual([
      { labels: { account: 'test', kind: 'record' }, value: 1 },
      { labels: { account: 'test', kind: 'enabled-distribution' }, value: 1 },
      { labels: { account: 'test', kind: 'distribution' }, value: 1 },
    ]);
  });

  it("keeps a live website's distribution, enabled or disabled; a young one; and ones not the service's or not this organisation's", async () => {
    const t = onSandbox();
    const live = await distributionOf(t, `live.${DOMAIN}`);
    await t.s3.createBucket(t.account, `live.${DOMAIN}`, t.account.region);
    await t.s3.putBucketTags(t.account, `live.${DOMAIN}`, [...serviceTags, { Key: DISTRIBUTION_ID_TAG, Value: live.Id }]);
    const disabledLive = await distributionOf(t, `paused.${DOMAIN}`);
    await t.s3.createBucket(t.account, `paused.${DOMAIN}`, t.account.region);
    await t.s3.putBucketTags(t.account, `paused.${DOMAIN}`, [...serviceTags, { Key: DISTRIBUTION_ID_TAG, Value: disabledLive.Id }]);
    await t.cloudFront.disableDistribution(t.account, disabledLive.Id);
    const foreign = await distributionOf(t, `foreign.${DOMAIN}`, { tags: [{ Key: WEBSITE_TAG, Value: `foreign.${DOMAIN}` }, serviceTags[1]!] });
    const otherOrg = await distributionOf(t, `other-org.${DOMAIN}`, {
      tags: [serviceTags[0]!, { Key: ORG_TAG, Value: 'elsewhere' }, { Key: WEBSITE_TAG, Value: `other-org.${DOMAIN}` }],
    });
    const unnamed = await distributionOf(t, `unnamed.${DOMAIN}`, { tags: serviceTags });
    t.clock.advance(HOUR);
    const young = await distributionOf(t, `young.${DOMAIN}`);
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0, errors: 0 });
    for (const [website, d, enabled] of [
      ['live', live, 'enabled'],
      ['paused', disabledLive, 'disabled'],
      ['foreign', foreign, 'enabled'],
      ['other-org', otherOrg, 'enabled'],
      ['unnamed', unnamed, 'enabled'],
      ['young', young, 'enabled'],
    ] as const) {
      expect(await state(t, d, `${website}.${DOMAIN}`), website).toEqual({ distribution: enabled, function: 'kept', records: 2 });
    }
  });

  it("disables a distribution whose website's bucket names another one: the website was made again", async () => {
    const t = onSandbox();
    const old = await distributionOf(t, `again.${DOMAIN}`);
    await t.s3.createBucket(t.account, `again.${DOMAIN}`, t.account.region);
    await t.s3.putBucketTags(t.account, `again.${DOMAIN}`, [...serviceTags, { Key: DISTRIBUTION_ID_TAG, Value: 'E2NEWER' }]);
    // The name's DNS aliases already point at the new distribution: they stay.
    await t.route53.changeAliasRecords(
      t.account,
      t.account.domains[DOMAIN]!.hostedZoneId,
      'UPSERT',
      (['A', 'AAAA'] as const).map((type) => ({ name: `again.${DOMAIN}`, type, target: 'd2newer.cloudfront.net' })),
      'test',
    );
    t.clock.advance(HOUR);
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 1, removed: 1, errors: 0 });
    expect(await state(t, old, `again.${DOMAIN}`)).toEqual({ distribution: 'disabled', function: 'kept', records: 2 });
  });

  it("deletes a function of the service no distribution names once old; keeps a young one, one a distribution names, and one not the service's", async () => {
    const t = onSandbox();
    const named = await distributionOf(t, `kept.${DOMAIN}`);
    await t.s3.createBucket(t.account, `kept.${DOMAIN}`, t.account.region);
    await t.s3.putBucketTags(t.account, `kept.${DOMAIN}`, [...serviceTags, { Key: DISTRIBUTION_ID_TAG, Value: named.Id }]);
    const code = 'function handler(event) { return event.request; }';
    const orphan = await t.origins.createFunction(new Saga(), t.account, `orphan.${DOMAIN}`, code);
    await t.cloudFront.createFunction(t.account, { name: 'someone-elses', comment: 'x', code, tags: [] });
    t.clock.advance(HOUR);
    const young = await t.origins.createFunction(new Saga(), t.account, `young.${DOMAIN}`, code);
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 1, removed: 1, errors: 0 });
    const names = (await t.cloudFront.listFunctions(t.account, undefined, 100)).items.map((f) => f.Name);
    expect(names).not.toContain(orphan.split('/').at(-1));
    expect(names).toEqual(expect.arrayContaining([named.functionName, young.split('/').at(-1), 'someone-elses']));
    expect(await t.metric('removed')).toEqual([{ labels: { account: 'test', kind: 'function' }, value: 1 }]);
  });

  it('deletes a disabled distribution only with budget left for its function too: once it is gone nothing leads to the function any more', async () => {
    const disabledOrphan = async (maxCallsPerRun?: number) => {
      const t = onSandbox(maxCallsPerRun ? { maxCallsPerRun } : {});
      const d = await distributionOf(t, `gone.${DOMAIN}`, { records: false });
      await t.cloudFront.disableDistribution(t.account, d.Id);
      t.clock.advance(HOUR);
      return { t, d };
    };
    // The calls a run makes up to the function's delete, when the budget allows them all.
    const { t: twin } = await disabledOrphan();
    const mark = twin.sandbox.calls.mark();
    await twin.reconciler.runOnce(twin.account);
    const needed = twin.sandbox.calls.since(mark).findIndex((c) => c.operation === 'DeleteFunction') + 1;
    expect(needed).toBeGreaterThan(3);

    const short = await disabledOrphan(needed - 1);
    expect(await short.t.reconciler.runOnce(short.t.account)).toMatchObject({ removed: 0, errors: 0, complete: false });
    expect(await state(short.t, short.d, `gone.${DOMAIN}`)).toMatchObject({ distribution: 'disabled', function: 'kept' });
    const enough = await disabledOrphan(needed);
    expect(await enough.t.reconciler.runOnce(enough.t.account)).toMatchObject({ removed: 1, errors: 0 });
    expect(await state(enough.t, enough.d, `gone.${DOMAIN}`)).toMatchObject({ distribution: 'gone', function: 'gone' });
  });

  it.each([
    ['changed meanwhile (PreconditionFailed)', [{ operation: 'DeleteDistribution', name: 'PreconditionFailed', status: 412 }], 0],
    ['deleted meanwhile (NoSuchDistribution)', [{ operation: 'DeleteDistribution', name: 'NoSuchDistribution', status: 404 }], 0],
    ['enabled again meanwhile (DistributionNotDisabled)', [{ operation: 'DeleteDistribution', name: 'DistributionNotDisabled', status: 409 }], 0],
    [
      'deleted meanwhile, which the policy scoped to its tags answers AccessDenied',
      [
        { operation: 'DeleteDistribution', name: 'AccessDenied', status: 403 },
        { operation: 'ListTagsForResource', name: 'NoSuchResource', status: 404, nth: 2 },
      ],
      0,
    ],
    ['refused while it still exists (AccessDenied)', [{ operation: 'DeleteDistribution', name: 'AccessDenied', status: 403 }], 1],
  ] as const)(
    "when the delete of a disabled distribution finds it %s, counts a failure only when it is not another's doing (%#)",
    async (_, faults, errors) => {
      const t = onSandbox();
      const d = await distributionOf(t, `gone.${DOMAIN}`, { records: false });
      await t.cloudFront.disableDistribution(t.account, d.Id);
      t.clock.advance(HOUR);
      for (const { operation, name, status, ...at } of faults)
        t.sandbox.faults.add({ operation, nth: 'nth' in at ? at.nth : 1, error: { name, httpStatusCode: status } });
      expect(await t.reconciler.runOnce(t.account)).toMatchObject({ removed: 0, errors });
      t.sandbox.faults.clear();
      expect(await t.reconciler.runOnce(t.account)).toMatchObject({ removed: 1, errors: 0 });
      expect(await state(t, d, `gone.${DOMAIN}`)).toEqual({ distribution: 'gone', function: 'gone', records: 0 });
    },
  );

  it('deletes a disabled distribution of a website that never came to be that runs no function', async () => {
    const t = onSandbox();
    const d = await t.cloudFront.createWebsiteDistribution(t.account, {
      callerReference: 'create-plain',
      alias: `plain.${DOMAIN}`,
      origin: { kind: 'website-endpoint', domain: `plain.${DOMAIN}.s3-website-us-east-1.amazonaws.com` },
      indexDocument: 'index.html',
      certificateArn: t.account.domains[DOMAIN]!.certificateArn,
      comment: `plain.${DOMAIN}`,
      tags: systemTags(t.account, [{ Key: WEBSITE_TAG, Value: `plain.${DOMAIN}` }]),
    });
    await t.cloudFront.disableDistribution(t.account, d.Id);
    t.clock.advance(HOUR);
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ removed: 1, errors: 0 });
    expect(await t.cloudFront.getDistribution(t.account, d.Id)).toBeNull();
  });
});

describe('what the reconciler decides, and what it spends, at the edges of its CloudFront work', () => {
  const code = 'function handler(event) { return event.request; }';
  /** The run's calls that name the distribution (its id, or its ARN): none for one it has no business with. */
  const callsAbout = (t: ReturnType<typeof onSandbox>, mark: number, id: string) =>
    t.sandbox.calls.since(mark, (c) => JSON.stringify(c.input).includes(id)).map((c) => c.operation);
  /** An S3 bucket policy that makes S3 answer the account's own HEAD 403, as it answers another account's. */
  const outOfReach = (t: ReturnType<typeof onSandbox>, bucket: string) =>
    t.sandbox.setBucketPolicy(t.account.id, bucket, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` }],
    });

  it("keeps a website's distribution, enabled or disabled, whose bucket is the account's but out of its reach: nothing is decided about it", async () => {
    const t = onSandbox();
    const enabled = await distributionOf(t, `locked.${DOMAIN}`);
    const disabled = await distributionOf(t, `paused.${DOMAIN}`);
    await t.cloudFront.disableDistribution(t.account, disabled.Id);
    for (const [website, d] of [
      [`locked.${DOMAIN}`, enabled],
      [`paused.${DOMAIN}`, disabled],
    ] as const) {
      await t.s3.createBucket(t.account, website, t.account.region);
      await t.s3.putBucketTags(t.account, website, [...serviceTags, { Key: DISTRIBUTION_ID_TAG, Value: d.Id }]);
      outOfReach(t, website);
    }
    t.clock.advance(HOUR);
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0, errors: 0 });
    expect(t.sandbox.calls.since(mark, { operation: 'HeadBucket' }).map((c) => c.outcome)).toEqual(['error', 'error']);
    expect(await state(t, enabled, `locked.${DOMAIN}`)).toEqual({ distribution: 'enabled', function: 'kept', records: 2 });
    expect(await state(t, disabled, `paused.${DOMAIN}`)).toEqual({ distribution: 'disabled', function: 'kept', records: 2 });
  });

  it('leaves a distribution disabled a moment ago, still deploying, to a later run: not found, and no call about it', async () => {
    const t = onSandbox();
    const d = await distributionOf(t, `gone.${DOMAIN}`);
    t.clock.advance(HOUR);
    await t.cloudFront.disableDistribution(t.account, d.Id);
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0, errors: 0 });
    expect(callsAbout(t, mark, d.Id)).toEqual([]);
    expect(await state(t, d, `gone.${DOMAIN}`)).toEqual({ distribution: 'disabled', function: 'kept', records: 2 });
    t.clock.advance(HOUR);
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 2, removed: 2, errors: 0 });
    expect(await state(t, d, `gone.${DOMAIN}`)).toEqual({ distribution: 'gone', function: 'gone', records: 0 });
  });

  it('does not try to delete a disabled distribution another writer changed after the listing (deploying again when read): the next run does', async () => {
    const t = onSandbox();
    const d = await distributionOf(t, `gone.${DOMAIN}`, { records: false });
    await t.cloudFront.disableDistribution(t.account, d.Id);
    t.clock.advance(HOUR);
    // Between the listing and the reconciler's own read, another replica releases its alias.
    t.sandbox.faults.add({ operation: 'GetDistribution', nth: 1, hold: () => t.cloudFront.disableDistribution(t.account, d.Id, { releaseAliases: true }) });
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 1, removed: 0, errors: 0 });
    expect(t.sandbox.calls.since(mark, { operation: 'UpdateDistribution' })).toHaveLength(1);
    expect(t.sandbox.calls.since(mark, { operation: 'DeleteDistribution' })).toEqual([]);
    expect(await state(t, d, `gone.${DOMAIN}`)).toEqual({ distribution: 'disabled', function: 'kept', records: 0 });
    t.clock.advance(HOUR);
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 1, removed: 1, errors: 0 });
    expect(await state(t, d, `gone.${DOMAIN}`)).toEqual({ distribution: 'gone', function: 'gone', records: 0 });
  });

  it('spends no call on a distribution whose comment only looks like a website of a configured domain', async () => {
    const t = onSandbox();
    const d = await t.cloudFront.createWebsiteDistribution(t.account, {
      callerReference: 'another-tool',
      alias: `tool.${DOMAIN}`,
      origin: { kind: 'website-endpoint', domain: `tool.${DOMAIN}.s3-website-us-east-1.amazonaws.com` },
      indexDocument: 'index.html',
      certificateArn: t.account.domains[DOMAIN]!.certificateArn,
      comment: `.${DOMAIN}`,
      tags: [],
    });
    t.clock.advance(HOUR);
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, errors: 0 });
    expect(callsAbout(t, mark, d.Id)).toEqual([]);
    expect(t.sandbox.calls.since(mark, { service: 's3' })).toEqual([]);
  });

  it('keeps a function that a distribution on a later page of the listing names, with no call about the function', async () => {
    const t = onSandbox();
    // Distributions of other sites, more than a page of the listing: where the ones below sort among them is left to their ids.
    t.sandbox.seed(t.account.id, { distributions: 200 });
    const websites = Array.from({ length: 6 }, (_, i) => `site${i}.${DOMAIN}`);
    const functions: string[] = [];
    for (const website of websites) functions.push(await t.origins.createFunction(new Saga(), t.account, website, code));
    t.clock.advance(HOUR);
    // Each function is named by a distribution made since (too young to judge itself).
    const ids: string[] = [];
    for (const [i, website] of websites.entries()) ids.push((await distributionOf(t, website, { functionArn: functions[i]!, records: false })).Id);
    const firstPage = new Set((await t.cloudFront.listDistributions(t.account, undefined, 100)).items.map((d) => d.Id));
    expect(ids.filter((id) => !firstPage.has(id)).length).toBeGreaterThan(0);
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0, errors: 0, complete: true });
    expect(t.sandbox.calls.since(mark, (c) => c.operation.endsWith('Function'))).toEqual([]);
    // Three pages of distributions for their own phase, three more for the functions'.
    expect(t.sandbox.calls.since(mark, { operation: 'ListDistributions' })).toHaveLength(6);
    expect((await t.cloudFront.listFunctions(t.account, undefined, 100)).items.map((f) => f.ARN).sort()).toEqual([...functions].sort());
  });

  it.each([
    ["refused (AccessDenied: the service's policy lets it touch only its own deployment's functions)", { name: 'AccessDenied', httpStatusCode: 403 }, 0],
    ['failing otherwise', { name: 'InvalidArgument', httpStatusCode: 400 }, 1],
  ] as const)('keeps a function no distribution names whose delete is %s, and counts a failure only for the latter', async (_, error, errors) => {
    const t = onSandbox();
    const orphan = await t.origins.createFunction(new Saga(), t.account, `orphan.${DOMAIN}`, code);
    t.clock.advance(HOUR);
    t.sandbox.faults.add({ operation: 'DeleteFunction', error });
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0, errors });
    expect(await t.metric('errors')).toEqual(errors ? [{ labels: { account: 'test' }, value: 1 }] : []);
    expect(logs.warn.mock.calls).toEqual(
      errors ? [[expect.objectContaining({ account: 'test', item: orphan }), 'reconciler could not handle a leftover']] : [],
    );
    expect((await t.cloudFront.listFunctions(t.account, undefined, 100)).items.map((f) => f.ARN)).toEqual([orphan]);
  });

  it("counts a failure to delete the function of a distribution it deleted; the run's pass over functions then removes it", async () => {
    const t = onSandbox();
    const d = await distributionOf(t, `gone.${DOMAIN}`, { records: false });
    await t.cloudFront.disableDistribution(t.account, d.Id);
    t.clock.advance(HOUR);
    t.sandbox.faults.add({ operation: 'DeleteFunction', nth: 1, error: { name: 'InvalidArgument', httpStatusCode: 400 } });
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 2, removed: 1, errors: 1 });
    expect(logs.warn.mock.calls).toEqual([[expect.objectContaining({ account: 'test', item: d.Id }), 'reconciler could not handle a leftover']]);
    expect(await t.metric('removed')).toEqual([{ labels: { account: 'test', kind: 'function' }, value: 1 }]);
    expect(await state(t, d, `gone.${DOMAIN}`)).toEqual({ distribution: 'gone', function: 'gone', records: 0 });
  });

  it("says in its Route 53 change why it removes a website's DNS aliases: what the zone's change history shows an operator", async () => {
    const t = onSandbox();
    const d = await distributionOf(t, `gone.${DOMAIN}`);
    t.clock.advance(HOUR);
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 2, removed: 2, errors: 0 });
    const changes = t.sandbox.calls.since(mark, { operation: 'ChangeResourceRecordSets' }).map((c) => c.input as ChangeResourceRecordSetsRequest);
    expect(changes.map((c) => c.ChangeBatch?.Comment)).toEqual(['Left behind; removed by s3-api']);
    expect(changes[0]!.ChangeBatch?.Changes?.map((c) => [c.Action, c.ResourceRecordSet?.Type, c.ResourceRecordSet?.AliasTarget?.DNSName])).toEqual([
      ['DELETE', 'A', `${d.DomainName}.`],
      ['DELETE', 'AAAA', `${d.DomainName}.`],
    ]);
  });
});

describe('what the reconciler decides, and what it spends, at the edges of its IAM and S3 work', () => {
  it('spends no call on a policy of a live bucket that a group uses, and does not count it found: only an unused one is tried', async () => {
    const t = onSandbox();
    await t.liveBucket('site3');
    const inUse = await t.iam.createPolicy(t.account, { name: 'site3-BktROPlc', path: '/s3-api/site3/', document: denyAll, description: 'd' });
    await t.iam.createGroup(t.account, 'site3-BktROGrp', '/s3-api/site3/');
    await t.iam.attachGroupPolicy(t.account, 'site3-BktROGrp', inUse.Arn);
    t.afterGrace();
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 0, removed: 0, errors: 0 });
    expect(t.sandbox.calls.since(mark, (c) => JSON.stringify(c.input).includes(inUse.Arn)).map((c) => c.operation)).toEqual([]);
  });

  it("keeps a live bucket's user in a group whatever tags it carries besides; removes one a failed create abandoned whatever tags it carries besides", async () => {
    const t = onSandbox();
    await t.liveBucket('site4');
    const team = { Key: 'team', Value: 'web' };
    await t.iam.createUser(t.account, { name: 'member', path: '/s3-api/site4/', tags: [team] });
    await t.iam.createUser(t.account, { name: 'abandoned', path: '/s3-api/site4/', tags: [team, { Key: ABANDONED_TAG, Value: 'create-u' }] });
    for (const name of ['member', 'abandoned']) await t.iam.addUserToGroup(t.account, name, 'site4-BktAdmGrp');
    t.afterGrace();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 1, removed: 1, errors: 0 });
    expect((await t.under('site4')).users).toEqual(['member']);
  });

  it("gives a live bucket's access group back its own policy though it holds another; gives none to the group of a create at work", async () => {
    const t = onSandbox();
    const adminPolicy = (bucket: string) => `arn:aws:iam::${t.account.id}:policy/s3-api/${bucket}/${bucket}-BktAdmPlc`;
    await t.liveBucket('site5');
    await t.iam.detachGroupPolicy(t.account, 'site5-BktAdmGrp', adminPolicy('site5'));
    const extra = await t.iam.createPolicy(t.account, { name: 'operators-extra', path: '/', document: denyAll, description: 'd' });
    await t.iam.attachGroupPolicy(t.account, 'site5-BktAdmGrp', extra.Arn);
    t.afterGrace();
    // A create at work: its group made, its policy not attached yet.
    await t.liveBucket('fresh5', []);
    await t.iam.detachGroupPolicy(t.account, 'fresh5-BktAdmGrp', adminPolicy('fresh5'));
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 1, removed: 1, errors: 0 });
    const attached = async (group: string) => (await t.iam.listAttachedGroupPolicies(t.account, group)).map((p) => p.PolicyName).sort();
    expect(await attached('site5-BktAdmGrp')).toEqual(['operators-extra', 'site5-BktAdmPlc']);
    expect(await attached('fresh5-BktAdmGrp')).toEqual([]);
    expect(await t.metric('removed')).toEqual([{ labels: { account: 'test', kind: 'group-policy' }, value: 1 }]);
  });

  it("keeps a cut-off create's bucket someone has used (a version deleted, an upload under way), and one holding data, without reading any object's tags", async () => {
    const t = onSandbox();
    const clients = createSandboxClients(t.sandbox, t.account.id);
    const cutOff = async (bucket: string, data?: string) => {
      const saga = new Saga();
      const claim = await t.access.claimName(saga, t.account, bucket, true, `create-${bucket}`);
      t.clock.advance(1000);
      await t.s3.createBucket(t.account, bucket, t.account.region);
      await (await t.access.planBucketAccess(t.account, bucket)).make(saga, claim!);
      await t.s3.putObject(t.account, bucket, 'index.html', '<html></html>', { contentType: 'text/html', tags: [PLACEHOLDER_TAG] });
      if (data) await t.s3.putObject(t.account, bucket, data, 'a,b', { contentType: 'text/csv', tags: [] });
    };
    await cutOff('marked');
    await clients.s3.send(new PutBucketVersioningCommand({ Bucket: 'marked', VersioningConfiguration: { Status: 'Enabled' } }));
    await clients.s3.send(new DeleteObjectCommand({ Bucket: 'marked', Key: 'index.html' }));
    await cutOff('uploading');
    await clients.s3.send(new CreateMultipartUploadCommand({ Bucket: 'uploading', Key: 'video.mp4' }));
    await cutOff('with-data', 'data.csv');
    t.afterGrace();
    const mark = t.sandbox.calls.mark();
    expect(await t.reconciler.runOnce(t.account)).toMatchObject({ found: 3, removed: 0, errors: 0 });
    clients.destroy();
    for (const bucket of ['marked', 'uploading', 'with-data']) {
      expect(await t.exists(bucket), bucket).toBe(true);
      expect((await t.under(bucket)).policies, bucket).toContain(`${bucket}-BktAdmPlc`);
    }
    const versions = await t.s3.listObjectVersions(t.account, 'marked', { maxKeys: 100 });
    expect([versions.versions.length, versions.deleteMarkers.length]).toEqual([1, 1]);
    expect(t.sandbox.objectKeys('uploading')).toEqual(['index.html']);
    expect(t.sandbox.calls.since(mark, { operation: 'GetObjectTagging' })).toEqual([]);
  });
});
