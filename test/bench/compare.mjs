// Two builds of the service side by side: server CPU time per request of one route on each, measured
// in alternation (the order swapped every round), as the ratio of the second to the first per round.
// On a shared machine the load changes from one minute to the next: alternating short rounds puts it
// on both alike, where two runs of `npm run bench` minutes apart compare different loads.
// Usage: node test/bench/compare.mjs <checkout A> <checkout B> [path] [rounds] [seconds per round]
// (each checkout built, e.g. a `git worktree` of the commit before a change, with `npm run build`).
// B may instead be `sdk` (checkout A's bare route making the SDK calls of a bucket show, as in
// `npm run bench`, under V8's defaults), `sdk-flags` (the same under A's node flags) or `sdk-service`
// (the same under A's node flags, through A's own AWS client: its AwsClientFactory's S3 client): the
// path is then the bucket show's, and B/A below 1 means the service costs more than the bare route.
// COMPARE_TRACE_GC=1 runs both with `--trace-gc-nvp` and reports, per round, their collections per
// 10,000 requests (scavenges, mark-compacts), what they allocate and promote per request, the
// collector's time on the main thread per request (scavenge pauses; mark-compact pauses and
// incremental marking steps) and the CPU time of V8's worker threads per request (parallel
// scavenging, concurrent marking and sweeping, and background compilation), which a CPU profile of
// the main thread does not see.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const [first, second, path = '/v1/s3/sandbox/buckets/bench-bucket', rounds = '8', seconds = '3'] = process.argv.slice(2);
if (!first || !second) throw new Error('usage: node test/bench/compare.mjs <checkout A> <checkout B> [path] [rounds] [seconds]');
const TOKEN = 'sandbox-token';
const PINNED = os.cpus().length >= 2 && spawnSync('taskset', ['--version']).status === 0;
const pin = (pid, core) => PINNED && spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
const TRACE_GC = process.env.COMPARE_TRACE_GC === '1';
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

/** With COMPARE_TRACE_GC, sums the collections V8 traces on the child's stdout (`--trace-gc-nvp`). */
function followGc(child) {
  const gc = { s: 0, mc: 0, allocated: 0, promoted: 0, scavengeMs: 0, markMs: 0 };
  if (!TRACE_GC) return gc;
  const field = (line, name) => Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const kind = / gc=(\w+) /.exec(line)?.[1];
    if (!kind) return;
    gc[kind === 's' ? 's' : 'mc'] += 1;
    gc.allocated += field(line, 'allocated');
    gc.promoted += field(line, 'promoted');
    if (kind === 's') gc.scavengeMs += field(line, 'pause');
    else gc.markMs += field(line, 'pause') + field(line, 'incremental');
  });
  return gc;
}

/** CPU time in µs of a process's V8 worker threads (the collector's helpers and background compilation). */
const workerMicros = (pid) => {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('V8Worker')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return total;
};
const traceFlags = TRACE_GC ? ['--trace-gc-nvp'] : [];

/** A checkout's `npm run start:prod` arguments: its node flags, then its script. */
const serverArgs = (checkout) =>
  JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8'))
    .scripts['start:prod'].split(/\s+/)
    .slice(1);

/** Checkout A's bare SDK route (test/bench/sdk-server.mjs) with the calls of A's bucket show, on core 0. */
async function startBareRoute(checkout, nodeFlags, sdkClient) {
  const shown = spawnSync(process.execPath, [join(checkout, 'test/bench/run.mjs')], { cwd: checkout, env: { ...process.env, BENCH_ONLY: 'show-calls' } });
  if (shown.status !== 0) throw new Error(`the calls of a bucket show: ${shown.stderr}`);
  const { setup, show } = JSON.parse(shown.stdout).figures;
  const port = await freePort();
  const child = spawn(process.execPath, [...traceFlags, ...nodeFlags, join(checkout, 'test/bench/sdk-server.mjs')], {
    cwd: checkout,
    env: { PATH: process.env.PATH, PORT: String(port), SHOW_CALLS: JSON.stringify(show), SETUP_CALLS: JSON.stringify(setup), SDK_CLIENT: sdkClient },
    stdio: ['ignore', TRACE_GC ? 'pipe' : 'ignore', 'inherit', 'ipc'],
  });
  const gc = followGc(child);
  await new Promise((resolve) => child.once('message', resolve));
  pin(child.pid, 0);
  return {
    checkout: `${checkout} (bare route${sdkClient === 'service' ? ", the service's AWS client" : ''}${nodeFlags.length > 0 ? `, ${nodeFlags.join(' ')}` : ''})`,
    port,
    child,
    gc,
  };
}

/** A checkout's built server as `npm run start:prod` runs it, with the bench bucket, on core 0. */
async function start(checkout) {
  const port = await freePort();
  const child = spawn(process.execPath, [...traceFlags, ...serverArgs(checkout)], {
    cwd: checkout,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', S3API_PRETTY_LOGS: 'false' },
    stdio: ['ignore', TRACE_GC ? 'pipe' : 'ignore', 'ignore'],
  });
  const gc = followGc(child);
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
  return { checkout, port, child, gc };
}

async function cpuPerRequest(server) {
  const before = cpuMicros(server.child.pid);
  const workersBefore = TRACE_GC ? workerMicros(server.child.pid) : 0;
  const gcBefore = { ...server.gc };
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${path}`,
    connections: 16,
    duration: Number(seconds),
    headers: { 'x-auth-token': TOKEN },
  });
  if (result.non2xx > 0) throw new Error(`${server.checkout}: ${result.non2xx} non-2xx answers`);
  const n = result.requests.total;
  const gc = `${(((server.gc.s - gcBefore.s) * 10_000) / n).toFixed(0)} scavenges and ${(((server.gc.mc - gcBefore.mc) * 10_000) / n).toFixed(1)} mark-compacts per 10,000, ${((server.gc.allocated - gcBefore.allocated) / n / 1024).toFixed(1)} KB allocated and ${((server.gc.promoted - gcBefore.promoted) / n / 1024).toFixed(1)} KB promoted per request, collector ${(((server.gc.scavengeMs - gcBefore.scavengeMs) * 1000) / n).toFixed(1)} µs in scavenges and ${(((server.gc.markMs - gcBefore.markMs) * 1000) / n).toFixed(1)} µs in mark-compacts on the main thread, V8 worker threads ${TRACE_GC ? ((workerMicros(server.child.pid) - workersBefore) / n).toFixed(1) : '-'} µs per request`;
  return { cpu: (cpuMicros(server.child.pid) - before) / n, rps: result.requests.average, gc };
}

pin(process.pid, 1);
const a = await start(first);
const bareRoutes = {
  sdk: [[], 'no-logger'],
  'sdk-flags': [serverArgs(first).slice(0, -1), 'no-logger'],
  'sdk-service': [serverArgs(first).slice(0, -1), 'service'],
};
const b = Object.hasOwn(bareRoutes, second) ? await startBareRoute(first, ...bareRoutes[second]) : await start(second);
const ratios = [];
const rpsRatios = [];
// Round 0 warms both up and is not counted.
for (let round = 0; round <= Number(rounds); round++) {
  const order = round % 2 ? [a, b] : [b, a];
  const measured = new Map();
  for (const server of order) measured.set(server, await cpuPerRequest(server));
  if (round === 0) continue;
  const [ma, mb] = [measured.get(a), measured.get(b)];
  if (TRACE_GC) console.log(`round ${round}: A ${ma.gc}; B ${mb.gc}`);
  ratios.push(mb.cpu / ma.cpu);
  rpsRatios.push(mb.rps / ma.rps);
  console.log(
    `round ${round}: A ${ma.cpu.toFixed(1)} µs/req ${ma.rps.toFixed(0)} req/s, B ${mb.cpu.toFixed(1)} µs/req ${mb.rps.toFixed(0)} req/s, B/A CPU ${(mb.cpu / ma.cpu).toFixed(3)}`,
  );
}
const summary = (xs) => {
  const sorted = [...xs].sort((x, y) => x - y);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(3)}, range ${sorted[0].toFixed(3)} to ${sorted.at(-1).toFixed(3)}`;
};
console.log(`A: ${a.checkout}\nB: ${b.checkout}`);
console.log(
  `${path}: B/A CPU per request, ${summary(ratios)}; B/A req/s, ${summary(rpsRatios)} (${ratios.length} rounds, load average ${os.loadavg()[0].toFixed(1)})`,
);
for (const server of [a, b]) server.child.kill('SIGTERM');
