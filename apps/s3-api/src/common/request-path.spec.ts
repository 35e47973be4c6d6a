import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Gauge, Histogram, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config.js';
import { Authenticator } from './authenticator.js';
import { installRequestPath } from './request-path.js';
import type { RoutePolicy } from './route-policy.js';

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');
const config = {
  tokens: [
    { name: 'ops', sha256: sha256('ops-token') },
    { name: 'team-a', sha256: sha256('a-token'), accounts: ['prod'] },
  ],
  accounts: [
    { name: 'prod', id: '111111111111' },
    { name: 'dev', id: '222222222222' },
  ],
} as unknown as AppConfig;

const policy = (overrides: Partial<RoutePolicy> = {}): { s3apiPolicy: RoutePolicy } => ({
  s3apiPolicy: { public: false, takesBody: false, action: 'act', probe: false, ...overrides },
});

/** Fastify with the request path and a few routes as Nest would declare them, answering what the handler saw. */
async function server(): Promise<{
  app: FastifyInstance;
  duration: Histogram<'method' | 'route' | 'status'>;
  inFlight: Gauge;
  logs: Record<string, unknown>[];
}> {
  const registry = new Registry();
  const duration = new Histogram({ name: 'duration', help: 'h', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const inFlight = new Gauge({ name: 'in_flight', help: 'h', registers: [registry] });
  const logs: Record<string, unknown>[] = [];
  const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } } });
  installRequestPath(app, { authenticator: new Authenticator(config), duration, inFlight, docsPath: '/docs' });
  const seen = (request: { tokenName?: string; audit?: unknown; body?: unknown }) => ({
    tokenName: request.tokenName ?? null,
    audit: request.audit ?? null,
    body: request.body ?? null,
  });
  app.get('/v1/:account/buckets', { config: policy({ action: 'listBuckets' }) }, async (request) => seen(request));
  app.delete('/v1/:account/buckets/:bucket', { config: policy({ action: 'deleteBucket' }) }, async (request) => seen(request));
  app.post('/v1/:account/buckets', { config: policy({ takesBody: true, action: 'createBucket' }) }, async (request) => seen(request));
  app.get('/v1/ping', { config: policy({ public: true }) }, async (request) => seen(request));
  app.get('/docs', async (request) => seen(request));
  app.get('/docs/spec.json', async (request) => seen(request));
  app.get('/docs/private', { config: policy() }, async (request) => seen(request));
  app.get('/docsearch', async (request) => seen(request));
  await app.ready();
  return { app, duration, inFlight, logs };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const started = async () => {
  const made = await server();
  app = made.app;
  return made;
};

describe('the request path', () => {
  it('answers 404 for a path no route has and 405 with Allow for one that exists with other methods, before any token', async () => {
    const { app } = await started();
    const missing = await app.inject({ method: 'GET', url: '/v1/nothing/here?x=1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ Code: 'RouteNotFound', Message: 'no such route; the API is described at /docs' });
    const wrong = await app.inject({ method: 'PUT', url: '/v1/prod/buckets?x=1' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers['allow']).toBe('GET, HEAD, POST');
    expect(wrong.json()).toMatchObject({ Code: 'MethodNotAllowed', Message: 'PUT is not allowed here; allowed: GET, HEAD, POST' });
  });

  it('refuses a request without a token or with a wrong one (401), and names the token that passed', async () => {
    const { app } = await started();
    for (const headers of [{}, { 'x-auth-token': '' }, { 'x-auth-token': 'nope' }]) {
      const refused = await app.inject({ method: 'GET', url: '/v1/prod/buckets', headers });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ Code: 'Unauthorized' });
    }
    const ok = await app.inject({ method: 'GET', url: '/v1/prod/buckets', headers: { 'x-auth-token': 'ops-token' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ tokenName: 'ops' });
  });

  it('checks the account a token may use: 403 for one it may not, 404 for one nobody configured', async () => {
    const { app } = await started();
    const asA = { 'x-auth-token': 'a-token' };
    expect((await app.inject({ method: 'GET', url: '/v1/prod/buckets', headers: asA })).statusCode).toBe(200);
    const other = await app.inject({ method: 'GET', url: '/v1/dev/buckets', headers: asA });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ Code: 'AccountNotAllowed' });
    const unknown = await app.inject({ method: 'GET', url: '/v1/nowhere/buckets', headers: { 'x-auth-token': 'ops-token' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ Code: 'AccountNotFound' });
  });

  it('serves public routes and the undeclared routes under the docs path without a token, and no other', async () => {
    const { app } = await started();
    for (const url of ['/v1/ping', '/docs', '/docs/spec.json']) {
      const answer = await app.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.json()).toMatchObject({ tokenName: null });
    }
    // A route that declared its policy keeps it, and a path that only starts like the docs is not theirs.
    for (const url of ['/docs/private', '/docsearch']) expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
  });

  it('refuses a body with fields on a route that takes none, before the handler runs; an empty one is no body', async () => {
    const { app } = await started();
    const headers = { 'x-auth-token': 'ops-token', 'content-type': 'application/json' };
    for (const payload of ['{"Force":true}', '[]', '"yes"', '0']) {
      const refused = await app.inject({ method: 'DELETE', url: '/v1/prod/buckets/b1', headers, payload });
      expect(refused.statusCode, payload).toBe(400);
      expect(refused.json()).toMatchObject({
        Code: 'ValidationError',
        Message: 'this route takes no body',
        Details: [{ Field: 'body', Problem: 'this route takes no body' }],
      });
    }
    for (const payload of ['', '{}', 'null']) {
      const accepted = await app.inject({ method: 'DELETE', url: '/v1/prod/buckets/b1', headers, payload });
      expect(accepted.statusCode, payload).toBe(200);
    }
    const created = await app.inject({ method: 'POST', url: '/v1/prod/buckets', headers, payload: '{"Bucket":"b1"}' });
    expect(created.json()).toMatchObject({ body: { Bucket: 'b1' } });
    // Where a route takes a body, an empty one is not JSON.
    expect((await app.inject({ method: 'POST', url: '/v1/prod/buckets', headers, payload: '' })).statusCode).toBe(400);
    expect(
      (await app.inject({ method: 'POST', url: '/v1/prod/buckets', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'x' })).statusCode,
    ).toBe(415);
  });

  it('marks a changing request for the audit trail with its action and target, and a read not at all', async () => {
    const { app } = await started();
    const headers = { 'x-auth-token': 'ops-token' };
    expect((await app.inject({ method: 'DELETE', url: '/v1/prod/buckets/b1', headers })).json()).toMatchObject({
      audit: { action: 'deleteBucket', account: 'prod', resource: 'b1' },
    });
    expect((await app.inject({ method: 'GET', url: '/v1/prod/buckets', headers })).json()).toMatchObject({ audit: null });
  });

  it('writes the audit line of a changing request once it is answered, with its outcome and the token by name; none for a read', async () => {
    const { app, logs } = await started();
    const headers = { 'x-auth-token': 'ops-token' };
    const deleted = await app.inject({ method: 'DELETE', url: '/v1/prod/buckets/b1', headers });
    await app.inject({ method: 'GET', url: '/v1/prod/buckets', headers });
    expect(logs.filter((line) => line['msg'] === 'audit').map((line) => line['audit'])).toEqual([
      {
        action: 'deleteBucket',
        account: 'prod',
        resource: 'b1',
        tokenName: 'ops',
        outcome: 'success',
        status: 200,
        requestId: deleted.headers['x-request-id'],
      },
    ]);
  });

  it('answers every reply with its request id, counts requests by route template and status, and none stays in flight', async () => {
    const { app, duration, inFlight } = await started();
    const answers = await Promise.all([
      app.inject({ method: 'GET', url: '/v1/prod/buckets', headers: { 'x-auth-token': 'ops-token' } }),
      app.inject({ method: 'GET', url: '/v1/prod/buckets' }),
      app.inject({ method: 'GET', url: '/nothing' }),
    ]);
    for (const answer of answers) expect(answer.headers['x-request-id']).toEqual(expect.any(String));
    const counts = (await duration.get()).values
      .filter((v) => v.metricName === 'duration_count')
      .map((v) => `${v.labels['method']} ${v.labels['route']} ${v.labels['status']} ${v.value}`)
      .sort();
    expect(counts).toEqual(['GET /v1/:account/buckets 200 1', 'GET /v1/:account/buckets 401 1', 'GET unmatched 404 1']);
    expect((await inFlight.get()).values[0]?.value).toBe(0);
  });
});
