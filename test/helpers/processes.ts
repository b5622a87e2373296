// Real service processes for fault tests and benchmarks: `node --import tsx src/main.ts` with a
// role and an environment, exactly as `npm start` runs it. Output is kept in a bounded buffer (for
// a failing assertion's message, or for counting log lines), never printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `cond` until it holds; throws `message` after `timeoutMs`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, message = 'condition not met', everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`${message} within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Polls `cond` until it holds or `timeoutMs` passed; returns whether it held (no throw). */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await sleep(everyMs);
  }
}

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (null after a signal) once the process is gone. */
  readonly exited: Promise<number | null>;
  readonly alive: boolean;
  /** stdout + stderr, the last `keepBytes` of it. */
  output(): string;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Resident set size in KiB, from /proc (Linux). */
  rssKiB(): Promise<number>;
}

export interface SpawnOptions {
  name?: string;
  /** How much output to keep (default 256 KiB). */
  keepBytes?: number;
}

/** Starts src/main.ts with `env` on top of this process's environment. */
export function spawnService(env: Record<string, string>, opts: SpawnOptions = {}): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = opts.keepBytes ?? 256 * 1024;
  let out = '';
  const append = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > keep * 2) out = out.slice(-keep);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  let alive = true;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      alive = false;
      resolve(code);
    }),
  );
  return {
    name: opts.name ?? String(env.ROLE ?? 'service'),
    child,
    pid: child.pid!,
    exited,
    get alive() {
      return alive;
    },
    output: () => out.slice(-keep),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!alive) return;
      child.kill(signal);
      await exited;
    },
    async rssKiB() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    },
  };
}

/** Waits until a web process answers GET /healthz. */
export async function waitHealthy(baseUrl: string, proc: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      if (!proc.alive) throw new Error(`${proc.name} exited during start:\n${proc.output()}`);
      try {
        return (await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
      } catch {
        return false;
      }
    },
    timeoutMs,
    `${proc.name} did not become healthy`,
    100,
  );
}
