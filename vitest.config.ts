import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const LOAD_TESTS = ['test/reliability/stalled-uploads.test.ts', 'test/reliability/restart.test.ts'];

// SWC compiles the sources so that decorator metadata (which Nest's DI and the DTO validation need)
// is emitted exactly as tsc emits it for the build.
const shared = {
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '#common': here('./libs/common/src/index.ts'),
      '#aws-sandbox': here('./libs/aws-sandbox/src/index.ts'),
      '#aws': here('./libs/aws/src/index.ts'),
      '#client': here('./libs/client/src/index.ts'),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts'],
          setupFiles: [here('./test/support/setup.ts')],
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          setupFiles: [here('./test/support/setup.ts')],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.ts'],
          setupFiles: [here('./test/support/setup.ts')],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          exclude: LOAD_TESTS,
          setupFiles: [here('./test/support/setup.ts')],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        ...shared,
        test: {
          // Attacks that load the whole machine, and whole server starts that print their seconds, run
          // alone, one file at a time, after the rest: timing tests beside them would flake.
          name: 'reliability-load',
          include: LOAD_TESTS,
          fileParallelism: false,
          setupFiles: [here('./test/support/setup.ts')],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
