import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take long for their size: they run other programs (npm pack and a global install;
 * bash completion; two processes per V8 code cache check). With no durations from an earlier run
 * (a clean clone, as CI has), vitest starts the largest files first, which left these to the end:
 * one worker busy with npm while the other had nothing left to run. They start first instead.
 */
const SLOW_FOR_THEIR_SIZE = ['test/e2e/pack.test.ts', 'test/e2e/completion.test.ts', 'test/e2e/compile-cache.test.ts'];

class SlowForTheirSizeFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const early = (f: TestSpecification): boolean => SLOW_FOR_THEIR_SIZE.some((p) => f.moduleId.endsWith(p));
    return [...sorted.filter(early), ...sorted.filter((f) => !early(f))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The platform tier's files run only with another Node's binary in IC_SUPPORT_TEST_NODE
    // (scripts/platform-tier.mjs), never in `npm test`.
    exclude: process.env.IC_SUPPORT_TEST_NODE ? ['node_modules/**'] : ['test/platform/**', 'node_modules/**'],
    setupFiles: ['test/setup/fast-check.ts'],
    globalSetup: ['test/setup/dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end tests each start their own sandbox on a free port. Three workers on two cores: the
    // suite waits more than it computes (child processes, pseudo-terminals, the network: on a quiet
    // two-core machine it used about half of both cores), so a third worker fills the waits. Measured
    // run by run against two workers on the same machine: 0.84x the wall time, the same CPU time.
    pool: 'forks',
    isolate: false,
    maxWorkers: 3,
    sequence: { sequencer: SlowForTheirSizeFirst },
  },
});
