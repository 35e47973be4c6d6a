// Mutation testing of the modules that decide what is safe: who may call, what a route may touch,
// which policies the service writes or accepts, what an error means, what is undone. `npm run
// test:mutation` runs Stryker once per module (scripts/mutation.mjs) and prints a score for each;
// `npx stryker run` runs them all at once against the unit and end-to-end tests.

/**
 * The modules under test, smallest first, and the Vitest projects that judge each one: a library module
 * by its own unit tests, which cover it whole in milliseconds; a module of the server by the unit and the
 * end-to-end tests, since it is the routes that reach it.
 */
export const MODULES = [
  { path: 'libs/aws/src/policies/bucket-policy.validator.ts', projects: ['unit'] },
  { path: 'libs/aws/src/policies/policy.guards.ts', projects: ['unit'] },
  { path: 'libs/aws/src/policies/service-lockout.ts', projects: ['unit'] },
  { path: 'libs/aws/src/policies/bucket.policies.ts', projects: ['unit'] },
  { path: 'libs/common/src/saga/saga.ts', projects: ['unit'] },
  { path: 'libs/aws/src/errors/translate-aws-error.ts', projects: ['unit'] },
  { path: 'apps/s3-api/src/common/authenticator.ts', projects: ['unit', 'e2e'] },
  { path: 'apps/s3-api/src/common/request-path.ts', projects: ['unit', 'e2e'] },
  { path: 'apps/s3-api/src/ownership/ownership.service.ts', projects: ['unit', 'e2e'] },
  { path: 'apps/s3-api/src/access/access.service.ts', projects: ['unit', 'e2e'] },
  { path: 'apps/s3-api/src/users/users.service.ts', projects: ['unit', 'e2e'] },
  { path: 'apps/s3-api/src/websites/websites.service.ts', projects: ['unit', 'e2e'] },
];

export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: MODULES.map((module) => module.path),
  // Each mutant runs only the tests that reached it; mutants in code that runs only while a module
  // loads (its constants) would each need the whole suite, which this machine cannot afford.
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 1,
  // The first run, with coverage, of every test a module's projects hold; on a busy machine it takes long.
  dryRunTimeoutMinutes: 30,
  incremental: true,
  incrementalFile: 'reports/mutation/all.json',
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 90, break: null },
};
