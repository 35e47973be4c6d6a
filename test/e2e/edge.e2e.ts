import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TOKEN, type TestApp } from '../support/test-app.js';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: any;
  /** Everything the server sent before it closed the connection. */
  readonly text: string;
}

/**
 * Writes raw bytes on a fresh connection and reads until the server closes it: every request here
 * expects the server to close (a test whose connection stays open fails by its time limit).
 */
function raw(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = text.slice(0, Math.max(end, 0)).split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      let body: unknown;
      try {
        body = JSON.parse(text.slice(end + 4));
      } catch {
        body = undefined;
      }
      resolve({ status: Number(statusLine?.split(' ')[1]), headers, body, text });
    });
    socket.write(request);
  });
}

const expectErrorBody = (answer: RawAnswer, status: number, code: string): void => {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(answer.body).toEqual({ Code: code, Message: expect.any(String), RequestId: answer.headers['x-request-id'] });
};

describe('the edge, through Fastify', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const ping = await t.request('PUT', 'ping', { token: null });
    expect(ping.status).toBe(405);
    expect(ping.headers.allow).toBe('GET, HEAD');
    expect(ping.body).toEqual({ Code: 'MethodNotAllowed', Message: expect.stringContaining('GET'), RequestId: ping.headers['x-request-id'] });
    const bucket = await t.request('POST', 'sandbox/buckets/some-bucket', { body: {} });
    expect(bucket.status).toBe(405);
    expect(bucket.headers.allow).toBe('GET, HEAD, PUT, DELETE');
  });

  it('answers an unknown path with 404 RouteNotFound pointing at the docs, without a token too', async () => {
    const res = await t.request('POST', 'no/such/route', { token: null, body: { a: 1 } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ Code: 'RouteNotFound', Message: expect.stringContaining('/v1/s3/docs'), RequestId: res.headers['x-request-id'] });
  });

  it('redirects / and /v1/s3 to the docs', async () => {
    for (const path of ['/', '/v1/s3', '/v1/s3/']) {
      const res = await t.request('GET', path, { token: null });
      expect(res.status, path).toBe(302);
      expect(res.headers.location).toBe('/v1/s3/docs');
    }
  });

  it('answers a malformed URL and an over-long path segment with the error body and a request id', async () => {
    const bad = await t.request('GET', 'sandbox/buckets/%zz', { token: null });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ Code: 'BadRequest', Message: expect.stringContaining('URL'), RequestId: bad.headers['x-request-id'] });
    const long = await t.request('GET', `sandbox/buckets/${'a'.repeat(101)}`, { token: null });
    expect(long.status).toBe(414);
    expect(long.body).toEqual({ Code: 'UriTooLong', Message: expect.any(String), RequestId: long.headers['x-request-id'] });
  });

  it('takes an empty JSON body as no body where a route takes none', async () => {
    const res = await t.request('DELETE', 'sandbox/buckets/never-made-bucket', { body: '', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe('BucketNotFound');
  });

  it('checks the token and the account before reading the body: no body error hides a 401, 403 or 404', async () => {
    const body = '{not json';
    const headers = { 'content-type': 'application/json' };
    expect((await t.request('POST', 'sandbox/buckets', { token: null, body, headers })).status).toBe(401);
    expect((await t.request('POST', 'nosuchaccount/buckets', { body, headers })).body.Code).toBe('AccountNotFound');
  });

  it('keeps a token sent in the query string out of the access log, which names the client address', async () => {
    const before = t.logs.length;
    expect((await t.request('GET', `sandbox/buckets?token=${TOKEN}&X-Auth-Token=${TOKEN}&limit=5`)).status).toBe(200);
    const lines = t.logs.slice(before);
    expect(lines.join('\n')).not.toContain(TOKEN);
    const access = lines.map((l) => JSON.parse(l) as { msg: string }).find((l) => l.msg === 'request completed');
    expect(access).toMatchObject({
      req: { method: 'GET', url: '/v1/s3/sandbox/buckets?token=[REDACTED]&X-Auth-Token=[REDACTED]&limit=5', remoteAddress: '127.0.0.1' },
    });
  });

  it('never echoes nor logs a token sent as the request id', async () => {
    const before = t.logs.length;
    const res = await t.request('GET', 'ping', { token: null, headers: { 'x-request-id': TOKEN } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.logs.slice(before).join('\n')).not.toContain(TOKEN);
  });
});

describe('the edge, on a socket', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ server: { headersTimeoutSeconds: 1, bodyTimeoutSeconds: 1, bodyLimitBytes: 4096 } });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => t.close());

  it.each([
    ['headers too large', `GET /v1/s3/ping HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HeadersTooLarge'],
    ['a NUL in a header', 'GET /v1/s3/ping HTTP/1.1\r\nHost: x\r\nX-Odd: a\u0000b\r\n\r\n', 400, 'BadRequest'],
    ['a bare CR in a header', 'GET /v1/s3/ping HTTP/1.1\r\nHost: x\r\nX-Odd: a\rb\r\n\r\n', 400, 'BadRequest'],
    [
      'Transfer-Encoding with Content-Length',
      'POST /v1/s3/sandbox/buckets HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
      'BadRequest',
    ],
    [
      'a bad chunk',
      `POST /v1/s3/sandbox/buckets HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n`,
      400,
      'BadRequest',
    ],
  ])("answers Node's parser errors (%s) with the error body, a request id, and closes", async (_what, request, status, code) => {
    expectErrorBody(await raw(port, request), status, code);
  });

  it('answers an upload without a token with 401 at once, and closes instead of reading the body', async () => {
    const answer = await raw(port, 'POST /v1/s3/sandbox/buckets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"Buck');
    expectErrorBody(answer, 401, 'Unauthorized');
    expect(answer.headers.connection).toBe('close');
  });

  it('reads no more of a refused upload than its first read brought (64 KB), though 1 MB waits on the connection', async () => {
    const server = t.app.getHttpServer() as Server;
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const body = 'a'.repeat(1_048_000);
    const answer = await raw(
      port,
      `POST /v1/s3/sandbox/buckets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 1}\r\n\r\n${body}`,
    );
    expectErrorBody(answer, 401, 'Unauthorized');
    // Node throws away the body of a finished request by reading it: one more read would be 128 KB.
    expect((await accepted).bytesRead).toBeLessThanOrEqual(64 * 1024);
  });

  it('refuses a body larger than the limit from its Content-Length, before it is sent', async () => {
    const answer = await raw(
      port,
      `POST /v1/s3/sandbox/buckets HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`,
    );
    expectErrorBody(answer, 413, 'PayloadTooLarge');
  });

  it('closes an authenticated upload that stalls with 408 once the body timeout passes', async () => {
    const answer = await raw(
      port,
      `POST /v1/s3/sandbox/buckets HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"Buck`,
    );
    expectErrorBody(answer, 408, 'ClientTimeout');
  });

  it('closes a connection that never sends its headers', async () => {
    expectErrorBody(await raw(port, 'GET /v1/s3/ping HTTP/1.1\r\nHost: x\r\n'), 408, 'ClientTimeout');
  });

  it('answers a dot-segment path under the docs with a JSON error', async () => {
    const answer = await raw(port, 'GET /v1/s3/docs/%2e%2e/%2e%2e/package.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body).toEqual({ Code: expect.not.stringMatching(/InvalidJson/), Message: expect.any(String), RequestId: answer.headers['x-request-id'] });
  });
});
