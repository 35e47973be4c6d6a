// How long `npm start` takes to serve: seconds from the command to the first answer of
// GET /v1/s3/ping, for each of a few starts in a row (the first may build; the others find nothing
// changed), and whether each one skipped the build. Usage: node test/bench/restart.mjs [port] [starts]
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.argv[2] ?? 18_080);
const starts = Number(process.argv[3] ?? 4);

async function start() {
  const begun = performance.now();
  // A process group of its own, so that npm and the server it started stop together.
  const child = spawn('npm', ['start'], { cwd: root, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/v1/s3/ping`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const seconds = (performance.now() - begun) / 1000;
  process.kill(-child.pid, 'SIGTERM');
  await exited;
  // npm exits before the server it started has drained and closed its port: until the whole group is
  // gone, the next start's first ping could be answered by this one.
  for (;;) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { seconds, skipped: output.includes('build: up to date') };
}

for (let i = 1; i <= starts; i++) {
  const { seconds, skipped } = await start();
  console.log(`start ${i}: /ping answered ${seconds.toFixed(2)} s after npm start (${skipped ? 'build skipped, nothing changed' : 'built'})`);
}
