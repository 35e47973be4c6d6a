import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from '../support/test-app.js';

// The built server (`npm run test:reliability` builds first), on a socket, as it runs in production.
const MAIN = join(process.cwd(), 'dist/apps/s3-api/src/main.js');
/** The node flags production runs the server with: those of `npm run start:prod` (the image's CMD is held equal to it). */
const NODE_FLAGS = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod']!.split(/\s+/).filter((a) =>
  a.startsWith('--'),
);
const BODY_TIMEOUT_SECONDS = 2;
/** The attack found: uploads of 1,048,000 bytes (under the 1 MiB limit), every byte but the last. */
const UPLOAD_BYTES = 1_048_000;

interface Upload {
  readonly status: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly answeredMs?: number;
  readonly closedMs: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

/** The server's connections that the client has closed and the server not yet (TCP state CLOSE_WAIT). */
const closingConnections = (port: number): number => {
  const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .filter((line) => line.trim().split(/\s+/)[1]?.endsWith(local) && line.trim().split(/\s+/)[3] === '08').length;
};

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

function uploads(port: number, count: number, token?: string): Promise<Upload[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../support/stalled-uploads.worker.mjs', import.meta.url), {
      workerData: { port, count, length: UPLOAD_BYTES, ...(token ? { token } : {}) },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** Measures something while `during` runs: pings (latency of each) and the server's resident memory (its peak). */
async function measured<T>(
  port: number,
  pid: number,
  during: () => Promise<T>,
): Promise<{ result: T; pings: number[]; failedPings: number; peakRssMb: number }> {
  let done = false;
  const pings: number[] = [];
  let failedPings = 0;
  let peakRssMb = rssMb(pid);
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(pid))), 10);
  const pinger = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/v1/s3/ping`);
      await res.text();
      if (res.ok) pings.push(performance.now() - started);
      else failedPings++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const result = await during();
  done = true;
  await pinger;
  clearInterval(sampler);
  return { result, pings, failedPings, peakRssMb };
}

describe('stalled uploads against the server process', () => {
  let server: ChildProcess;
  let port: number;
  let coldGrowthMb: number;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3api-stalled-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      `sandbox:\n  enabled: true\nserver:\n  headersTimeoutSeconds: ${BODY_TIMEOUT_SECONDS}\n  bodyTimeoutSeconds: ${BODY_TIMEOUT_SECONDS}\n`,
    );
    port = await freePort();
    server = spawn(process.execPath, [...NODE_FLAGS, MAIN], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', S3API_CONFIG: config },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (;;) {
      if (
        await fetch(`http://127.0.0.1:${port}/v1/s3/ping`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Warm up with the same attack as measured below, so that what it costs once (the compilation
    // of its paths, the heap and allocator growing to hold them) is not counted as what each one
    // costs; then let its connections close (they linger a moment after the answer).
    const before = rssMb(server.pid!);
    coldGrowthMb = (await measured(port, server.pid!, () => uploads(port, 600))).peakRssMb - before;
    while (closingConnections(port) > 0) await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 50; i++) await (await fetch(`http://127.0.0.1:${port}/v1/s3/ping`)).text();
  });
  afterAll(() => {
    server.kill('SIGTERM');
  });

  it('answers 600 stalled uploads without a token with 401 at once, without holding their bodies; /ping keeps answering', async () => {
    const baselineRssMb = rssMb(server.pid!);
    const { result, pings, failedPings, peakRssMb } = await measured(port, server.pid!, () => uploads(port, 600));
    const answered = result.map((u) => u.answeredMs ?? Infinity);
    console.log(
      [
        '600 stalled uploads without a token:',
        `  401 answered: max ${Math.max(...answered).toFixed(0)} ms, p99 ${percentile(answered, 99).toFixed(0)} ms (goal: each within 1,000 ms: ${verdict(Math.max(...answered) < 1000)})`,
        `  resident memory: ${baselineRssMb.toFixed(1)} MB before, ${peakRssMb.toFixed(1)} MB at the peak, growth ${(peakRssMb - baselineRssMb).toFixed(1)} MB (goal: < 20 MB: ${verdict(peakRssMb - baselineRssMb < 20)}); the first 600 on a fresh server: ${coldGrowthMb.toFixed(1)} MB`,
        `  /ping meanwhile: ${pings.length} answered, p50 ${percentile(pings, 50).toFixed(1)} ms, p99 ${percentile(pings, 99).toFixed(1)} ms, max ${Math.max(...pings).toFixed(1)} ms (goal: p99 < 50 ms: ${verdict(percentile(pings, 99) < 50)})`,
      ].join('\n'),
    );
    // None of these bodies ever completes: a server that read them before checking the token could
    // only have answered 408 once the body timeout passed. A 401 shows the token was checked first.
    expect(result.filter((u) => u.status !== 401 || u.code !== 'Unauthorized' || !u.requestId)).toEqual([]);
    // Holding the bodies would take 600 MB; reading and dropping them (Node's way) about 40 MB
    // awaiting the garbage collector.
    expect(peakRssMb - baselineRssMb).toBeLessThan(20);
    expect(failedPings).toBe(0);
    expect(pings.length).toBeGreaterThan(0);
  });

  it('closes 100 stalled uploads with a token once the body timeout passes, with 408; /ping keeps answering', async () => {
    const { result, pings, failedPings, peakRssMb } = await measured(port, server.pid!, () => uploads(port, 100, TOKEN));
    const closed = result.map((u) => u.closedMs);
    console.log(
      [
        `100 stalled uploads with a token (body timeout ${BODY_TIMEOUT_SECONDS} s):`,
        `  closed with 408 after ${Math.min(...closed).toFixed(0)} to ${Math.max(...closed).toFixed(0)} ms; resident memory peak ${peakRssMb.toFixed(1)} MB (the bodies, held until the timeout)`,
        `  /ping meanwhile: ${pings.length} answered, p50 ${percentile(pings, 50).toFixed(1)} ms, p99 ${percentile(pings, 99).toFixed(1)} ms, max ${Math.max(...pings).toFixed(1)} ms (goal: p99 < 50 ms: ${verdict(percentile(pings, 99) < 50)})`,
      ].join('\n'),
    );
    expect(result.filter((u) => u.status !== 408 || u.code !== 'ClientTimeout' || !u.requestId)).toEqual([]);
    // Not before the timeout: these requests are authorised, only too slow.
    expect(Math.min(...closed)).toBeGreaterThanOrEqual(BODY_TIMEOUT_SECONDS * 1000);
    expect(failedPings).toBe(0);
  });
});
