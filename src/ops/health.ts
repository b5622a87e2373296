// /healthz (the process answers), /readyz (Redis reachable and workers running) and /metrics
// (Prometheus text, with queue depths read at scrape time).
import type { FastifyPluginAsync } from 'fastify';
import type { Worker } from 'bullmq';
import type { Redis } from '../store/redis.js';
import type { Metrics } from '../lib/metrics.js';
import type { Queues } from '../jobs/queues.js';

export interface HealthDeps {
  redis: Redis;
  metrics: Metrics;
  queues: Queues;
  /** Workers running in this process (empty for ROLE=web). */
  workers: () => Worker[];
  role: 'web' | 'worker' | 'all';
}

const STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

export const healthPlugin: FastifyPluginAsync<HealthDeps> = async function healthPlugin(app, deps) {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, string> = {};
    try {
      await withTimeout(deps.redis.ping(), 1000);
      checks.redis = 'ok';
    } catch (err) {
      checks.redis = `down: ${(err as Error).message}`;
    }
    if (deps.role !== 'web') {
      const ws = deps.workers();
      checks.workers = ws.length > 0 && ws.every((w) => w.isRunning()) ? 'ok' : 'not running';
    }
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', async (_req, reply) => {
    await Promise.all(
      Object.entries(deps.queues).map(async ([name, q]) => {
        const counts = await withTimeout(q.getJobCounts(...STATES), 1000).catch(() => null);
        if (counts) for (const s of STATES) deps.metrics.queueDepth.set({ queue: name, state: s }, counts[s] ?? 0);
      }),
    );
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms).unref())]);
}
