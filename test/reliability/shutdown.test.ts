import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = join(process.cwd(), 'dist/apps/s3-api/src/main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('graceful shutdown', () => {
  it('lets every in-flight request finish on SIGTERM, refuses new work, and exits 0', async () => {
    const port = await freePort();
    // 150 ms per AWS call: a bucket create is in flight for about half a second.
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', S3API_SANDBOX_LATENCY_MS: '150', S3API_LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const base = `http://127.0.0.1:${port}/v1/s3`;
    for (let i = 0; i < 200; i++) {
      if (
        await fetch(`${base}/ping`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const inFlight = Array.from({ length: 8 }, (_, i) =>
      fetch(`${base}/sandbox/buckets`, {
        method: 'POST',
        headers: { 'x-auth-token': 'sandbox-token', 'content-type': 'application/json' },
        body: JSON.stringify({ BucketInput: { Bucket: `drain-bucket-${i}` } }),
      }).then((r) => r.status),
    );
    // SIGTERM only once the server holds all 8 (its in-flight gauge counts them and the /metrics read itself).
    const inFlightNow = async () => Number(/^s3api_http_requests_in_flight (\d+)$/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0);
    while ((await inFlightNow()) < 9) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    // A new connection while the creates are still draining: refused, or told the server is closing.
    const fresh = await new Promise<string>((resolve) => {
      const req = get({ host: '127.0.0.1', port, path: '/v1/s3/ping', agent: false }, (res) => {
        res.resume();
        resolve(`status ${res.statusCode}`);
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(['ECONNREFUSED', 'ECONNRESET', 'status 503']).toContain(fresh);
    const statuses = await Promise.all(inFlight);
    expect(statuses).toEqual(Array(8).fill(202));
    expect(await exited).toBe(0);
  });
});
