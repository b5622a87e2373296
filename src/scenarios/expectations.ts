// Checks the `expect:` of one turn against what was observed after it. Each key of SCENARIOS.md has
// one checker; a key whose part of the product is not built yet fails with "not supported yet"
// rather than passing silently.
import type { Expect } from './schema.js';

export interface SentToCustomer {
  kind: string;
  text: string;
}

export interface Observation {
  /** Everything sent to the acting customer since the previous step, in order. */
  toCustomer: SentToCustomer[];
  /** Tool calls of the turn, when the handler records them (the agent does). */
  tools?: string[];
}

export interface Failure {
  key: string;
  reason: string;
}

type Checker<K extends keyof Expect> = (want: NonNullable<Expect[K]>, seen: Observation) => Failure[];

const joined = (o: Observation) => o.toCustomer.map((m) => m.text).join('\n');
const quote = (s: string) => JSON.stringify(s.length > 300 ? `${s.slice(0, 300)}…` : s);

const reply: Checker<'reply'> = (want, seen) => {
  const text = joined(seen);
  const out: Failure[] = [];
  for (const s of want.contains ?? []) if (!text.includes(s)) out.push({ key: 'reply.contains', reason: `missing ${quote(s)}; reply was ${quote(text)}` });
  if (want.any && !want.any.some((s) => text.includes(s))) out.push({ key: 'reply.any', reason: `none of ${JSON.stringify(want.any)}; reply was ${quote(text)}` });
  for (const s of want.not ?? []) if (text.includes(s)) out.push({ key: 'reply.not', reason: `contains ${quote(s)}; reply was ${quote(text)}` });
  if (want.matches !== undefined && !new RegExp(want.matches, 'u').test(text)) out.push({ key: 'reply.matches', reason: `/${want.matches}/ does not match ${quote(text)}` });
  if (want.none === true && seen.toCustomer.length) out.push({ key: 'reply.none', reason: `expected silence; bot sent ${quote(text)}` });
  if (want.none === false && !seen.toCustomer.length) out.push({ key: 'reply.none', reason: 'expected a reply; nothing was sent' });
  const needsText = want.contains || want.any || want.matches !== undefined;
  if (needsText && !seen.toCustomer.length && !out.length) out.push({ key: 'reply', reason: 'nothing was sent to the customer' });
  return out;
};

const toCustomer: Checker<'to_customer'> = (want, seen) =>
  want.flatMap((item, i) => {
    const contains = item.contains === undefined ? [] : Array.isArray(item.contains) ? item.contains : [item.contains];
    const hit = seen.toCustomer.some((m) => (!item.kind || m.kind === item.kind) && contains.every((c) => m.text.includes(c)));
    return hit
      ? []
      : [{ key: `to_customer[${i}]`, reason: `no ${item.kind ?? 'message'} containing ${JSON.stringify(contains)}; sent: ${JSON.stringify(seen.toCustomer.map((m) => `${m.kind}: ${m.text.slice(0, 80)}`))}` }];
  });

const tools: Checker<'tools'> = (want, seen) => {
  if (!seen.tools) return [{ key: 'tools', reason: 'not supported yet: the turn handler records no tool calls' }];
  let at = 0;
  for (const name of want) {
    const found = seen.tools.indexOf(name, at);
    if (found < 0) return [{ key: 'tools', reason: `expected ${JSON.stringify(want)} in order; called ${JSON.stringify(seen.tools)}` }];
    at = found + 1;
  }
  return [];
};

const noTools: Checker<'no_tools'> = (want, seen) => {
  if (!seen.tools) return [{ key: 'no_tools', reason: 'not supported yet: the turn handler records no tool calls' }];
  const bad = want.filter((n) => seen.tools?.includes(n));
  return bad.length ? [{ key: 'no_tools', reason: `called ${JSON.stringify(bad)}` }] : [];
};

const CHECKERS: { [K in keyof Expect]?: Checker<K> } = { reply, to_customer: toCustomer, tools, no_tools: noTools };

/** Extra checkers registered by later parts of the product (cases, WeCom, handoff, payouts). */
export type ExtraCheckers = Partial<Record<keyof Expect, (want: unknown, seen: Observation) => Promise<Failure[]> | Failure[]>>;

export async function check(expect: Expect, seen: Observation, extra: ExtraCheckers = {}): Promise<Failure[]> {
  const failures: Failure[] = [];
  for (const key of Object.keys(expect) as (keyof Expect)[]) {
    const want = expect[key];
    if (want === undefined) continue;
    const fn = (extra[key] ?? CHECKERS[key]) as ((w: unknown, s: Observation) => Promise<Failure[]> | Failure[]) | undefined;
    if (!fn) {
      failures.push({ key, reason: 'not supported yet' });
      continue;
    }
    failures.push(...(await fn(want, seen)));
  }
  return failures;
}
