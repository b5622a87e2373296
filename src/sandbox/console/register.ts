// Wires the console and the clock routes into the app (runtime.ts calls this in sandbox mode only).
// The clock routes exist only on a ManualClock: the system clock cannot be moved.
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import { ManualClock } from '../../lib/clock.js';
import { clockRoutes } from '../clock-routes.js';
import type { WecomPlatform } from '../wecom-platform.js';
import { consolePlugin, type ConsolePluginOptions } from './plugin.js';

export interface SandboxConsoleParts extends Omit<ConsolePluginOptions, 'clockControl' | 'pendingCards'> {
  queues: Queue[];
  runsWorkers: boolean;
  /** The emulated WeCom, read lazily: how many cards each member still has to act on. */
  wecom: () => Pick<WecomPlatform, 'cardsOf'> | undefined;
}

export async function registerSandboxConsole(app: FastifyInstance, p: SandboxConsoleParts): Promise<void> {
  const { queues, runsWorkers, wecom, ...options } = p;
  const manual = p.clock instanceof ManualClock ? p.clock : undefined;
  if (manual) await app.register(clockRoutes, { clock: manual, queues, runsWorkers });
  const pendingCards = (userid: string) => wecom()?.cardsOf(userid).filter((c) => !c.replaceName && !c.replacedBy).length ?? 0;
  await app.register(consolePlugin, { ...options, pendingCards, clockControl: Boolean(manual) });
}
