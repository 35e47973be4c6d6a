// Mutation testing of the modules that decide what is safe: who may call, what a route may touch,
// which policies the service writes or accepts, what an error means, what is undone. `npm run
// test:mutation` runs Stryker once per module (scripts/mutation.mjs) and prints a score for each;
// `npx stryker run` runs them all at once against the unit and end-to-end tests.

/** The reconciler's two modules (its runs and its decisions about each leftover) are judged by the same files. */
const RECONCILER_TESTS = [
  'apps/s3-api/src/reconciler/reconciler.spec.ts',
  'test/e2e/websites.e2e.ts',
  'test/e2e/website-migrate.e2e.ts',
  'test/e2e/least-privilege.e2e.ts',
  'test/e2e/users.e2e.ts',
];

/**
 * The modules under test, smallest first; the Vitest projects that judge each one, and in those the test
 * files that exercise it (scripts/mutation.mjs refuses to start if one of them is gone). A library module is
 * judged by its own unit tests, which cover it whole in milliseconds; a module of the server by its unit
 * tests and the end-to-end files whose routes reach it. Each end-to-end file a mutant's tests sit in boots
 * the whole app for that mutant, so a file that only passes through a module (a bucket created on the way
 * to what it tests) is left out: it costs a boot per mutant and decides none.
 */
export const MODULES = [
  { path: 'libs/aws/src/policies/bucket-policy.validator.ts', projects: ['unit'], tests: ['libs/aws/src/policies/bucket-policy.validator.spec.ts'] },
  {
    path: 'libs/aws/src/policies/policy.guards.ts',
    projects: ['unit'],
    tests: ['libs/aws/src/policies/policy.names.spec.ts', 'libs/aws/src/policies/bucket.policies.spec.ts'],
  },
  { path: 'libs/aws/src/policies/service-lockout.ts', projects: ['unit'], tests: ['libs/aws/src/policies/service-lockout.spec.ts'] },
  {
    path: 'libs/aws/src/clients/bucket-regions.ts',
    projects: ['unit'],
    tests: ['libs/aws/src/clients/bucket-regions.spec.ts', 'libs/aws/src/clients/aws-client.factory.spec.ts'],
  },
  {
    path: 'libs/aws/src/clients/resolved-stacks.ts',
    projects: ['unit'],
    tests: ['libs/aws/src/clients/resolved-stacks.spec.ts', 'libs/aws/src/clients/aws-client.factory.spec.ts'],
  },
  { path: 'libs/aws/src/policies/bucket.policies.ts', projects: ['unit'], tests: ['libs/aws/src/policies/bucket.policies.spec.ts'] },
  {
    path: 'libs/common/src/saga/saga.ts',
    projects: ['unit'],
    tests: ['libs/common/src/saga/saga.spec.ts', 'apps/s3-api/src/common/saga-runner.spec.ts', 'apps/s3-api/src/access/access.service.spec.ts'],
  },
  {
    path: 'libs/aws/src/errors/translate-aws-error.ts',
    projects: ['unit'],
    tests: [
      'libs/aws/src/errors/translate-aws-error.spec.ts',
      'libs/aws/src/errors/aws-conditions.spec.ts',
      'libs/aws/src/iam/iam.gateway.spec.ts',
      'libs/aws/src/policies/service.policy.spec.ts',
    ],
  },
  {
    path: 'apps/s3-api/src/common/authenticator.ts',
    projects: ['e2e'],
    tests: [
      'test/e2e/auth.e2e.ts',
      'test/e2e/edge.e2e.ts',
      'test/e2e/least-privilege.e2e.ts',
      'test/e2e/openapi-examples.e2e.ts',
      'test/e2e/system.e2e.ts',
      'test/e2e/websites.e2e.ts',
    ],
  },
  {
    path: 'apps/s3-api/src/common/request-path.ts',
    projects: ['unit', 'e2e'],
    tests: ['apps/s3-api/src/common/request-path.spec.ts', 'test/e2e/auth.e2e.ts', 'test/e2e/edge.e2e.ts', 'test/e2e/system.e2e.ts'],
  },
  {
    path: 'apps/s3-api/src/ownership/ownership.service.ts',
    projects: ['unit', 'e2e'],
    tests: [
      'apps/s3-api/src/ownership/ownership.service.spec.ts',
      'test/e2e/adopt.e2e.ts',
      'test/e2e/aws-quotas.e2e.ts',
      'test/e2e/deny-by-default.e2e.ts',
      'test/e2e/least-privilege.e2e.ts',
      'test/e2e/openapi-examples.e2e.ts',
      'test/e2e/policy-minimality.e2e.ts',
      'test/e2e/website-users.e2e.ts',
      'test/e2e/websites.e2e.ts',
    ],
  },
  {
    path: 'apps/s3-api/src/access/access.service.ts',
    projects: ['unit', 'e2e'],
    tests: [
      'apps/s3-api/src/access/access.service.spec.ts',
      'test/e2e/aws-quotas.e2e.ts',
      'test/e2e/users.e2e.ts',
      'test/e2e/website-users.e2e.ts',
      'test/e2e/websites.e2e.ts',
      'test/e2e/adopt.e2e.ts',
      'test/e2e/policy-minimality.e2e.ts',
      'test/e2e/eventual-consistency.e2e.ts',
    ],
  },
  {
    path: 'apps/s3-api/src/users/users.service.ts',
    projects: ['e2e'],
    tests: [
      'test/e2e/users.e2e.ts',
      'test/e2e/website-users.e2e.ts',
      'test/e2e/eventual-consistency.e2e.ts',
      'test/e2e/policy-minimality.e2e.ts',
      'test/e2e/openapi-examples.e2e.ts',
      'test/e2e/client.e2e.ts',
      'test/e2e/tags-model.e2e.ts',
      'test/e2e/aws-quotas.e2e.ts',
    ],
  },
  {
    path: 'apps/s3-api/src/websites/websites.service.ts',
    projects: ['e2e'],
    tests: [
      'test/e2e/websites.e2e.ts',
      'test/e2e/website-distribution-taken.e2e.ts',
      'test/e2e/website-create.e2e.ts',
      'test/e2e/aws-rules.e2e.ts',
      'test/e2e/website-migrate.e2e.ts',
      'test/e2e/aws-quotas.e2e.ts',
      'test/e2e/versioned-buckets.e2e.ts',
      'test/e2e/policy-minimality.e2e.ts',
      'test/e2e/openapi-examples.e2e.ts',
    ],
  },
  {
    path: 'apps/s3-api/src/reconciler/reconciler.ts',
    projects: ['unit', 'e2e'],
    tests: RECONCILER_TESTS,
  },
  {
    path: 'apps/s3-api/src/reconciler/leftover-run.ts',
    projects: ['unit', 'e2e'],
    tests: RECONCILER_TESTS,
  },
];

export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner', '@stryker-mutator/typescript-checker'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // A mutant the compiler rejects (a string where a number must be) is dropped before any test runs for it.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
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
