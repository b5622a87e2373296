// The platform's side of callback delivery, as WeChat does it (PROTOCOL.md §2.3): POST the signed
// callback, wait at most 5 s, and on anything but `success` try again — up to 3 retries. Every
// attempt is recorded with its status and how long the webhook took to answer.
import type { BuiltCallback } from '../../../src/sandbox/phone.js';

export interface Attempt {
  /** HTTP status, or 0 when no answer came within the deadline / the connection failed. */
  status: number;
  ms: number;
  error?: string;
}

export interface Delivery {
  id: string;
  attempts: Attempt[];
  /** Some attempt was answered 200 `success`: the platform considers the message delivered. */
  accepted: boolean;
}

export interface PushOptions {
  /** The platform's deadline; the client gives up a little after it so a hang is seen as one. */
  deadlineMs?: number;
  retries?: number;
  retryPauseMs?: number;
}

export async function push(baseUrl: () => string, id: string, cb: BuiltCallback, o: PushOptions = {}): Promise<Delivery> {
  const deadline = o.deadlineMs ?? 5000;
  const attempts: Attempt[] = [];
  for (let i = 0; i <= (o.retries ?? 3); i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, o.retryPauseMs ?? 1000));
    const t0 = performance.now();
    try {
      const res = await fetch(`${baseUrl()}${cb.path}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: cb.body,
        signal: AbortSignal.timeout(deadline + 500),
      });
      const body = await res.text();
      attempts.push({ status: res.status, ms: performance.now() - t0 });
      if (res.status === 200 && body === 'success') return { id, attempts, accepted: true };
    } catch (err) {
      attempts.push({ status: 0, ms: performance.now() - t0, error: (err as Error).name });
    }
  }
  return { id, attempts, accepted: false };
}

/** Runs `tasks` with at most `concurrency` in flight, starting one every `everyMs` at most. */
export async function paced<T>(tasks: (() => Promise<T>)[], concurrency: number, everyMs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let lastStart = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const i = next++;
        const startAt = Math.max(Date.now(), lastStart + everyMs);
        lastStart = startAt;
        if (startAt > Date.now()) await new Promise((r) => setTimeout(r, startAt - Date.now()));
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}
