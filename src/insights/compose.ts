// The texts operations read: an alert (what, where, how much above normal, likely cause, three
// masked example conversations, a suggested action) and its parts. Wording is in
// templates/insights.yaml; this only fills it in and keeps the robot's 4096-byte limit.
import { render } from '../lib/templates.js';
import type { Cause } from './cause.js';
import { CATEGORY_LABEL, DIMENSION_LABEL } from './labels.js';
import { maskConversationId } from './redact.js';
import { shortTime } from './time.js';
import type { Category, InsightEvent, SeriesDimension } from './types.js';

/** Display names of places (a station id → 闵行七宝网点); identity when unknown. */
export type PlaceNames = (dim: SeriesDimension, value: string) => string;
export const plainNames: PlaceNames = (_dim, value) => value;

const say = (name: string, vars: Record<string, string | number> = {}) => render('insights.yaml', name, vars);
const ROBOT_LIMIT_BYTES = 4000;
const MAX_ALSO = 5;

export const fmt = (x: number): string => (x >= 10 ? String(Math.round(x)) : String(Number(x.toFixed(x >= 1 ? 1 : 2))));

export function whereOf(dim: SeriesDimension, value: string, names: PlaceNames): string {
  return dim === 'all' ? '全网' : `${DIMENSION_LABEL[dim]} ${names(dim, value)}`;
}

export function ratioText(count: number, expected: number): string {
  return expected < 0.05 ? say('ratio_new') : say('ratio_times', { ratio: fmt(count / expected) });
}

/** Up to `n` examples from different conversations, newest first. */
export function examplesOf(events: readonly InsightEvent[], n = 3): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of events) {
    if (!e.excerpt || !e.conversationId || seen.has(e.conversationId)) continue;
    seen.add(e.conversationId);
    out.push(say('alert_example', { n: out.length + 1, when: shortTime(e.at), conversation: maskConversationId(e.conversationId), excerpt: e.excerpt }));
    if (out.length === n) break;
  }
  return out;
}

const ACTIONS = new Set(['locker_notice', 'fresh_delay', 'urge', 'track', 'lost', 'damaged', 'signed_not_received']);

export function suggestedAction(category: Category, where: string, causes: readonly Cause[]): string {
  const base = say(ACTIONS.has(category) ? `action_${category}` : 'action_default', { where });
  const extra = causes.map((c) =>
    c.kind === 'courier' ? say('action_cause_courier', { courier: c.subject }) : c.kind === 'stalled' ? say('action_cause_stalled', { site: c.subject }) : say('action_cause_transit', { route: c.subject }),
  );
  return [base, ...extra].join('');
}

export interface AlertParts {
  category: Category;
  dim: SeriesDimension;
  value: string;
  windowH: number;
  count: number;
  expected: number;
  per10k?: number;
  normalPer10k?: number;
  also: string[];
  causes: readonly Cause[];
  examples: readonly string[];
  action: string;
  names: PlaceNames;
}

export function alertMarkdown(a: AlertParts): string {
  const lines = [
    say('alert_title', { category: CATEGORY_LABEL[a.category], where: whereOf(a.dim, a.value, a.names) }),
    say('alert_amount', { window: a.windowH, count: a.count, expected: fmt(a.expected), ratio: ratioText(a.count, a.expected) }),
    ...(a.per10k !== undefined && a.normalPer10k !== undefined ? [say('alert_rate', { per10k: fmt(a.per10k), normal: fmt(a.normalPer10k) })] : []),
    ...(a.also.length ? [say('alert_also', { also: a.also.length > MAX_ALSO ? `${a.also.slice(0, MAX_ALSO).join('、')} 等 ${a.also.length} 处` : a.also.join('、') })] : []),
    ...(a.causes.length ? [say('alert_causes', { causes: a.causes.map((c) => c.text).join('；') })] : []),
    ...(a.examples.length ? [say('alert_examples'), ...a.examples] : []),
    say('alert_action', { action: a.action }),
    say('alert_link', { category: a.category, dim: a.dim, value: encodeURIComponent(a.value) }),
  ];
  return fitBytes(lines, ROBOT_LIMIT_BYTES);
}

/** Cuts the text (by characters, never inside one) until it fits the byte limit. */
export function fitBytes(lines: string[], limit: number): string {
  const text = lines.join('\n');
  if (Buffer.byteLength(text) <= limit) return text;
  let cut = text;
  while (Buffer.byteLength(cut) > limit - 3) cut = [...cut].slice(0, -20).join('');
  return `${cut}…`;
}
