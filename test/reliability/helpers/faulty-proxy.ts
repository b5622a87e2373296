// A loopback HTTP proxy in front of the platform emulator that can fail the way networks do:
// `hold` keeps a request unanswered (and never forwards it: the platform never sees it, the
// client's deadline fires); `lose-response` forwards it (the platform acts on it) and then cuts the
// connection instead of answering. Faults apply to the next requests whose path contains `match`.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export type Fault = 'hold' | 'lose-response';

export interface FaultyProxy {
  url: string;
  /** Where requests go; settable once the emulator listens. */
  target: string;
  inject(fault: Fault, match: string, times?: number): void;
  readonly applied: Record<Fault, number>;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startFaultyProxy(): Promise<FaultyProxy> {
  const faults: { fault: Fault; match: string; left: number }[] = [];
  const applied: Record<Fault, number> = { hold: 0, 'lose-response': 0 };
  const held = new Set<IncomingMessage>();
  const state = { target: '' };

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const i = faults.findIndex((f) => req.url?.includes(f.match));
    const f = faults[i];
    if (f && --f.left <= 0) faults.splice(i, 1);
    if (f) applied[f.fault] += 1;
    if (f?.fault === 'hold') {
      held.add(req);
      req.socket.once('close', () => held.delete(req));
      return; // never answered; the client's deadline ends it
    }
    try {
      const upstream = await fetch(`${state.target}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        ...(body.length ? { body } : {}),
      });
      const data = Buffer.from(await upstream.arrayBuffer());
      if (f?.fault === 'lose-response') {
        req.socket.destroy(); // the platform acted; the answer never arrives
        return;
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(data);
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get target() {
      return state.target;
    },
    set target(t: string) {
      state.target = t;
    },
    inject(fault, match, times = 1) {
      faults.push({ fault, match, left: times });
    },
    applied,
    async close() {
      for (const r of held) r.socket.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
