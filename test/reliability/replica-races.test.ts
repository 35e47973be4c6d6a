import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type SandboxSnapshot } from '#aws-sandbox';
import { realisticSandbox, startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';

const DOMAIN = 'sites.example.com';

/**
 * Ids, secrets and request ids AWS or the service give anew on every run, masked so that two runs of the
 * same requests compare equal.
 */
const VOLATILE: readonly [RegExp, string][] = [
  [/AKIA[A-Z0-9]{16}/g, 'AKIA*'],
  [/\b(AIDA|AGPA|ANPA)[A-Z0-9]{12,}/g, '$1*'],
  [/"SecretAccessKey":"[^"]*"/g, '"SecretAccessKey":*'],
  [/\bE[A-Z0-9]{12,13}\b/g, 'E*'],
  [/\b[a-z0-9]{12,14}\.cloudfront\.net/g, '*.cloudfront.net'],
  // A website's function is named anew by each create.
  [/\bs3-api-[0-9a-f]{32}\b/g, 's3-api-*'],
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '*'],
  // A claim on a name is written with bytes of its own, so that its ETag names that very claim.
  [/(\/object\/claims\/\S+ \{"size":\d+,"etag":)"\\"[0-9a-f]{32}\\""/g, '$1*'],
];
const mask = (text: string): string => VOLATILE.reduce((masked, [re, by]) => masked.replace(re, by), text);

/** Two requests on two replicas of one sandbox, and what a user may see of them. */
interface RacePair {
  readonly name: string;
  /** Brings the sandbox to the state both requests start from (once). */
  readonly arrange?: (a: TestApp) => Promise<void>;
  /** The request sent to replica a, and the one sent to replica b. */
  readonly a: (replica: TestApp) => Promise<TestResponse>;
  readonly b: (replica: TestApp) => Promise<TestResponse>;
  /** What else a user would notice after a trial (a key returned that does not work), undefined when all is well. */
  readonly verify?: (answers: readonly [TestResponse, TestResponse], replica: TestApp) => Promise<string | undefined>;
}

interface PairFigures {
  readonly name: string;
  readonly trials: number;
  readonly aWon: number;
  readonly bWon: number;
  readonly both: number;
  readonly neither: number;
  /** Trials in which the held request never made the held call (it ended sooner). */
  readonly unheld: number;
  /** The error codes the losers answered, with how often. */
  readonly codes: Record<string, number>;
  /** Trials whose end state matches no order of the requests that succeeded: a winner's work was destroyed or a loser's left. */
  readonly destroyed: string[];
  readonly fiveHundreds: string[];
  /** Trials after which an access group of the service's lacks its own policy. */
  readonly groupsWithoutPolicy: string[];
  /** Trials after which a user holds a key no request returned, or a key a create returned does not work. */
  readonly deadKeys: string[];
}

const succeeded = (res: TestResponse): boolean => res.status >= 200 && res.status < 300;

describe('races across two replicas, each made to happen at every AWS call of either request', () => {
  let clock: ManualClock;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const sandbox = realisticSandbox({ clock, cloudFrontDeployDelayMs: 60_000 });
    // The sandbox's account as built in, and one of the tags access model, whose creates claim a name with an S3 object.
    const config = join(mkdtempSync(join(tmpdir(), 's3api-races-')), 'config.yaml');
    const account = (name: string, id: string, extra = '') =>
      `  - { name: ${name}, id: '${id}', domains: { ${DOMAIN}: {} }, accessLog: { bucket: 's3-api-access-logs-{account_id}', prefix: s3 }${extra} }\n`;
    writeFileSync(
      config,
      `sandbox: { enabled: true }\naccounts:\n${account('sandbox', '111111111111')}${account('tagged', '333333333333', ', accessModel: tags')}`,
    );
    a = await startTestApp({ sandbox, replica: 'a', env: { S3API_CONFIG: config } });
    b = await startTestApp({ sandbox, replica: 'b', env: { S3API_CONFIG: config } });
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  const ok = async (promise: Promise<TestResponse>, expected: number): Promise<void> => {
    const res = await promise;
    if (res.status !== expected) throw new Error(`arrange step answered ${res.status}: ${res.text}`);
  };
  const post = (replica: TestApp, path: string, body?: unknown) => replica.request('POST', path, { body, atOnce: true });

  /** What the requests changed, since `base`, as masked text: equal for two runs with the same outcome. */
  const outcome = (base: SandboxSnapshot): string => {
    const after = a.sandbox.snapshot();
    return a.sandbox
      .diff(base, after)
      .entries.map((entry) => mask(`${entry.change} ${entry.path} ${JSON.stringify(after.get(entry.path) ?? null)}`))
      .sort()
      .join('\n');
  };

  /**
   * Runs the pair undisturbed (each alone, and one after the other in both orders), then once per AWS call
   * of each request with that call held until the other request has answered: every interleaving of one
   * request inside the other. The end state must be one of a sequential order's, chosen by the answers:
   * the state of the winner alone when one lost, of an order in which both succeed when both did.
   */
  async function race(pair: RacePair): Promise<PairFigures> {
    const { sandbox } = a;
    await pair.arrange?.(a);
    const base = sandbox.snapshot();
    const run = async (first: 'a' | 'b' | 'ab' | 'ba'): Promise<{ ends: string; answers: TestResponse[]; calls: Record<'a' | 'b', number> }> => {
      sandbox.restore(base);
      sandbox.settle();
      const mark = sandbox.calls.mark();
      const answers: TestResponse[] = [];
      for (const side of first) answers.push(await (side === 'a' ? pair.a(a) : pair.b(b)));
      const calls = sandbox.calls.since(mark);
      return { ends: outcome(base), answers, calls: { a: calls.filter((c) => c.caller === 'a').length, b: calls.filter((c) => c.caller === 'b').length } };
    };
    const alone = { a: await run('a'), b: await run('b') };
    for (const side of ['a', 'b'] as const) {
      // The masks must make two runs of the same request compare equal, or no trial below could pass honestly.
      const again = (await run(side)).ends;
      if (again !== alone[side].ends) {
        const lines = new Set(alone[side].ends.split('\n'));
        const differs = again.split('\n').filter((line) => !lines.has(line));
        throw new Error(`${pair.name}: two runs of ${side} alone end differently (mask what varies):\n${differs.join('\n')}`);
      }
    }
    const [ab, ba] = [await run('ab'), await run('ba')];
    // What may be seen: an order of the two, or one of them refused without a trace, with the answers
    // that order gives; or, where both succeed in an order, the first cut short by the second (a user
    // deleted while its create was at work): the first fails and the state is the order's.
    const inOrder = (r: typeof ab, first: 'a' | 'b') => (first === 'a' ? r.answers : [r.answers[1]!, r.answers[0]!]).map(succeeded);
    const cutShort = (r: typeof ab, first: 'a' | 'b') =>
      r.answers.every(succeeded) ? [{ won: first === 'a' ? [false, true] : [true, false], ends: r.ends }] : [];
    const orders = [
      { won: inOrder(ab, 'a'), ends: ab.ends },
      { won: inOrder(ba, 'b'), ends: ba.ends },
      ...cutShort(ab, 'a'),
      ...cutShort(ba, 'b'),
      { won: [succeeded(alone.a.answers[0]!), false], ends: alone.a.ends },
      { won: [false, succeeded(alone.b.answers[0]!)], ends: alone.b.ends },
      { won: [false, false], ends: '' },
    ];
    const figures = {
      name: pair.name,
      trials: 0,
      aWon: 0,
      bWon: 0,
      both: 0,
      neither: 0,
      unheld: 0,
      codes: {} as Record<string, number>,
      destroyed: [] as string[],
      fiveHundreds: [] as string[],
      groupsWithoutPolicy: [] as string[],
      deadKeys: [] as string[],
    };
    const most = (side: 'a' | 'b'): number => Math.max(...[alone.a, alone.b, ab, ba].map((r) => r.calls[side]));
    // 'a' or 'b': that side's nth call waits until the other side has answered; 'both': each side's nth
    // call waits for the other's, and the two go out together.
    const trials = [
      ...Array.from({ length: most('a') }, (_, i) => ({ held: 'a' as const, nth: i + 1 })),
      ...Array.from({ length: most('b') }, (_, i) => ({ held: 'b' as const, nth: i + 1 })),
      ...Array.from({ length: Math.min(most('a'), most('b')) }, (_, i) => ({ held: 'both' as const, nth: i + 1 })),
    ];
    for (const { held, nth } of trials) {
      sandbox.restore(base);
      sandbox.settle();
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      let arrived = 0;
      const meet = (): Promise<void> => {
        if (++arrived === 2) open();
        return gate;
      };
      for (const side of held === 'both' ? (['a', 'b'] as const) : [held]) sandbox.faults.add({ caller: side, nth, hold: held === 'both' ? meet : () => gate });
      // Whichever side answers first opens the gate: a side never waits for one that has finished.
      const [ra, rb] = await Promise.all([pair.a(a).finally(() => held !== 'a' && open()), pair.b(b).finally(() => held !== 'b' && open())]);
      const fired = sandbox.faults.size === 0;
      sandbox.faults.clear();
      const where = `${pair.name}, ${held} held at call ${nth}: a ${ra.status}, b ${rb.status}`;
      figures.trials++;
      // A request that took a shorter path (it lost early) may never reach its nth call: the other then ran after it, a trial too.
      if (!fired) figures.unheld++;
      for (const res of [ra, rb].filter((r) => !succeeded(r))) {
        const code = `${res.status} ${(res.body as { Code?: string }).Code}`;
        figures.codes[code] = (figures.codes[code] ?? 0) + 1;
      }
      for (const res of [ra, rb]) if (res.status >= 500) figures.fiveHundreds.push(`${where}: ${res.text.slice(0, 200)}`);
      const ends = outcome(base);
      const [wonA, wonB] = [succeeded(ra), succeeded(rb)];
      const expected = orders.filter((order) => order.won[0] === wonA && order.won[1] === wonB).map((order) => order.ends);
      if (wonA && wonB) figures.both++;
      else if (wonA) figures.aWon++;
      else if (wonB) figures.bWon++;
      else figures.neither++;
      if (!expected.includes(ends)) figures.destroyed.push(`${where}: ends as\n${ends}\nnot as\n${expected.join('\n--- or\n')}`);
      const extra = await pair.verify?.([ra, rb], a);
      if (extra) figures.deadKeys.push(`${where}: ${extra}`);
      const bare = groupsWithoutPolicy(sandbox.snapshot());
      if (bare.length > 0) figures.groupsWithoutPolicy.push(`${where}: ${bare.join(', ')}`);
    }
    return figures;
  }

  /** A user a create answered for is, while its bucket stands, one whose key works. */
  const createdKeyWorks =
    (user: string): RacePair['verify'] =>
    async ([created], r) => {
      if (!succeeded(created)) return undefined;
      const bucket = await r.request('GET', user);
      if (bucket.status === 404) return undefined;
      const key = (created.body as { AccessKey: { AccessKeyId: string } }).AccessKey.AccessKeyId;
      const keys = (bucket.body as { AccessKeys?: { AccessKeyId: string; Status: string }[] }).AccessKeys ?? [];
      return keys.some((k) => k.AccessKeyId === key && k.Status === 'Active') ? undefined : `the key ${key} the create returned does not work`;
    };

  const pairs: RacePair[] = [
    {
      name: 'bucket create vs website create of one name',
      a: (r) => post(r, 'sandbox/buckets', { BucketInput: { Bucket: `race.${DOMAIN}` }, Tags: [{ Key: 'team', Value: 'a' }] }),
      b: (r) => post(r, 'sandbox/websites', { BucketInput: { Bucket: `race.${DOMAIN}` }, Tags: [{ Key: 'team', Value: 'b' }] }),
    },
    {
      name: 'bucket create vs website create of one name, tags model (the claim an S3 conditional write)',
      a: (r) => post(r, 'tagged/buckets', { BucketInput: { Bucket: `race-t.${DOMAIN}` }, Tags: [{ Key: 'team', Value: 'a' }] }),
      b: (r) => post(r, 'tagged/websites', { BucketInput: { Bucket: `race-t.${DOMAIN}` }, Tags: [{ Key: 'team', Value: 'b' }] }),
    },
    {
      name: 'user create vs bucket delete, tags model',
      arrange: (r) => ok(r.request('POST', 'tagged/buckets', { body: { BucketInput: { Bucket: 'race-tud' } } }), 202),
      a: (r) => post(r, 'tagged/buckets/race-tud/users', { User: { UserName: 'race-tud-user' } }),
      b: (r) => r.request('DELETE', 'tagged/buckets/race-tud', { atOnce: true }),
      verify: createdKeyWorks('tagged/buckets/race-tud/users/race-tud-user'),
    },
    {
      name: 'user create vs bucket delete',
      arrange: (r) => ok(r.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'race-ud' } } }), 202),
      a: (r) => post(r, 'sandbox/buckets/race-ud/users', { User: { UserName: 'race-ud-user' } }),
      b: (r) => r.request('DELETE', 'sandbox/buckets/race-ud', { atOnce: true }),
      verify: createdKeyWorks('sandbox/buckets/race-ud/users/race-ud-user'),
    },
    {
      name: 'user create vs a delete of the user being made',
      arrange: (r) => ok(r.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'race-uc' } } }), 202),
      a: (r) => post(r, 'sandbox/buckets/race-uc/users', { User: { UserName: 'race-uc-user' } }),
      b: (r) => r.request('DELETE', 'sandbox/buckets/race-uc/users/race-uc-user', { atOnce: true }),
    },
    {
      name: 'user delete vs a create of the same user',
      arrange: async (r) => {
        await ok(r.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'race-uu' } } }), 202);
        await ok(r.request('POST', 'sandbox/buckets/race-uu/users', { body: { User: { UserName: 'race-uu-user' } } }), 200);
      },
      a: (r) => post(r, 'sandbox/buckets/race-uu/users', { User: { UserName: 'race-uu-user' } }),
      b: (r) => r.request('DELETE', 'sandbox/buckets/race-uu/users/race-uu-user', { atOnce: true }),
    },
    {
      name: 'key reset vs key reset',
      arrange: async (r) => {
        await ok(r.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'race-kr' } } }), 202);
        await ok(r.request('POST', 'sandbox/buckets/race-kr/users', { body: { User: { UserName: 'race-kr-user' } } }), 200);
      },
      a: (r) => r.request('PUT', 'sandbox/buckets/race-kr/users/race-kr-user', { atOnce: true }),
      b: (r) => r.request('PUT', 'sandbox/buckets/race-kr/users/race-kr-user', { atOnce: true }),
      verify: async (answers, r) => {
        const details = await r.request('GET', 'sandbox/buckets/race-kr/users/race-kr-user');
        const keys = ((details.body as { AccessKeys?: { AccessKeyId: string }[] }).AccessKeys ?? []).map((k) => k.AccessKeyId);
        const returned = answers.filter(succeeded).map((res) => (res.body as { AccessKey: { AccessKeyId: string } }).AccessKey.AccessKeyId);
        return keys.length === 1 && returned.includes(keys[0]!)
          ? undefined
          : `the user holds ${JSON.stringify(keys)}, the resets returned ${JSON.stringify(returned)}`;
      },
    },
    {
      name: 'website retag vs website retag, 40 tags each',
      arrange: (r) => ok(post(r, 'sandbox/websites', { BucketInput: { Bucket: `retag.${DOMAIN}` }, Tags: tags('old', 40) }), 202),
      a: (r) => r.request('PUT', `sandbox/websites/retag.${DOMAIN}`, { body: { Tags: tags('a', 40) }, atOnce: true }),
      b: (r) => r.request('PUT', `sandbox/websites/retag.${DOMAIN}`, { body: { Tags: tags('b', 40) }, atOnce: true }),
    },
  ];

  it('ten key resets of one user at once, five on each replica: the user holds exactly one key, one a reset returned', async () => {
    const { sandbox } = a;
    await ok(a.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'race-ten' } } }), 202);
    await ok(a.request('POST', 'sandbox/buckets/race-ten/users', { body: { User: { UserName: 'race-ten-user' } } }), 200);
    sandbox.settle();
    // Every reset's first AWS call waits until all ten have made theirs: they all read the keys before any changes them.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let arrived = 0;
    for (const side of ['a', 'b'] as const) {
      sandbox.faults.add({ caller: side, operation: 'ListAccessKeys', times: 5, hold: () => (++arrived === 10 && open(), gate) });
    }
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).request('PUT', 'sandbox/buckets/race-ten/users/race-ten-user', { atOnce: true })),
    );
    sandbox.faults.clear();
    expect(arrived).toBe(10);
    expect(answers.filter((res) => res.status >= 500).map((res) => res.text)).toEqual([]);
    const returned = answers.filter(succeeded).map((res) => (res.body as { AccessKey: { AccessKeyId: string } }).AccessKey.AccessKeyId);
    expect(returned.length).toBeGreaterThan(0);
    const details = await a.request('GET', 'sandbox/buckets/race-ten/users/race-ten-user');
    const keys = ((details.body as { AccessKeys: { AccessKeyId: string }[] }).AccessKeys ?? []).map((k) => k.AccessKeyId);
    expect(keys).toHaveLength(1);
    expect(returned).toContain(keys[0]);
    console.log(`ten concurrent key resets: ${returned.length} answered 200, ${10 - returned.length} 409, the user holds 1 key`);
  });

  it('destroys no winner, returns no dead key, leaves no group without its policy, answers no 5xx', async () => {
    const results: PairFigures[] = [];
    for (const pair of pairs) results.push(await race(pair));
    for (const r of results) {
      console.log(
        `race ${r.name}: ${r.trials} trials (a won ${r.aWon}, b won ${r.bWon}, both ${r.both}, neither ${r.neither}; ${r.unheld} ended before the held call; losers answered ${JSON.stringify(r.codes)}), ` +
          `${r.destroyed.length} destroyed, ${r.fiveHundreds.length} 5xx, ${r.deadKeys.length} dead keys, ${r.groupsWithoutPolicy.length} groups without their policy`,
      );
    }
    const total = results.reduce((sum, r) => sum + r.trials, 0);
    const failures = results.flatMap((r) => [...r.destroyed, ...r.fiveHundreds, ...r.deadKeys, ...r.groupsWithoutPolicy]);
    console.log(`races across two replicas: ${total} trials, ${failures.length} failures`);
    expect(failures).toEqual([]);
    // The loser of a race on one user is told so, and told to repeat.
    expect(results.some((r) => (r.codes['409 ConcurrentChange'] ?? 0) > 0)).toBe(true);
    expect(total).toBeGreaterThanOrEqual(200);
  }, 600_000);
});

/** The service's access groups (`<b>-Bkt…Grp` under `/s3-api/`; older tooling's are not its) in `snapshot` that lack their own policy (`<b>-Bkt…Plc`). */
function groupsWithoutPolicy(snapshot: SandboxSnapshot): string[] {
  const paths = snapshot.paths();
  const bare: string[] = [];
  for (const path of paths) {
    const match = /^(\d+)\/iam\/group\/(.+-Bkt(?:Adm|RW|RO))Grp$/.exec(path);
    if (!match || !(snapshot.get(path) as { path: string }).path.startsWith('/s3-api/')) continue;
    // An attachment is recorded under the policy's ARN, which ends with its name.
    const attached = `${path}/attached-policy/`;
    if (!paths.some((p) => p.startsWith(attached) && p.endsWith(`/${match[2]}Plc`))) bare.push(`${match[2]}Grp`);
  }
  return bare;
}

/** `count` tags whose keys and values all differ from another `prefix`'s. */
function tags(prefix: string, count: number): { Key: string; Value: string }[] {
  return Array.from({ length: count }, (_, i) => ({ Key: `${prefix}-${i}`, Value: `${prefix}${i}` }));
}
