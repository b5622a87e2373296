// Plays one scenario through the real service: a runtime on its own Redis key prefix (an empty
// state), listening on a loopback port, the sandbox phone posting signed encrypted callbacks to
// /wechat, the real BullMQ workers, and a ManualClock that `wait:` moves forward.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/env.js';
import { ManualClock } from '../lib/clock.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { parseDuration } from '../lib/duration.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.js';
import { deleteByPrefix } from '../store/cleanup.js';
import { settle } from './settle.js';
import { check, type ExtraCheckers, type Failure, type Observation } from './expectations.js';
import type { LoadedScenario } from './load.js';
import type { Turn } from './schema.js';

export interface TurnResult {
  index: number;
  step: string;
  failures: Failure[];
}

export interface ScenarioResult {
  file: string;
  name: string;
  ok: boolean;
  turns: TurnResult[];
  error?: string;
  ms: number;
}

export interface ScenarioExtension {
  checkers?: ExtraCheckers;
  /** Extra facts about the turn just settled (tool calls, cases, WeCom messages …). */
  observe?: (turn: Turn, openid: string) => Promise<Partial<Observation>>;
  /** Plays a step this part owns (staff, supervisor, payment, wecom-kf customers); undefined = not mine. */
  play?: (turn: Turn, openid: string) => Promise<Failure[] | undefined>;
  /** Messages sent to the acting customer since `mark` (default: the Official Account outbox). */
  sentTo?: (openid: string, mark: number) => { kind: string; text: string }[];
  /** Runs before the first turn, e.g. to bind the world's customers. */
  setup?: () => Promise<void>;
  /** Runs before each step is played (e.g. to mark logs the observation reads from). */
  beforeStep?: (turn: Turn, openid: string) => Promise<void>;
}

export interface RunOptions {
  redisUrl?: string;
  logger?: Logger;
  /** Lets the parts of the product plug their steps, observations and checkers into the run. */
  extend?: (rt: Runtime, scenario: LoadedScenario, clock: ManualClock) => Promise<ScenarioExtension>;
  runtime?: Omit<RuntimeOptions, 'clock' | 'logger'>;
}

export async function runScenario(sc: LoadedScenario, opts: RunOptions = {}): Promise<ScenarioResult> {
  const started = Date.now();
  const prefix = `{sc-${randomUUID().slice(0, 12)}}`;
  const clock = new ManualClock(sc.now);
  const config = loadConfig({
    SANDBOX: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : { REDIS_URL: process.env.REDIS_URL }),
  });
  const logger = opts.logger ?? createLogger('silent');
  const rt = await createRuntime(config, { ...opts.runtime, clock, logger, world: sc.resolvedWorld ?? { name: sc.name, channel: sc.channel, now: sc.now, customers: [], stations: [], supervisors: [], parcels: [] } });
  const turns: TurnResult[] = [];
  let error: string | undefined;
  try {
    await rt.listen();
    const ext = (await opts.extend?.(rt, sc, clock)) ?? {};
    await ext.setup?.();
    const sandbox = rt.sandbox!;
    const queues = Object.values(rt.queues);
    for (const [index, turn] of sc.turns.entries()) {
      const openid = turn.as ?? sc.defaultCustomer;
      const mark = sandbox.outbox.lastSeq;
      const step = stepName(turn);
      await ext.beforeStep?.(turn, openid);
      const stepFailures = (await ext.play?.(turn, openid)) ?? (await play(rt, clock, turn, openid));
      await settle(queues, clock);
      const sent = ext.sentTo ? ext.sentTo(openid, mark) : sandbox.outbox.list({ to: openid, afterSeq: mark }).map((m) => ({ kind: m.kind, text: m.text ?? '' }));
      const seen: Observation = { toCustomer: sent, ...(await ext.observe?.(turn, openid)) };
      const failures = [...stepFailures, ...(turn.expect ? await check(turn.expect, seen, ext.checkers) : [])];
      turns.push({ index, step, failures });
    }
  } catch (err) {
    error = (err as Error).message;
  } finally {
    await rt.close().catch(() => {});
    await deleteByPrefix(config.redisUrl, prefix).catch(() => {});
  }
  const ok = !error && turns.every((t) => t.failures.length === 0);
  return { file: sc.file, name: sc.name, ok, turns, error, ms: Date.now() - started };
}

function stepName(t: Turn): string {
  for (const k of ['customer', 'customer_image', 'customer_voice', 'menu', 'wait'] as const) if (t[k]) return `${k}: ${t[k]}`;
  if (t.subscribe) return 'subscribe';
  if (t.unsubscribe) return 'unsubscribe';
  if (t.platform) return `platform: fail ${t.platform.fail}`;
  if (t.staff) return `staff: ${t.staff.user}`;
  if (t.supervisor) return `supervisor: ${t.supervisor.user}`;
  if (t.payment) return `payment: ${t.payment.result}`;
  return 'step';
}

/** Performs the step; returns failures of the step itself (e.g. the webhook refused it). */
async function play(rt: Runtime, clock: ManualClock, t: Turn, openid: string): Promise<Failure[]> {
  const phone = rt.sandbox!.phone;
  const times = 1 + (t.retries ?? 0);
  const webhook = async (send: () => ReturnType<typeof phone.text>) => {
    const res = await send();
    return res.status === 200 && res.body === 'success' ? [] : [{ key: 'step', reason: `webhook answered ${res.status} ${res.body}` }];
  };
  if (t.customer !== undefined) {
    const cb = phone.build(openid, 'message', phone.textFields(t.customer));
    return repeat(times, () => webhook(() => phone.post(cb)));
  }
  if (t.customer_voice !== undefined) {
    const cb = phone.build(openid, 'message', phone.voiceFields(t.customer_voice));
    return repeat(times, () => webhook(() => phone.post(cb)));
  }
  if (t.customer_image !== undefined) {
    const cb = phone.build(openid, 'message', phone.imageFields(t.customer_image));
    return repeat(times, () => webhook(() => phone.post(cb)));
  }
  if (t.menu !== undefined) {
    const cb = phone.build(openid, 'click', { MsgType: 'event', Event: 'CLICK', EventKey: t.menu });
    return repeat(times, () => webhook(() => phone.post(cb)));
  }
  if (t.subscribe) return webhook(() => phone.subscribe(openid));
  if (t.unsubscribe) return webhook(() => phone.unsubscribe(openid));
  if (t.wait !== undefined) {
    clock.advance(parseDuration(t.wait));
    return [];
  }
  if (t.platform) {
    rt.sandbox!.platform.failNext(t.platform.fail);
    return [];
  }
  return [{ key: stepName(t).split(':')[0] ?? 'step', reason: 'not supported yet' }];
}

async function repeat(times: number, fn: () => Promise<Failure[]>): Promise<Failure[]> {
  const out: Failure[] = [];
  for (let i = 0; i < times; i++) out.push(...(await fn()));
  return out;
}
