// Load generator run in a child process, so the client never shares an event loop (or a core's
// time slice accounting) with the server it measures. autocannon drives the connections; each
// request gets its own body.
import autocannon from 'autocannon';
import { bodies, type BodyKind } from './bodies.js';

export interface LoadSpec {
  url: string;
  path: string;
  connections: number;
  durationSeconds: number;
  kind: BodyKind;
  /** Offset for unique MsgIds across runs. */
  seed: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  over200ms: number;
  total: number;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const next = bodies(spec.kind, spec.seed);
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        setupRequest: (req) => {
          const b = next();
          return { ...req, path: b.path || spec.path, body: b.body };
        },
      },
    ],
  });
  const l = result.latency;
  // autocannon reports percentiles; the share above 200 ms is read from its histogram buckets.
  const over = result.latency.p99 > 200 ? estimateOver(result, 200) : 0;
  return { rps: result.requests.average, p50: l.p50, p97_5: l.p97_5, p99: l.p99, max: l.max, errors: result.errors + result.timeouts, non2xx: result.non2xx, over200ms: over, total: result.requests.total };
}

function estimateOver(r: autocannon.Result, ms: number): number {
  const points: [number, number][] = [[50, r.latency.p50], [90, r.latency.p90], [97.5, r.latency.p97_5], [99, r.latency.p99], [99.9, r.latency.p99_9]];
  const first = points.find(([, v]) => v > ms);
  return first ? (100 - first[0]) / 100 : 0;
}

if (process.send) {
  process.once('message', (spec: LoadSpec) => {
    run(spec).then(
      (r) => process.send!(r, () => process.exit(0)),
      (err: Error) => {
        process.stderr.write(`load: ${err.message}\n`);
        process.exit(1);
      },
    );
  });
}
