// acks/s of the secured /wechat route (safe mode: signature + msg_signature + AES + XML + dedupe +
// enqueue, unique MsgIds) against a bare Fastify route answering "success", side by side in one
// run, same load generator (a worker thread), same concurrency. Prints both and the ratio.
import Fastify from 'fastify';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/lib/logger.js';
import { createRuntime } from '../src/runtime.js';
import { deleteByPrefix } from '../src/store/cleanup.js';
import type { LoadResult, LoadSpec } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_C ?? 50);

/** Runs one load in a separate process (bench/load.ts) and returns its figures. */
export function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
    child.once('message', (r) => resolve(r as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code && reject(new Error(`load generator exited with ${code}`)));
    child.send(spec);
  });
}

export async function benchAcks() {
  const bare = Fastify();
  bare.addContentTypeParser('text/xml', { parseAs: 'string' }, (_r, b, d) => d(null, b));
  bare.post('/wechat', async () => 'success');
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  const prefix = `{bench-${randomUUID().slice(0, 8)}}`;
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', REDIS_URL: process.env.REDIS_URL });
  // The web role alone: this measures the ack path; the respond queue just fills up.
  const rt = await createRuntime(config, { logger: createLogger('silent'), workers: false });
  await rt.listen();
  const spec = { connections: CONNECTIONS, durationSeconds: SECONDS, path: '/wechat' };
  await load({ ...spec, url: bareUrl, kind: 'plain', durationSeconds: 1, seed: 1 }); // warm-up
  const b = await load({ ...spec, url: bareUrl, kind: 'plain', seed: 2 });
  const s = await load({ ...spec, url: rt.baseUrl(), kind: 'signed', seed: Date.now() % 100_000 });
  await bare.close();
  await rt.close();
  await deleteByPrefix(config.redisUrl, prefix);
  return { bare: b, secured: s, ratio: s.rps / b.rps };
}

export function printAcks(r: Awaited<ReturnType<typeof benchAcks>>) {
  const line = (name: string, x: LoadResult) => `${name.padEnd(26)} ${x.rps.toFixed(0).padStart(6)} req/s  p50 ${x.p50} ms  p99 ${x.p99} ms  errors ${x.errors + x.non2xx}`;
  console.log(line('bare Fastify route', r.bare));
  console.log(line('secured /wechat (safe)', r.secured));
  console.log(`ratio secured/bare          ${(r.ratio * 100).toFixed(1)}%  (c=${CONNECTIONS}, ${SECONDS} s each)`);
}

if (import.meta.url === `file://${process.argv[1]}`) printAcks(await benchAcks());
