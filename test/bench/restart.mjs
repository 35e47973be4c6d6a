// How long `npm start` takes to serve when nothing changed since the last build: seconds from the
// command to the first answer of GET /v1/s3/ping, for a first start (which may build) and then
// three restarts. Usage: node test/bench/restart.mjs [port]
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.argv[2] ?? 18_080);

async function start() {
  const begun = performance.now();
  // A process group of its own, so that npm and the server it started stop together.
  const child = spawn('npm', ['start'], { cwd: root, env: { ...process.env, PORT: String(port) }, stdio: 'ignore', detached: true });
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
  return seconds;
}

console.log(`first start: ${(await start()).toFixed(2)} s`);
for (let i = 1; i <= 3; i++) console.log(`restart ${i}, nothing changed: ${(await start()).toFixed(2)} s`);
