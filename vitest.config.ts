import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'backend/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Real PostgreSQL, PGlite (+TimescaleDB) and Redis; see backend/test/support.
        test: {
          name: 'integration',
          include: ['backend/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
