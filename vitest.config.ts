import { configDefaults, defineConfig } from 'vitest/config';

// Integration tests (*.int.test.ts) talk to a real Redis on REDIS_URL (default 127.0.0.1:6379);
// each test uses its own key prefix, so files may run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault and attack suite has its own config and command (`npm run test:reliability`).
    exclude: [...configDefaults.exclude, 'test/reliability/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
