// What every part of the composition root is built from; runtime.ts makes these once and hands
// them to runtime-agent/-wecom/-pay/-insights/-handoff.
import type { Config } from './config/env.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { Keys } from './store/keys.js';
import type { Redis } from './store/redis.js';

export interface PartsBase {
  config: Config;
  redis: Redis;
  keys: Keys;
  clock: Clock;
  logger: Logger;
}

/** Parts that run BullMQ workers also get the queues' own connection. */
export interface WorkerPartsBase extends PartsBase {
  bullConnection: Redis;
}
