// acks/s of the secured /wechat route (safe mode: signature + msg_signature + AES + XML + dedupe +
// enqueue, unique MsgIds) against a bare Fastify route answering "success", in the same run, on
// loopback, with the same client and concurrency. Prints both figures and the ratio.
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/lib/logger.js';
import { createRuntime } from '../src/runtime.js';
import { deleteByPrefix } from '../src/store/cleanup.js';
import { buildOaCallback, textFields } from '../src/sandbox/callbacks.js';
import { WxBizMsgCrypt } from '../src/channels/shared/aes.js';

const DURATION_MS = Number(process.env.BENCH_MS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_C ?? 50);

async function load(url: string, body: (i: number) => { path: string; body: string }): Promise<{ rps: number; errors: number; p99: number }> {
  let i = 0;
  let done = 0;
  let errors = 0;
  const lat: number[] = [];
  const end = Date.now() + DURATION_MS;
  const worker = async () => {
    while (Date.now() < end) {
      const req = body(i++);
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}${req.path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: req.body });
        const text = await res.text();
        if (res.status !== 200 || text !== 'success') errors++;
      } catch {
        errors++;
      }
      lat.push(performance.now() - t0);
      done++;
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  lat.sort((a, b) => a - b);
  return { rps: done / ((Date.now() - t0) / 1000), errors, p99: lat[Math.floor(lat.length * 0.99)] ?? 0 };
}

export async function benchAcks() {
  const bare = Fastify();
  bare.addContentTypeParser('text/xml', { parseAs: 'string' }, (_r, b, d) => d(null, b));
  bare.post('/wechat', async () => 'success');
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  const prefix = `{bench-${randomUUID().slice(0, 8)}}`;
  const config = loadConfig({ SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', REDIS_URL: process.env.REDIS_URL });
  // Web role only: we measure the ack path; the queue just fills up.
  const rt = await createRuntime(config, { logger: createLogger('silent'), workers: false });
  await rt.listen();
  const crypto = new WxBizMsgCrypt(config.wechat.aesKey, config.wechat.appId);
  const base = Date.now() * 1000;
  const signed = (i: number) =>
    buildOaCallback({
      token: config.wechat.token,
      crypto,
      accountId: config.wechat.accountId,
      openid: `o_bench_${i % 1000}`,
      createTime: Math.floor(Date.now() / 1000),
      mode: 'safe',
      fields: textFields(`我的快递到哪了 ${i}`, String(base + i)),
    });
  const plain = (i: number) => ({ path: '/wechat', body: signed(i).body });

  // Warm up both, then measure side by side.
  await load(bareUrl, plain);
  const b = await load(bareUrl, plain);
  const s = await load(rt.baseUrl(), signed);
  await bare.close();
  await rt.close();
  await deleteByPrefix(config.redisUrl, prefix);
  return { bare: b, secured: s, ratio: s.rps / b.rps };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchAcks();
  console.log(`bare fastify route      ${r.bare.rps.toFixed(0)} req/s  p99 ${r.bare.p99.toFixed(1)} ms  errors ${r.bare.errors}`);
  console.log(`secured /wechat (safe)  ${r.secured.rps.toFixed(0)} acks/s p99 ${r.secured.p99.toFixed(1)} ms  errors ${r.secured.errors}`);
  console.log(`ratio secured/bare      ${(r.ratio * 100).toFixed(1)}%  (c=${CONCURRENCY}, ${DURATION_MS} ms each)`);
}
