import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import base from './vitest.config.js';

/**
 * What Stryker runs against each mutant: the projects named in MUTATION_PROJECTS (comma-separated, set
 * per module by scripts/mutation.mjs), by default the unit and end-to-end projects, as `npm test` runs.
 */
const KEPT = new Set((process.env['MUTATION_PROJECTS'] ?? 'unit,e2e').split(','));

/** Instrumented code on a busy machine runs several times slower: the tests' own limits would fail the dry run. */
const SLOW = { testTimeout: 180_000, hookTimeout: 180_000 };

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
      .map((project) => ({ ...project, test: { ...project.test, ...SLOW } })),
  },
});
