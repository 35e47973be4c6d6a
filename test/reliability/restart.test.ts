import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// `npm run test:reliability` builds first, so nothing changed since the last build: each `npm start`
// must go straight to serving. The seconds each took are printed, not asserted (the machine is shared).
// A port nothing listens on: on a fixed one, a server of another checkout on the same machine answered the pings.
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('npm start with nothing changed since the last build', () => {
  it('skips the build and answers /ping, twice in a row', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['test/bench/restart.mjs', String(await freePort()), '2'], { timeout: 110_000 });
    console.log(stdout.trim());
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^start \d: \/ping answered [\d.]+ s after npm start \(build skipped, nothing changed\)$/);
  });
});
