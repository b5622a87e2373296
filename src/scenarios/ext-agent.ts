// The agent's part of scenario runs: which tools a turn called (`tools`, `no_tools`), and the cases
// that exist (`cases`, `cases_count`), read from the real turn log and case store.
import type { Runtime } from '../runtime.js';
import type { LoadedScenario } from './load.js';
import type { ScenarioExtension } from './runner.js';
import type { Failure } from './expectations.js';

const CASE_FIELDS = ['type', 'kind', 'status', 'priority', 'waybill', 'assignee'] as const;

export function agentExtension(rt: Runtime, sc: LoadedScenario): ScenarioExtension {
  const log = (openid: string) => rt.keys.custom('turnlog', `${sc.channel}:${openid}`);
  let mark = 0;
  return {
    async beforeStep(_turn, openid) {
      mark = await rt.redis.llen(log(openid));
    },
    async observe(_turn, openid) {
      const entries = await rt.redis.lrange(log(openid), mark, -1);
      const tools = entries.flatMap((e) => (JSON.parse(e) as { tools: string[] }).tools);
      return { tools };
    },
    checkers: {
      async cases(want: unknown): Promise<Failure[]> {
        const all = await rt.agent.cases.list({ limit: 500 });
        return (want as Record<string, unknown>[]).flatMap((item, i) => {
          const unknown = Object.keys(item).filter((k) => !(CASE_FIELDS as readonly string[]).includes(k));
          if (unknown.length) return [{ key: `cases[${i}]`, reason: `unknown case field(s) ${unknown.join(', ')}` }];
          const hit = all.some((c) => CASE_FIELDS.every((f) => item[f] === undefined || String((c as Record<string, unknown>)[f] ?? '') === String(item[f])));
          return hit ? [] : [{ key: `cases[${i}]`, reason: `no case matches ${JSON.stringify(item)}; cases: ${JSON.stringify(all.map((c) => ({ id: c.id, type: c.type, kind: c.kind, status: c.status, priority: c.priority, waybill: c.waybill, assignee: c.assignee })))}` }];
        });
      },
      async cases_count(want: unknown): Promise<Failure[]> {
        const n = await rt.agent.cases.count();
        return n === want ? [] : [{ key: 'cases_count', reason: `expected ${String(want)} case(s), found ${n}` }];
      },
    },
  };
}
