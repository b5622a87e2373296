// A dedicated redis-server for a test or a benchmark: its own free port on 127.0.0.1 and its own
// data directory, so it can be stopped (SHUTDOWN or SIGKILL), started again from the same AOF, and
// measured (INFO memory) without touching the shared Redis on 6379.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitFor } from './processes.js';

export interface RedisServerOptions {
  /** `appendonly yes` (the production setting, compose.yaml); default true. */
  appendonly?: boolean;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** True while a redis-server process is running. */
  readonly running: boolean;
  /** `graceful`: SIGTERM (Redis flushes the AOF and exits); `kill`: SIGKILL. */
  stop(how?: 'graceful' | 'kill'): Promise<void>;
  /** Starts redis-server again on the same port and directory (it loads the AOF). */
  start(): Promise<void>;
  /** Stops it and deletes the data directory. */
  destroy(): Promise<void>;
}

export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'ck-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--appendonly', opts.appendonly === false ? 'no' : 'yes',
    '--appendfsync', 'everysec',
    '--save', '',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'no',
    '--loglevel', 'warning',
  ];
  let proc: ChildProcess | undefined;

  const start = async () => {
    if (proc) return;
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    proc = child;
    child.once('exit', () => {
      if (proc === child) proc = undefined;
    });
    await waitFor(() => ping(url), 10_000, `redis-server on ${port} did not answer`);
  };

  const stop = async (how: 'graceful' | 'kill' = 'graceful') => {
    const child = proc;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(how === 'kill' ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    url,
    dir,
    get running() {
      return proc !== undefined;
    },
    stop,
    start,
    async destroy() {
      await stop('kill');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function ping(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 500, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}
