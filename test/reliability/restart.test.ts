import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// `npm run test:reliability` builds first, so nothing changed since the last build: each `npm start`
// must go straight to serving. The seconds each took are printed, not asserted (the machine is shared).
describe('npm start with nothing changed since the last build', () => {
  it('skips the build and answers /ping, twice in a row', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['test/bench/restart.mjs', '18191', '2'], { timeout: 110_000 });
    console.log(stdout.trim());
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^start \d: \/ping answered [\d.]+ s after npm start \(build skipped, nothing changed\)$/);
  });
});
