import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import base from './vitest.config.js';

/**
 * What Stryker runs against each mutant: the projects named in MUTATION_PROJECTS (comma-separated, set
 * per module by scripts/mutation.mjs), by default the unit and end-to-end projects, as `npm test` runs.
 */
const KEPT = new Set((process.env['MUTATION_PROJECTS'] ?? 'unit,e2e').split(','));

/** Instrumented code on a busy machine runs several times slower: the tests' own limits would fail the dry run. */
const SLOW = { testTimeout: 180_000, hookTimeout: 180_000 };

/**
 * Files with tests that measure real time (a critical path in round trips of a set latency, a request
 * budget): instrumented, they fail whatever the mutant, and Stryker needs every test green to start.
 */
const TIMED = [
  'test/e2e/buckets.e2e.ts',
  'test/e2e/request-budget.e2e.ts',
  'test/e2e/readiness.e2e.ts',
  'libs/aws/src/clients/aws-client.factory.spec.ts',
  'libs/aws-sandbox/src/sandbox.spec.ts',
];

const nameOf = (project: TestProjectInlineConfiguration): string => {
  const name = project.test?.name;
  return typeof name === 'object' ? name.label : (name ?? '');
};

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    projects: (base.test?.projects ?? [])
      .filter((project): project is TestProjectInlineConfiguration => typeof project === 'object' && 'test' in project && KEPT.has(nameOf(project)))
      .map((project) => ({ ...project, test: { ...project.test, ...SLOW, exclude: [...configDefaults.exclude, ...TIMED] } })),
  },
});
