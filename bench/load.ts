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
  /** A steady load: this many requests per second over all connections (default: as fast as possible). */
  rate?: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  /** Share of the responses that took longer than 200 ms (0..1), counted per response. */
  over200ms: number;
  total: number;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const next = bodies(spec.kind, spec.seed);
  let responses = 0;
  let slow = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options: autocannon.Options = {
      url: spec.url,
      connections: spec.connections,
      duration: spec.durationSeconds,
      ...(spec.rate ? { overallRate: spec.rate } : {}),
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
    };
    const instance = autocannon(options, (err, r) => (err ? reject(err) : resolve(r)));
    // autocannon reports percentiles only; the share above 200 ms is counted response by response.
    instance.on('response', (_client, _status, _bytes, ms) => {
      responses += 1;
      if (ms > 200) slow += 1;
    });
  });
  const l = result.latency;
  return { rps: result.requests.average, p50: l.p50, p97_5: l.p97_5, p99: l.p99, max: l.max, errors: result.errors + result.timeouts, non2xx: result.non2xx, over200ms: responses ? slow / responses : 0, total: result.requests.total };
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
