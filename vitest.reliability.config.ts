import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: the fault and attack suite (test/reliability/, docs/reliability.md).
// Each file starts real processes, a dedicated redis-server or thousands of requests and measures
// timing, so the files run one after another; they need Redis on REDIS_URL (default 6379) and
// `redis-server` on the PATH.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
