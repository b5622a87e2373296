// `npm run menu:create [path/to/menu.json]` — validates the menu file and publishes it with
// POST /cgi-bin/menu/create (PROTOCOL.md §3.6). In sandbox mode the API base is this service's own
// emulator, so the service must be running. Prints exactly one line; exit status 1 on failure.
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../lib/logger.js';
import { systemClock } from '../../lib/clock.js';
import { createRedis } from '../../store/redis.js';
import { Keys } from '../../store/keys.js';
import { isCourierError } from '../../domain/errors.js';
import { PlatformApiError, PlatformUnreachableError } from '../shared/api-error.js';
import { OaApi } from './api.js';
import { DEFAULT_MENU_PATH, loadMenu, menuKeysOf } from './menu.js';

async function main(): Promise<number> {
  const path = process.argv[2] ?? DEFAULT_MENU_PATH;
  let target = '(config not loaded)';
  let sandbox = false;
  let redisUrl = '';
  let redis: ReturnType<typeof createRedis> | undefined;
  try {
    const config = loadConfig();
    target = config.wechat.apiBase;
    sandbox = config.sandbox;
    redisUrl = config.redisUrl.replace(/\/\/[^@/]*@/, '//***@');
    const menu = await loadMenu(path);
    // A one-shot command: queue commands until connected instead of failing before the handshake.
    redis = createRedis(config.redisUrl, 'command', { enableOfflineQueue: true });
    redis.on('error', () => {});
    const api = new OaApi({
      appId: config.wechat.appId,
      secret: config.wechat.secret,
      apiBase: config.wechat.apiBase,
      redis,
      keys: new Keys(config.redisPrefix),
      clock: systemClock,
      logger: createLogger('silent'),
    });
    await api.createMenu(menu);
    say(`menu created at ${target}${sandbox ? ' (sandbox)' : ''}: ${menu.button.length} top buttons, keys ${menuKeysOf(menu).join(', ')}`);
    return 0;
  } catch (e) {
    say(`menu not created: ${reason(e, target, sandbox, redisUrl)}`);
    return 1;
  } finally {
    redis?.disconnect();
  }
}

function reason(e: unknown, target: string, sandbox: boolean, redisUrl: string): string {
  if (e instanceof PlatformUnreachableError) {
    return sandbox
      ? `the sandbox emulator at ${target} is not reachable — start the service first (npm start)`
      : `${target} is not reachable (${e.message})`;
  }
  if (e instanceof PlatformApiError) return `${target} answered errcode ${e.errcode} ${e.errmsg}`;
  if (isCourierError(e)) return e.message;
  // ioredis gives up on a queued command after maxRetriesPerRequest reconnects.
  if (e instanceof Error && e.name === 'MaxRetriesPerRequestError') return `Redis at ${redisUrl} is not reachable (it holds the shared access_token)`;
  if (e instanceof Error) return e.message.split('\n').join(' ');
  return String(e);
}

const say = (line: string) => process.stdout.write(`${line}\n`);

process.exitCode = await main();
