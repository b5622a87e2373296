// Acks stay fast while a slow model is in use: the service (web + workers in one process, as
// `npm start` runs it) takes a steady load of signed callbacks while every turn's model call takes
// 8 s (LLM_PROVIDER=openai against a local OpenAI-compatible fake, LLM_TIMEOUT_MS above 8 s so the
// calls really last). Side by side: the same load with the rules model. Prints the share of acks
// over 200 ms and the p99 of each; the slow model's turns pile up in the respond queue, which is
// the point — the webhook never waits for them. A third run puts the rules model's workers in their
// own process (ROLE=web + ROLE=worker): what the turns' CPU costs the acks on a shared event loop.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/lib/logger.js';
import { createRuntime } from '../src/runtime.js';
import { deleteByPrefix } from '../src/store/cleanup.js';
import { startFakeOpenAI } from '../test/helpers/fake-openai.js';
import { spawnService, waitFor } from '../test/helpers/processes.js';
import { load } from './ack-throughput.js';
import type { LoadResult } from './load.js';

const SECONDS = Number(process.env.BENCH_SLOW_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_SLOW_RATE ?? 100);
const CONNECTIONS = 20;
const LLM_DELAY_MS = 8000;

interface SlowModelRun {
  model: string;
  acks: LoadResult;
  /** Replies the platform received during the load. */
  replies: number;
  /** Model calls started during the load (openai only). */
  llmCalls?: number;
  /** Respond jobs still waiting when the load ended. */
  backlog: number;
}

/** `separate`: the workers run in their own process (ROLE=worker), this one is ROLE=web. */
async function measure(model: 'rules' | 'openai', opts: { llmUrl?: string; separate?: boolean } = {}): Promise<SlowModelRun> {
  const prefix = `{bench-${randomUUID().slice(0, 8)}}`;
  const llm = model === 'openai' ? { LLM_PROVIDER: 'openai', LLM_BASE_URL: opts.llmUrl, LLM_MODEL: 'fake-qwen', LLM_API_KEY: 'bench', LLM_TIMEOUT_MS: String(LLM_DELAY_MS * 2) } : {};
  const env = { SANDBOX: '1', HOST: '127.0.0.1', REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', ...llm };
  const config = loadConfig({ ...env, PORT: '0' });
  const rt = await createRuntime(config, { logger: createLogger('silent'), workers: !opts.separate });
  await rt.listen();
  const port = new URL(rt.baseUrl()).port;
  const worker = opts.separate ? spawnService({ ...env, ROLE: 'worker', PORT: port, SANDBOX_BASE_URL: rt.baseUrl() } as Record<string, string>) : undefined;
  try {
    if (worker) await waitFor(async () => (await rt.queues.respond.getWorkersCount()) > 0, 60_000, 'bench worker did not start');
    const mark = rt.sandbox!.outbox.lastSeq;
    const acks = await load({ url: rt.baseUrl(), path: '/wechat', connections: CONNECTIONS, durationSeconds: SECONDS, kind: 'signed', seed: Date.now() % 100_000, rate: RATE });
    const replies = rt.sandbox!.outbox.lastSeq - mark;
    const backlog = await rt.queues.respond.getWaitingCount();
    return { model: `${model}${opts.separate ? ', separate worker' : ''}`, acks, replies, backlog };
  } finally {
    await worker?.stop('SIGTERM');
    await rt.close(); // waits for the turns in flight (up to one model call)
    await deleteByPrefix(config.redisUrl, prefix);
  }
}

export async function benchSlowModel() {
  const fake = await startFakeOpenAI([], { fallback: { content: '您好，已为您查询，请提供运单号。', delayMs: LLM_DELAY_MS } });
  try {
    const rules = await measure('rules');
    const rulesSeparate = await measure('rules', { separate: true });
    const before = fake.requests.length;
    const slow = await measure('openai', { llmUrl: fake.url });
    slow.llmCalls = fake.requests.length - before;
    return { rules, rulesSeparate, slow };
  } finally {
    await fake.close();
  }
}

export function printSlowModel(r: Awaited<ReturnType<typeof benchSlowModel>>) {
  const line = (name: string, x: SlowModelRun) =>
    `${name.padEnd(30)} ${x.acks.rps.toFixed(0).padStart(4)} acks/s  over 200 ms ${(x.acks.over200ms * 100).toFixed(2)}%  p50 ${x.acks.p50} ms  p99 ${x.acks.p99} ms  max ${x.acks.max} ms  errors ${x.acks.errors + x.acks.non2xx}  ` +
    `replies ${x.replies}, backlog ${x.backlog}${x.llmCalls !== undefined ? `, model calls ${x.llmCalls}` : ''}`;
  console.log(line('rules model (baseline)', r.rules));
  console.log(line(`slow model (${LLM_DELAY_MS / 1000} s per call)`, r.slow));
  console.log(line('rules model, worker process', r.rulesSeparate));
  console.log(`steady ${RATE} callbacks/s for ${SECONDS} s, c=${CONNECTIONS}; web + workers in one process (respond concurrency 32) unless "worker process" (ROLE=web + ROLE=worker)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printSlowModel(await benchSlowModel());
  process.exit(0);
}
