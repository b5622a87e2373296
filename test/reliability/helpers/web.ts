// The web role in the test process (it hosts the sandbox platform emulator and its outbox, so the
// test reads what the platform received directly), for fault tests whose workers are real child
// processes on the same Redis.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../src/config/env.js';
import { createLogger, type Logger } from '../../../src/lib/logger.js';
import { createRuntime, type Runtime } from '../../../src/runtime.js';
import { deleteByPrefix } from '../../../src/store/cleanup.js';
import { REDIS_URL } from '../../helpers/runtime.js';
import { spawnService, type ServiceProcess } from '../../helpers/processes.js';

export interface WebUnderTest {
  rt: Runtime;
  prefix: string;
  redisUrl: string;
  port: number;
  /** A worker process (ROLE=worker, `npm start`-style) on the same Redis and prefix, reaching this emulator. */
  spawnWorker(env?: Record<string, string>): ServiceProcess;
  /** Waits until `n` workers of the named queues are connected to Redis. */
  workersConnected(n: number, queues?: (keyof Runtime['queues'])[]): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startWeb(opts: { redisUrl?: string; env?: Record<string, string>; logger?: Logger } = {}): Promise<WebUnderTest> {
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const prefix = `{r-${randomUUID().slice(0, 12)}}`;
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_URL: redisUrl, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', ...opts.env });
  const rt = await createRuntime(config, { logger: opts.logger ?? createLogger('silent'), workers: false });
  await rt.listen();
  const port = Number(new URL(rt.baseUrl()).port);
  return {
    rt,
    prefix,
    redisUrl,
    port,
    spawnWorker: (env = {}) =>
      spawnService(
        {
          ROLE: 'worker',
          SANDBOX: '1',
          REDIS_URL: redisUrl,
          REDIS_PREFIX: prefix,
          PORT: String(port),
          SANDBOX_BASE_URL: `http://127.0.0.1:${port}`,
          LOG_LEVEL: 'silent',
          ...env,
        },
        { name: 'worker' },
      ),
    async workersConnected(n, queues = ['respond', 'send', 'follow-up']) {
      const counts = await Promise.all(queues.map((q) => rt.queues[q].getWorkersCount()));
      return counts.every((c) => c >= n);
    },
    async stop() {
      await rt.close();
      await deleteByPrefix(redisUrl, prefix);
    },
  };
}

/** Opens the OA customer-service window for an openid on both sides, as a customer message would. */
export async function openWindow(rt: Runtime, openid: string, now = Date.now()): Promise<void> {
  await rt.redis.hset(rt.keys.window('wechat', openid), 'until', String(now + 48 * 3600_000), 'quota', '5', 'used', '0');
  rt.sandbox!.platform.noteInbound(openid, 'message');
}

export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
