import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * What Stryker runs against each mutant: the projects named in MUTATION_PROJECTS (comma-separated, set
 * per module by scripts/mutation.mjs), by default the unit and end-to-end projects, as `npm test` runs.
 */
const KEPT = new Set((process.env['MUTATION_PROJECTS'] ?? 'unit,e2e').split(','));

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    projects: (base.test?.projects ?? []).filter((project) => {
      const name = typeof project === 'object' && 'test' in project ? project.test?.name : undefined;
      return KEPT.has(typeof name === 'object' ? name.label : (name ?? ''));
    }),
  },
});
