import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// These run the built server (dist/) as `npm start` does: `npm test` builds first.
const MAIN = join(process.cwd(), 'dist/apps/s3-api/src/main.js');

function run(env: Record<string, string>): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill: (signal: NodeJS.Signals) => void;
  output: () => string;
} {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { done, kill: (signal) => child.kill(signal), output: () => stdout + stderr };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

describe('the server process', () => {
  it('refuses a broken configuration, naming every problem, and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3api-'));
    const path = join(dir, 'config.yaml');
    writeFileSync(path, 'org: acme\nbogus: 1\nserver:\n  port: "x"\naccounts:\n  - name: p\n    id: "1"\n');
    const { code, stderr } = await run({ S3API_CONFIG: path }).done;
    expect(code).toBe(2);
    expect(stderr).toContain('bogus: unknown key');
    expect(stderr).toContain('server.port');
    expect(stderr).toContain('accounts.0.id');
    expect(stderr).toContain('tokens: at least one token is required outside sandbox mode');
  });

  it('starts on the sandbox with no configuration, serves, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const server = run({ PORT: String(port), HOST: '127.0.0.1' });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/v1/s3/ping`)).ok, 15_000);
    expect(await (await fetch(`http://127.0.0.1:${port}/v1/s3/ping`)).text()).toBe('pong');
    await waitFor(async () => server.output().includes('SANDBOX MODE'), 15_000);
    const list = await fetch(`http://127.0.0.1:${port}/v1/s3/sandbox/buckets`, { headers: { 'X-Auth-Token': 'sandbox-token' } });
    expect(list.status).toBe(200);
    server.kill('SIGTERM');
    const { code } = await server.done;
    expect(code).toBe(0);
  });

  it('prints the banner last at start: where to click and which token, with the route table kept at debug', async () => {
    const port = await freePort();
    const server = run({ PORT: String(port), HOST: '0.0.0.0', S3API_PRETTY_LOGS: 'false' });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/v1/s3/ping`)).ok, 15_000);
    // The server answers as soon as it listens, a moment before it logs the banner.
    await waitFor(async () => server.output().includes('SANDBOX MODE'), 15_000);
    const lines = server
      .output()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; level: number });
    // The access log of the requests that waited for the server may come first or last.
    const startup = lines.filter((line) => line.msg !== 'request completed');
    expect(startup.at(-1)?.msg).toMatch(new RegExp(`^SANDBOX MODE.* http://localhost:${port}/v1/s3/docs with the token sandbox-token$`));
    expect(lines.some((line) => line.msg.startsWith('Mapped {'))).toBe(false);
    expect(startup.length).toBeLessThan(10);
    server.kill('SIGTERM');
    await server.done;
  });

  it("writes a request's log line while the server is idle, and the lines still buffered when it stops", async () => {
    const port = await freePort();
    const server = run({ PORT: String(port), HOST: '127.0.0.1', S3API_PRETTY_LOGS: 'false' });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/v1/s3/ping`)).ok, 15_000);
    await waitFor(async () => server.output().includes('SANDBOX MODE'), 15_000);
    const accessLine = (url: string) => (line: string) => line.includes('"request completed"') && line.includes(`"url":"${url}"`);
    const lines = () => server.output().split('\n');
    // One request and no more traffic: its line must not wait for later lines to fill a write.
    expect((await fetch(`http://127.0.0.1:${port}/v1/s3/sandbox/buckets`, { headers: { 'X-Auth-Token': 'sandbox-token' } })).status).toBe(200);
    await waitFor(async () => lines().some(accessLine('/v1/s3/sandbox/buckets')), 15_000);
    // A request answered just before SIGTERM: its line is written on the way out.
    expect((await fetch(`http://127.0.0.1:${port}/v1/s3/sandbox/buckets?limit=1`, { headers: { 'X-Auth-Token': 'sandbox-token' } })).status).toBe(200);
    server.kill('SIGTERM');
    const { code, stdout } = await server.done;
    expect(code).toBe(0);
    expect(stdout.split('\n').some(accessLine('/v1/s3/sandbox/buckets?limit=1'))).toBe(true);
  });

  it('names the configuration file as the source of tokens when it runs on the sandbox', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3api-'));
    const path = join(dir, 'config.yaml');
    writeFileSync(path, 'tokens: [{ name: ci, sha256: 0ffe1abd1a08215353c233d6e009613e95eec4253832a761af28ff37ac5a150c }]\n');
    const port = await freePort();
    const server = run({ PORT: String(port), HOST: '127.0.0.1', S3API_SANDBOX: 'true', S3API_CONFIG: path });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/v1/s3/ping`)).ok, 15_000);
    // The server answers as soon as it listens, a moment before it logs the banner.
    await waitFor(async () => server.output().includes('SANDBOX MODE'), 15_000);
    expect(server.output()).toContain(`with a token whose SHA-256 digest is under tokens in ${path}`);
    expect(server.output()).not.toContain('S3API_TOKEN');
    server.kill('SIGTERM');
    await server.done;
  });
});
