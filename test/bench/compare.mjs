// Two builds of the service side by side: server CPU time per request of one route on each, measured
// in alternation (the order swapped every round), as the ratio of the second to the first per round.
// On a shared machine the load changes from one minute to the next: alternating short rounds puts it
// on both alike, where two runs of `npm run bench` minutes apart compare different loads.
// Usage: node test/bench/compare.mjs <checkout A> <checkout B> [path] [rounds] [seconds per round]
// (each checkout built, e.g. a `git worktree` of the commit before a change, with `npm run build`).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const [first, second, path = '/v1/s3/sandbox/buckets/bench-bucket', rounds = '8', seconds = '3'] = process.argv.slice(2);
if (!first || !second) throw new Error('usage: node test/bench/compare.mjs <checkout A> <checkout B> [path] [rounds] [seconds]');
const TOKEN = 'sandbox-token';
const PINNED = os.cpus().length >= 2 && spawnSync('taskset', ['--version']).status === 0;
const pin = (pid, core) => PINNED && spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
const cpuMicros = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
};
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** A checkout's built server as `npm run start:prod` runs it, with the bench bucket, on core 0. */
async function start(checkout) {
  const port = await freePort();
  const pkg = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8'));
  const child = spawn(process.execPath, pkg.scripts['start:prod'].split(/\s+/).slice(1), {
    cwd: checkout,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', S3API_PRETTY_LOGS: 'false' },
    stdio: 'ignore',
  });
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/v1/s3/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const created = await fetch(`http://127.0.0.1:${port}/v1/s3/sandbox/buckets`, {
    method: 'POST',
    headers: { 'x-auth-token': TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ BucketInput: { Bucket: 'bench-bucket' }, Tags: [{ Key: 'Application', Value: 'bench' }] }),
  });
  if (created.status !== 202) throw new Error(`${checkout}: bench bucket create answered ${created.status}`);
  pin(child.pid, 0);
  return { checkout, port, child };
}

async function cpuPerRequest(server) {
  const before = cpuMicros(server.child.pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${path}`,
    connections: 16,
    duration: Number(seconds),
    headers: { 'x-auth-token': TOKEN },
  });
  if (result.non2xx > 0) throw new Error(`${server.checkout}: ${result.non2xx} non-2xx answers`);
  return (cpuMicros(server.child.pid) - before) / result.requests.total;
}

pin(process.pid, 1);
const a = await start(first);
const b = await start(second);
const ratios = [];
// Round 0 warms both up and is not counted.
for (let round = 0; round <= Number(rounds); round++) {
  const order = round % 2 ? [a, b] : [b, a];
  const cpu = new Map();
  for (const server of order) cpu.set(server, await cpuPerRequest(server));
  if (round === 0) continue;
  ratios.push(cpu.get(b) / cpu.get(a));
  console.log(`round ${round}: A ${cpu.get(a).toFixed(1)} µs/req, B ${cpu.get(b).toFixed(1)} µs/req, B/A ${(cpu.get(b) / cpu.get(a)).toFixed(3)}`);
}
const sorted = [...ratios].sort((x, y) => x - y);
console.log(
  `${path}: B/A CPU per request, median ${sorted[Math.floor(sorted.length / 2)].toFixed(3)}, range ${sorted[0].toFixed(3)} to ${sorted.at(-1).toFixed(3)} (${ratios.length} rounds, load average ${os.loadavg()[0].toFixed(1)})`,
);
for (const server of [a, b]) server.child.kill('SIGTERM');
