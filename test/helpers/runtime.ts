// Starts the real service for an integration test: its own Redis key prefix (an empty state),
// a loopback port, the sandbox platform and a ManualClock. stop() closes it and deletes its keys.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/env.js';
import { ManualClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';
import { deleteByPrefix } from '../../src/store/cleanup.js';
import { settle } from '../../src/scenarios/settle.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestService {
  rt: Runtime;
  clock: ManualClock;
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startService(env: Record<string, string> = {}, opts: Omit<RuntimeOptions, 'clock'> = {}): Promise<TestService> {
  const prefix = `{t-${randomUUID().slice(0, 12)}}`;
  const clock = new ManualClock(Date.parse('2026-11-11T10:00:00+08:00'));
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', ...env });
  const rt = await createRuntime(config, { logger: createLogger('silent'), ...opts, clock });
  await rt.listen();
  return {
    rt,
    clock,
    settle: () => settle(Object.values(rt.queues), clock),
    async stop() {
      await rt.close();
      await deleteByPrefix(REDIS_URL, prefix);
    },
  };
}
