import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, startTestApp, type TestApp } from '../support/test-app.js';

describe('system routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /ping answers pong as text, without a token', async () => {
    const res = await t.request('GET', 'ping', { token: null });
    expect(res.status).toBe(200);
    expect(res.text).toBe('pong');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('GET /version shows the real build: package version, a 40-hex git hash, an ISO build time', async () => {
    const res = await t.request('GET', 'version', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(res.body.gitHash).toMatch(/^[0-9a-f]{40}$/);
    expect(Number.isNaN(Date.parse(res.body.buildStamp))).toBe(false);
  });

  it('GET /metrics has process metrics and the HTTP histogram labelled by route template', async () => {
    await t.request('GET', 'ping', { token: null });
    const res = await t.request('GET', 'metrics', { token: null });
    expect(res.status).toBe(200);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toMatch(/s3api_http_request_duration_seconds_bucket\{[^}]*method="GET"[^}]*route="\/v1\/s3\/ping"[^}]*status="200"/);
  });

  it('health live and ready answer 200', async () => {
    expect((await t.request('GET', 'health/live', { token: null })).status).toBe(200);
    const ready = await t.request('GET', 'health/ready', { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body.details.eventLoop).toMatchObject({ status: 'up' });
  });

  it('GET /metrics has the build, requests in flight, and duration buckets up to the request budget', async () => {
    const res = await t.request('GET', 'metrics', { token: null });
    expect(res.text).toMatch(/^s3api_build_info\{version="\d+\.\d+\.\d+[^"]*",git_hash="[0-9a-f]{40}",build_stamp="[^"]+"\} 1$/m);
    // The scrape itself is the one request in flight.
    expect(res.text).toMatch(/^s3api_http_requests_in_flight 1$/m);
    expect(res.text).toContain(`s3api_http_request_duration_seconds_bucket{le="${t.config.server.requestTimeoutSeconds}"`);
    expect(res.text).not.toMatch(/s3api_http_request_duration_seconds_bucket\{le="(300|600)"/);
  });

  it('serves Swagger UI and the spec as JSON and YAML, publicly', async () => {
    const ui = await t.request('GET', 'docs', { token: null });
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    const json = await t.request('GET', 'docs/openapi.json', { token: null });
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.components.securitySchemes['X-Auth-Token']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
    expect(json.body.info.description).toContain('sandbox-token');
    const yaml = await t.request('GET', 'docs/openapi.yaml', { token: null });
    expect(yaml.status).toBe(200);
    expect(yaml.text).toContain('openapi: 3.');
  });

  it('answers unknown routes with the JSON error body and a request id', async () => {
    const res = await t.request('GET', '/v1/s3/no/such/route/here/really', { token: null });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ Code: 'RouteNotFound', Message: expect.any(String), RequestId: res.headers['x-request-id'] });
  });

  it('answers a body that is not JSON with 400 InvalidJson, another media type with 415, and a too large one with 413', async () => {
    for (const [type, body] of [
      ['application/json', '{bad json'],
      ['application/json', ''],
    ]) {
      const res = await t.request('POST', 'sandbox/buckets', { body, headers: { 'content-type': type } });
      expect(res.status, `${type} ${body}`).toBe(400);
      expect(res.body).toMatchObject({ Code: 'InvalidJson', RequestId: res.headers['x-request-id'] });
    }
    for (const type of ['application/xml', 'application/x-www-form-urlencoded', 'text/plain']) {
      const res = await t.request('POST', 'sandbox/buckets', { body: '{"BucketInput":{"Bucket":"media-type"}}', headers: { 'content-type': type } });
      expect(res.status, type).toBe(415);
      expect(res.body).toMatchObject({
        Code: 'UnsupportedMediaType',
        Message: expect.stringContaining('application/json'),
        RequestId: res.headers['x-request-id'],
      });
    }
    const big = await t.request('POST', 'sandbox/buckets', {
      body: JSON.stringify({ BucketInput: { Bucket: 'a'.repeat(2_000_000) } }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.body.Code).toBe('PayloadTooLarge');
  });

  it('echoes a sane client request id and replaces an unsafe one', async () => {
    const echoed = await t.request('GET', 'ping', { token: null, headers: { 'x-request-id': 'abc-123.DEF' } });
    expect(echoed.headers['x-request-id']).toBe('abc-123.DEF');
    const replaced = await t.request('GET', 'ping', { token: null, headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id on every log line of a request', async () => {
    const before = t.logs.length;
    await t.request('GET', 'ping', { token: null, headers: { 'x-request-id': 'trace-me-42' } });
    const lines = t.logs.slice(before).map((l) => JSON.parse(l) as { requestId?: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.requestId === 'trace-me-42')).toBe(true);
    // One access-log line per request, with the request and its outcome.
    const access = lines.filter((l) => (l as { msg?: string }).msg === 'request completed');
    expect(access).toEqual([
      expect.objectContaining({
        req: expect.objectContaining({ method: 'GET', url: '/v1/s3/ping' }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
  });

  it('puts the request id on the lines services log through Nest during the request', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'logged-delete-bucket' } } })).status).toBe(202);
    const before = t.logs.length;
    const deleted = await t.request('DELETE', 'sandbox/buckets/logged-delete-bucket', { headers: { 'x-request-id': 'trace-the-delete' } });
    expect(deleted.status).toBe(200);
    const lines = t.logs.slice(before).map((l) => JSON.parse(l) as { msg?: string; requestId?: string; context?: string });
    expect(lines.find((l) => l.msg === 'removed the bucket access')).toMatchObject({ requestId: 'trace-the-delete', context: 'AccessService' });
    // A request with a body too: its handler runs after the body was read, in another async context.
    const adopted = await t.request('POST', 'sandbox/buckets/legacy-reports-111111111111/adopt', {
      body: {},
      headers: { 'x-request-id': 'trace-the-adopt' },
    });
    expect(adopted.status).toBe(200);
    const after = t.logs.map((l) => JSON.parse(l) as { msg?: string; requestId?: string });
    expect(after.find((l) => l.msg === 'adopted the IAM older tooling made for a bucket')).toMatchObject({ requestId: 'trace-the-adopt' });
  });

  it('documents the error schema in the spec on every protected operation', async () => {
    const spec = (await t.request('GET', 'docs/openapi.json', { token: null })).body;
    for (const [path, item] of Object.entries<Record<string, any>>(spec.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z0-9]+$/);
        if (op.security?.length) expect(op.responses['401'], `${method} ${path}`).toBeDefined();
        for (const [status, response] of Object.entries<any>(op.responses)) {
          if (Number(status) < 400) continue;
          // A HEAD answer has no body, an error's neither.
          if (method === 'head') {
            expect(response.content, `${method} ${path} ${status}`).toBeUndefined();
            continue;
          }
          const schema = response.content?.['application/json']?.schema;
          expect(schema?.$ref ?? schema?.allOf?.[0]?.$ref, `${method} ${path} ${status}`).toBe('#/components/schemas/ErrorBody');
        }
      }
    }
    expect(spec.paths[`${API}/ping`].get.security).toEqual([]);
  });
});

describe('logProbes: false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ logProbes: false });
  });
  afterAll(() => t.close());

  it('leaves successful probes out of the access log, and only them', async () => {
    for (const path of ['ping', 'health/live', 'health/ready', 'version']) expect((await t.request('GET', path, { token: null })).status).toBe(200);
    const logged = t.logs.map((l) => JSON.parse(l) as { msg?: string; req?: { url: string } }).filter((l) => l.msg === 'request completed');
    expect(logged.map((l) => l.req?.url)).toEqual(['/v1/s3/version']);
  });
});
