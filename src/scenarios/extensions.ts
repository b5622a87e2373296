// Where the parts of the product plug into scenario runs: the world's courier backend, the agent,
// and checkers for cases, WeCom, handoff and payouts. Until a part exists its keys report
// "not supported yet". Each part is a ScenarioExtension; compose() joins them.
import type { RunOptions, ScenarioExtension } from './runner.js';
import type { Observation } from './expectations.js';
import { kfExtension } from './ext-kf.js';
import { wecomExtension } from './ext-wecom.js';
import { agentExtension } from './ext-agent.js';
import { handoffExtension } from './ext-handoff.js';
import { payExtension } from './ext-pay.js';

/**
 * Joins parts: the first part that plays a step (returns failures, even none) or reads the outbox
 * wins; observations, checkers and setups add up in order.
 */
export function compose(...parts: ScenarioExtension[]): ScenarioExtension {
  const sentTo = parts.find((p) => p.sentTo)?.sentTo;
  return {
    checkers: Object.assign({}, ...parts.map((p) => p.checkers ?? {})),
    async observe(turn, openid) {
      const seen: Partial<Observation> = {};
      for (const p of parts) if (p.observe) Object.assign(seen, await p.observe(turn, openid));
      return seen;
    },
    async play(turn, openid) {
      for (const p of parts) {
        const r = await p.play?.(turn, openid);
        if (r !== undefined) return r;
      }
      return undefined;
    },
    ...(sentTo ? { sentTo } : {}),
    async setup() {
      for (const p of parts) await p.setup?.();
    },
    async beforeStep(turn, openid) {
      for (const p of parts) await p.beforeStep?.(turn, openid);
    },
  };
}

// The handoff comes before WeCom: on 微信客服 it plays a serving supervisor's texts in their client.
export const scenarioExtensions: NonNullable<RunOptions['extend']> = async (rt, sc) => compose(kfExtension(rt, sc), handoffExtension(rt, sc), wecomExtension(rt, sc), agentExtension(rt, sc), payExtension(rt, sc));
