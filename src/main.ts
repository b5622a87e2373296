// Entry point: read the config, make sure Redis answers, start the role (web | worker | all) and
// shut down gracefully on SIGTERM/SIGINT (stop accepting, finish or release jobs, close Redis).
import { loadConfig, describeConfig, ConfigError } from './config/env.js';
import { pingRedis } from './store/redis.js';
import { createLogger } from './lib/logger.js';
import { ManualClock } from './lib/clock.js';
import { createRuntime } from './runtime.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`courier-kefu: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);

  try {
    await pingRedis(config.redisUrl);
  } catch {
    process.stderr.write(
      `courier-kefu: Redis is not answering at ${config.redisUrl.replace(/\/\/[^@/]*@/, '//***@')} — start one with ` +
        '`redis-server --daemonize yes` (or `docker compose up -d redis`), or set REDIS_URL.\n',
    );
    process.exit(1);
  }

  // The sandbox runs on a ManualClock (from real time) so the console can move time forward.
  const rt = await createRuntime(config, { logger, ...(config.sandbox && { clock: new ManualClock() }) });
  if (config.role !== 'worker') {
    await rt.listen();
  }
  logger.info(describeConfig(config), 'courier-kefu started');
  if (config.sandbox && config.role !== 'worker') {
    logger.info(`sandbox: send a customer message with  curl -XPOST ${rt.baseUrl()}/sandbox/phone/o_demo_chen -H 'content-type: application/json' -d '{"text":"我的快递到哪了"}'  and read replies at ${rt.baseUrl()}/sandbox/messages?to=o_demo_chen`);
    logger.info(`sandbox console: open ${rt.baseUrl()}/console`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    await rt.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`courier-kefu: failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
