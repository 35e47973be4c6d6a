// npm run build: the generated files (build info, Swagger metadata), then dist/ by tsc.
// node scripts/build.mjs --if-changed (npm start): nothing when no input of the build changed since
// the last build, so a restart takes seconds, not a minute.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist/.build-inputs');
const entry = join(root, 'dist/apps/s3-api/src/main.js');
// What `npm run generate` and tsc read, besides the sources under apps/ and libs/.
const configFiles = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/generate.mjs', 'scripts/build.mjs'];

/** Every TypeScript source under `dir`, generated files aside (they are the build's own output). */
function sources(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((file) => file.isFile() && file.name.endsWith('.ts'))
    .map((file) => relative(root, join(file.parentPath, file.name)))
    .filter((path) => !path.split('/').includes('generated') && !path.split('/').includes('node_modules'));
}

/** The commit the build info names: a new commit changes GET /version even when no source changed. */
function revision() {
  if (process.env.GIT_HASH) return process.env.GIT_HASH;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** A digest of everything the build reads: equal digests build equal output. */
function inputsDigest() {
  const hash = createHash('sha256');
  for (const path of [...sources('apps'), ...sources('libs'), ...configFiles].sort()) {
    hash
      .update(path)
      .update('\0')
      .update(readFileSync(join(root, path)))
      .update('\0');
  }
  return hash
    .update(revision())
    .update('\0')
    .update(process.env.BUILD_STAMP ?? '')
    .digest('hex');
}

function run(script, args) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const ifChanged = process.argv.includes('--if-changed');
const digest = inputsDigest();
if (ifChanged && existsSync(entry) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  console.log('build: up to date, nothing changed since the last build');
  process.exit(0);
}
rmSync(stamp, { force: true });
run(join(root, 'scripts/generate.mjs'), []);
run(createRequire(import.meta.url).resolve('typescript/bin/tsc'), ['-p', 'tsconfig.build.json']);
writeFileSync(stamp, digest);
