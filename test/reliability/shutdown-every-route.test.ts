import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsSandbox, ManualClock, type SandboxSnapshot } from '#aws-sandbox';
import { Reconciler } from '../../apps/s3-api/src/reconciler/reconciler.js';
import { drainAndClose } from '../../apps/s3-api/src/shutdown.js';
import { shapeOf } from '../support/fault-sweep.js';
import { toLegacyShape } from '../support/legacy-website.js';
import { API, realisticSandbox, startTestApp, type TestApp, TOKEN } from '../support/test-app.js';

const ACCOUNT_ID = '111111111111';
const DOMAIN = 'sites.example.com';
const SITE = `drain.${DOMAIN}`;
/** Per AWS call while the request under test runs: what is left of it after the held call takes a while. */
const LATENCY_MS = 10;
/** What the sandbox answers a call made by a process that has exited: it never lands. */
const EXITED = { name: 'ProcessExited', message: 'the process that made this call has exited', httpStatusCode: 400 } as const;

interface RouteCase {
  /** From the base (a bucket and a website, each with an admin user), the state the request starts from, made by the helper replica. */
  readonly arrange?: (helper: TestApp, clock: ManualClock) => Promise<void>;
  readonly path: string;
  readonly body?: unknown;
  readonly ok: number;
}

const created = async (res: Promise<{ status: number; text: string }>, status: number): Promise<void> => {
  const answer = await res;
  if (answer.status !== status) throw new Error(`arrange step answered ${answer.status}: ${answer.text}`);
};

/** Every mutating route of the spec, by method and path: a route missing here fails the test. */
const ROUTES: Record<string, RouteCase> = {
  'POST /v1/s3/{account}/buckets': { path: 'sandbox/buckets', body: { BucketInput: { Bucket: 'drain-new' }, Tags: [{ Key: 'team', Value: 'a' }] }, ok: 202 },
  'PUT /v1/s3/{account}/buckets/{bucket}': {
    path: 'sandbox/buckets/drain-bucket',
    body: {
      Tags: [{ Key: 'team', Value: 'b' }],
      BucketPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::drain-bucket/*' },
        ],
      }),
    },
    ok: 200,
  },
  'DELETE /v1/s3/{account}/buckets/{bucket}': { path: 'sandbox/buckets/drain-bucket', ok: 200 },
  'POST /v1/s3/{account}/buckets/{bucket}/adopt': {
    arrange: async (helper) => {
      helper.sandbox.createBucket(ACCOUNT_ID, 'drain-adopt');
      helper.sandbox.addGroup(ACCOUNT_ID, {
        name: 'drain-adopt-BktAdmGrp',
        policy: {
          name: 'drain-adopt-BktAdmPlc',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::drain-adopt/*' }] },
        },
        users: [{ name: 'drain-adopt-admin' }],
      });
    },
    path: 'sandbox/buckets/drain-adopt/adopt',
    ok: 200,
  },
  'POST /v1/s3/{account}/buckets/{bucket}/users': {
    path: 'sandbox/buckets/drain-bucket/users',
    body: { User: { UserName: 'drain-new-writer' }, Groups: ['BktRWGrp'] },
    ok: 200,
  },
  'PUT /v1/s3/{account}/buckets/{bucket}/users/{user}': { path: 'sandbox/buckets/drain-bucket/users/drain-bucket-admin', ok: 200 },
  'DELETE /v1/s3/{account}/buckets/{bucket}/users/{user}': { path: 'sandbox/buckets/drain-bucket/users/drain-bucket-admin', ok: 200 },
  'POST /v1/s3/{account}/websites': {
    path: 'sandbox/websites',
    body: { BucketInput: { Bucket: `drain-new.${DOMAIN}` }, Tags: [{ Key: 'team', Value: 'a' }] },
    ok: 202,
  },
  'PUT /v1/s3/{account}/websites/{website}': { path: `sandbox/websites/${SITE}`, body: { Tags: [{ Key: 'team', Value: 'b' }] }, ok: 200 },
  'PATCH /v1/s3/{account}/websites/{website}': { path: `sandbox/websites/${SITE}`, body: { CacheInvalidation: ['/*'] }, ok: 200 },
  'DELETE /v1/s3/{account}/websites/{website}': { path: `sandbox/websites/${SITE}`, ok: 200 },
  'POST /v1/s3/{account}/websites/{website}/migrate': {
    arrange: async (helper, clock) => {
      const name = `drain-old.${DOMAIN}`;
      const made = await helper.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: name } } });
      await created(Promise.resolve(made), 202);
      await toLegacyShape(helper, name, made);
      clock.advance(10 * 60_000);
    },
    path: `sandbox/websites/drain-old.${DOMAIN}/migrate`,
    ok: 200,
  },
  'POST /v1/s3/{account}/websites/{website}/users': {
    path: `sandbox/websites/${SITE}/users`,
    body: { User: { UserName: 'drain-new-editor', Path: '/docs/' }, Groups: ['BktRWGrp'] },
    ok: 200,
  },
  'PUT /v1/s3/{account}/websites/{website}/users/{user}': { path: `sandbox/websites/${SITE}/users/drain-site-admin`, ok: 200 },
  'DELETE /v1/s3/{account}/websites/{website}/users/{user}': { path: `sandbox/websites/${SITE}/users/drain-site-admin`, ok: 200 },
};

interface Sent {
  /** The client goes away: its socket is destroyed. */
  readonly abort: () => void;
  /** The status the client read, or 'gone' when the connection ended without an answer. */
  readonly answer: Promise<number | 'gone'>;
}

/** A request over a real socket, as a client sends it: only then can it go away half-way. */
function send(port: number, method: string, path: string, body: unknown): Sent {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const req = request({
    host: '127.0.0.1',
    port,
    method,
    path: `${API}/${path}`,
    agent: false,
    headers: { 'x-auth-token': TOKEN, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
  });
  const answer = new Promise<number | 'gone'>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve('gone'));
    });
    req.on('error', () => resolve('gone'));
  });
  req.end(payload);
  return { abort: () => req.destroy(), answer };
}

/** Resolves once the server refuses new work (503, or the connection refused): the shutdown is under way. */
async function refusingNewWork(port: number): Promise<void> {
  for (;;) {
    const status = await send(port, 'GET', 'ping', undefined).answer;
    if (status === 503 || status === 'gone') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves once the server holds no connection: it has seen the client go. */
async function noConnections(app: TestApp): Promise<void> {
  const count = (): Promise<number> => new Promise((resolve) => app.app.getHttpServer().getConnections((_error, n) => resolve(n)));
  while ((await count()) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

const VARIANTS = ['client connected', 'client gone'] as const;

describe('SIGTERM during every mutating route, its client connected or gone', () => {
  let clock: ManualClock;
  let sandbox: AwsSandbox;
  let helper: TestApp;
  let base: SandboxSnapshot;
  let operations: string[];
  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    sandbox = realisticSandbox({ clock, cloudFrontDeployDelayMs: 60_000 });
    helper = await startTestApp({ sandbox, replica: 'helper' });
    const spec = (await helper.request('GET', 'docs/openapi.json', { token: null })).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method, op]) => !['get', 'head'].includes(method) && (op.security ?? []).length > 0)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    // The website comes first: the account's origin access control is made with it and kept.
    await created(helper.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: SITE } } }), 202);
    await created(helper.request('POST', `sandbox/websites/${SITE}/users`, { body: { User: { UserName: 'drain-site-admin' } } }), 200);
    await created(helper.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'drain-bucket' } } }), 202);
    await created(helper.request('POST', 'sandbox/buckets/drain-bucket/users', { body: { User: { UserName: 'drain-bucket-admin' } } }), 200);
    sandbox.settle();
    base = sandbox.snapshot();
  });
  afterAll(() => helper.close());

  it('has a case for every mutating route of the spec, and no other', () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(ROUTES).sort()).toEqual([...operations].sort());
  });

  it('leaves every operation whole or gone once the process has exited, or after one reconciler run', async () => {
    const halfMade: string[] = [];
    let runs = 0;
    let byReconciler = 0;
    for (const [operation, route] of Object.entries(ROUTES)) {
      const method = operation.split(' ')[0]!;
      sandbox.restore(base);
      await route.arrange?.(helper, clock);
      sandbox.settle();
      const start = sandbox.snapshot();
      const shape = (snapshot: SandboxSnapshot): string => JSON.stringify(shapeOf(sandbox.diff(start, snapshot)));

      // The undisturbed run, on a replica of its own: what "whole" looks like, and how many AWS calls it makes.
      const reference = await startTestApp({ sandbox, replica: `reference ${operation}` });
      const mark = sandbox.calls.mark();
      const undisturbed = await reference.request(method as 'POST', route.path, { body: route.body });
      if (undisturbed.status !== route.ok) throw new Error(`${operation}: the undisturbed run answered ${undisturbed.status}: ${undisturbed.text}`);
      const calls = sandbox.calls.since(mark).length;
      const whole = shape(sandbox.snapshot());
      await reference.close();
      const gone = JSON.stringify([]);

      for (const variant of VARIANTS) {
        runs += 1;
        const where = `${operation} (${variant})`;
        sandbox.restore(start);
        // A replica of its own, so that whatever it still tries after its exit is told apart and kept out.
        const a = await startTestApp({ sandbox, replica: where });
        await a.app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = a.app.getHttpServer().address() as AddressInfo;
        // The request is held at its middle AWS call while the client leaves (or not) and the shutdown begins.
        let reached!: () => void;
        const atHold = new Promise<'held'>((resolve) => (reached = () => resolve('held')));
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        sandbox.faults.add({
          caller: where,
          nth: Math.ceil(calls / 2),
          hold: () => {
            reached();
            return released;
          },
        });
        sandbox.setLatency(LATENCY_MS);
        sandbox.settle();
        const sent = send(port, method, route.path, route.body);
        if ((await Promise.race([atHold, sent.answer])) !== 'held') throw new Error(`${where}: the request ended before its middle AWS call`);
        if (variant === 'client gone') {
          sent.abort();
          await noConnections(a);
        }
        const exited = drainAndClose(a.app, a.config.server.drainTimeoutSeconds, a.app.getHttpAdapter().getInstance().log);
        await refusingNewWork(port);
        release();
        const code = await exited;
        // The process has exited: nothing it still tries reaches AWS (counted at the end).
        sandbox.faults.add({ caller: where, error: EXITED });
        const atExit = sandbox.snapshot();
        sandbox.setLatency(0);
        const answer = await sent.answer;

        if (code !== 0) halfMade.push(`${where}: exit code ${code}`);
        if (variant === 'client connected' && answer !== route.ok) halfMade.push(`${where}: the client connected through the drain read ${answer}`);
        if ([whole, gone].includes(shape(atExit))) continue;
        clock.advance((a.config.reconciler.graceSeconds + 60) * 1000);
        const run = await helper.app.get(Reconciler).runOnce('sandbox');
        byReconciler += 1;
        if (!run.complete || ![whole, gone].includes(shape(sandbox.snapshot()))) {
          halfMade.push(`${where}: half-made at the exit and after one reconciler run:\n${sandbox.diff(start, sandbox.snapshot()).toString()}`);
        }
      }
    }
    const late = sandbox.calls.since(0, (call) => call.errorName === EXITED.name).map((call) => `${call.caller}: ${call.operation}`);
    console.log(
      `sigterm: ${runs} runs over ${Object.keys(ROUTES).length} mutating routes, ${halfMade.length} half-made, ${byReconciler} left for the reconciler, ${late.length} AWS calls after an exit`,
    );
    expect(halfMade).toEqual([]);
    expect(late).toEqual([]);
  }, 120_000);
});
