// Mutation testing, one module at a time: `node scripts/mutation.mjs [module ...]` (default: every module
// of stryker.config.mjs); with `--scores`, only the table, from the reports the last runs left. Each module keeps its own incremental report in reports/mutation/, so a run of one
// module neither discards nor redoes another's results; the table at the end scores every module run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODULES } from '../stryker.config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const THRESHOLD = 90;
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const reportOf = (module) => `reports/mutation/${basename(module, '.ts')}.json`;

/** Killed / valid, as Stryker counts it: compile and runtime errors and ignored mutants are not valid. */
function score(module) {
  const report = JSON.parse(readFileSync(new URL(reportOf(module), new URL('..', import.meta.url)), 'utf8'));
  const mutants = Object.values(report.files).flatMap((file) => file.mutants);
  const count = (statuses) => mutants.filter((m) => statuses.has(m.status)).length;
  const detected = count(DETECTED);
  const undetected = count(UNDETECTED);
  const ignored = mutants.filter((m) => m.status === 'Ignored').length;
  const survivors = mutants.filter((m) => UNDETECTED.has(m.status)).map((m) => `${m.location.start.line}:${m.location.start.column} ${m.mutatorName}`);
  return { detected, undetected, ignored, score: detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected), survivors };
}

const onlyScores = process.argv[2] === '--scores';
const args = process.argv.slice(onlyScores ? 3 : 2);
const known = new Map(MODULES.map((module) => [module.path, module]));
const unknown = args.filter((path) => !known.has(path));
if (unknown.length > 0) {
  console.error(`not in stryker.config.mjs: ${unknown.join(', ')}`);
  process.exit(2);
}
const modules = args.length > 0 ? args.map((path) => known.get(path)) : MODULES;
// A test file renamed or removed would silently judge a module by fewer tests: refuse instead.
const missing = modules.flatMap(({ path, tests }) =>
  tests.filter((test) => !existsSync(new URL(test, new URL('..', import.meta.url)))).map((test) => `${path}: ${test}`),
);
if (missing.length > 0) {
  console.error(`test files named in stryker.config.mjs that do not exist:\n${missing.join('\n')}`);
  process.exit(2);
}
const results = [];
for (const { path: module, projects, tests } of modules) {
  if (onlyScores) {
    if (existsSync(new URL(reportOf(module), new URL('..', import.meta.url)))) results.push({ module, ...score(module) });
    else console.error(`no report yet for ${module}`);
    continue;
  }
  // A server module's unit tests kill many mutants in milliseconds, where each end-to-end file boots the
  // app: a first pass with the unit tests alone, then the full one, which reuses every mutant the first
  // killed (Stryker's incremental mode) and runs the rest against every file.
  const unitTests = tests.filter((test) => test.endsWith('.spec.ts'));
  const passes = unitTests.length > 0 && unitTests.length < tests.length ? [{ tests: unitTests, projects: ['unit'] }] : [];
  for (const pass of [...passes, { tests, projects }]) {
    const run = spawnSync('npx', ['stryker', 'run', '--mutate', module, '--incrementalFile', reportOf(module), '--testFiles', pass.tests.join(',')], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MUTATION_PROJECTS: pass.projects.join(',') },
    });
    if (run.status !== 0) {
      console.error(`stryker failed on ${module} (exit ${run.status})`);
      process.exit(run.status ?? 1);
    }
  }
  results.push({ module, ...score(module) });
}

console.log('\nmodule | killed | survived | ignored | score');
console.log('---|---|---|---|---');
for (const r of results) console.log(`${r.module} | ${r.detected} | ${r.undetected} | ${r.ignored} | ${r.score.toFixed(1)}%`);
for (const r of results.filter((r) => r.survivors.length > 0)) console.log(`\n${r.module} survivors: ${r.survivors.join(', ')}`);
const low = results.filter((r) => r.score < THRESHOLD);
if (low.length > 0) {
  console.error(`\nbelow ${THRESHOLD}%: ${low.map((r) => r.module).join(', ')}`);
  process.exit(1);
}
