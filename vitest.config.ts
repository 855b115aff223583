import { defineConfig } from 'vitest/config';
import { svelteTesting } from '@testing-library/svelte/vite';

export default defineConfig({
  test: {
    // Vitest's default on a 2-core CI machine is one worker, which runs every file in turn; most test
    // time is spent waiting on servers, databases and the browser, so two workers overlap that.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'backend/src/**/*.test.ts'],
          setupFiles: ['backend/test/support/module-hooks.setup.ts'],
          environment: 'node',
        },
      },
      {
        // Real PostgreSQL, PGlite (+TimescaleDB) and Redis; see backend/test/support.
        test: {
          name: 'integration',
          include: ['backend/test/**/*.test.ts'],
          globalSetup: ['backend/test/support/pglite-template.setup.ts'],
          setupFiles: ['backend/test/support/module-hooks.setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The dashboard's pure TypeScript (merge logic, live client); no svelte plugin needed.
        // The root tsconfig, because frontend/tsconfig.json extends one `svelte-kit sync` generates.
        tsconfig: 'tsconfig.base.json',
        test: {
          name: 'frontend',
          include: ['frontend/src/**/*.test.ts'],
          exclude: ['frontend/src/**/*.svelte.test.ts', 'frontend/src/**/*.dom.test.ts'],
          environment: 'node',
        },
      },
      {
        // Components with logic, rendered in jsdom by @testing-library/svelte through the app's own
        // Vite config (SvelteKit's plugin compiles them and resolves $app/*), and plain TypeScript
        // that works on the page's elements (*.dom.test.ts).
        extends: './frontend/vite.config.ts',
        root: './frontend',
        plugins: [svelteTesting()],
        test: {
          name: 'components',
          include: ['src/**/*.svelte.test.ts', 'src/**/*.dom.test.ts'],
          environment: 'jsdom',
        },
      },
      {
        // Browser tests: chromium against the real built server (npm test builds the frontend first).
        // One file at a time: each restarts servers on ports it picked (two at once mixed them up).
        // `npm test` runs this project in its own vitest process beside the others, which would
        // otherwise leave a core idle while the browser files run one by one.
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/support/data-dir-template.setup.ts'],
          exclude: ['e2e/production.test.ts', 'e2e/security-headers.test.ts', 'e2e/old-node.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { concurrent: false },
        },
      },
      {
        // `npm start` under an old Node rebuilds frontend/build, which every other browser suite
        // serves: `npm test` runs it alone, last (and a bare `vitest run` in a later group).
        test: {
          name: 'e2e-rebuild',
          include: ['e2e/old-node.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The built app's processes without a browser (the image's production path, the headers):
        // `npm test` runs them in the browser suites' process, beside its one-at-a-time browser
        // files (its second worker is otherwise idle; the integration files fill the other process).
        test: {
          name: 'e2e-processes',
          include: ['e2e/production.test.ts', 'e2e/security-headers.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
