import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fast-check.ts'],
    globalSetup: ['test/setup/dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end tests each start their own sandbox on a free port; two cores on CI.
    pool: 'forks',
    isolate: false,
    maxWorkers: 2,
  },
});
