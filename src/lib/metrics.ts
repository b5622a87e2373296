// Prometheus metrics (prom-client). One registry per app instance so tests stay independent.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(opts: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry });
  const callbackAcks = new Counter({
    name: 'courier_callback_acks_total',
    help: 'Platform callbacks answered, by channel and result (accepted, duplicate, rejected, ignored)',
    labelNames: ['channel', 'result'] as const,
    registers: [registry],
  });
  const callbackRejects = new Counter({
    name: 'courier_callback_rejects_total',
    help: 'Callbacks refused at the edge, by channel and error code',
    labelNames: ['channel', 'code'] as const,
    registers: [registry],
  });
  const dedupeHits = new Counter({
    name: 'courier_dedupe_hits_total',
    help: 'Inbound messages dropped as platform retries of one already accepted',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const sendOutcomes = new Counter({
    name: 'courier_send_outcomes_total',
    help: 'Outbound sends by channel, kind and platform errcode (0 = ok)',
    labelNames: ['channel', 'kind', 'errcode'] as const,
    registers: [registry],
  });
  const ackLatency = new Histogram({
    name: 'courier_callback_ack_seconds',
    help: 'Time from callback arrival to the answer',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'courier_queue_depth',
    help: 'Jobs waiting, delayed or active per queue',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  });
  const turns = new Counter({
    name: 'courier_turns_total',
    help: 'Conversation turns handled by the worker, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return { registry, callbackAcks, callbackRejects, dedupeHits, sendOutcomes, ackLatency, queueDepth, turns };
}

export type Metrics = ReturnType<typeof createMetrics>;
