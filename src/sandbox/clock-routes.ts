// The sandbox's business clock, for the console and curl (sandbox mode on a ManualClock only):
//   GET  /sandbox/clock                    → {now, iso}
//   POST /sandbox/clock/advance {minutes}  → moves the clock forward, promotes every delayed job due
//        by then (the follow-ups that check promises) and, when this process runs the workers,
//        waits until they have run: {now, iso, advancedMinutes, settled}
import type { FastifyPluginAsync } from 'fastify';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { ManualClock } from '../lib/clock.js';
import { promoteDue, settle, SettleTimeoutError } from '../scenarios/settle.js';

export interface ClockRoutesOptions {
  clock: ManualClock;
  queues: Queue[];
  /** Workers run in this process: wait for the promoted jobs to finish before answering. */
  runsWorkers: boolean;
  /** How long to wait for the queues to settle (ms). */
  settleTimeoutMs?: number;
}

const AdvanceBody = z.strictObject({ minutes: z.number().int().min(1).max(7 * 24 * 60) });

export const clockRoutes: FastifyPluginAsync<ClockRoutesOptions> = async function clockRoutes(app, o) {
  const view = () => ({ now: o.clock.now(), iso: new Date(o.clock.now()).toISOString() });

  app.get('/sandbox/clock', async () => view());

  app.post('/sandbox/clock/advance', async (req, reply) => {
    const body = AdvanceBody.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: 'bad request', issues: body.error.issues });
    o.clock.advance(body.data.minutes * 60_000);
    let settled = true;
    if (o.runsWorkers) {
      try {
        await settle(o.queues, o.clock, o.settleTimeoutMs ?? 10_000);
      } catch (err) {
        if (!(err instanceof SettleTimeoutError)) throw err;
        settled = false; // something keeps failing or retrying; the clock has moved all the same
      }
    } else {
      // Workers run elsewhere: hand them the due jobs and answer at once.
      for (const q of o.queues) await promoteDue(q, o.clock);
      settled = false;
    }
    return { ...view(), advancedMinutes: body.data.minutes, settled };
  });
};
