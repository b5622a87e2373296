// Live conversations at risk, for a supervisor to take over before anyone asks (issue “Takeover”):
// a customer waiting for a person, a promise the bot made and missed (an escalated case), an angry
// or anxious mood, or many messages in one conversation. Every customer message touches a sorted
// set of live conversations; the list reads the last LIVE_WINDOW of it.
import type { Case } from '../workflows/cases.js';
import { hkey, type HandoffDeps } from './deps.js';
import { ago, customerLabel, sayH, span, splitConversation } from './texts.js';

export const LIVE_WINDOW_MS = 30 * 60_000;
const KEEP_MS = 24 * 3600_000;
const MAX_SCANNED = 50;
const MAX_LISTED = 10;
/** Messages in one conversation from which it counts as a repeat contact. */
export const REPEAT_CONTACTS = 4;

const WHAT: Record<Case['type'], string> = { urge: '催派', verification: '网点核实', claim: '理赔', delivery_change: '派送变更', handoff: '转人工' };

export interface AtRisk {
  conversationId: string;
  channel: string;
  /** The masked phone (138****0001) or 未绑定手机号. */
  customer: string;
  state: 'bot' | 'queued';
  signals: string[];
  score: number;
  lastAt: number;
}

export async function touchLive(d: HandoffDeps, conversationId: string, at: number): Promise<void> {
  const k = hkey(d, 'live');
  await d.redis.multi().zadd(k, at, conversationId).zremrangebyscore(k, '-inf', at - KEEP_MS).exec();
}

export async function atRisk(d: HandoffDeps, now: number): Promise<AtRisk[]> {
  const raw = await d.redis.zrevrangebyscore(hkey(d, 'live'), '+inf', now - LIVE_WINDOW_MS, 'WITHSCORES', 'LIMIT', 0, MAX_SCANNED);
  const out: AtRisk[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const r = await assess(d, raw[i] ?? '', Number(raw[i + 1]), now);
    if (r) out.push(r);
  }
  return out.sort((a, b) => b.score - a.score || b.lastAt - a.lastAt).slice(0, MAX_LISTED);
}

async function assess(d: HandoffDeps, conversationId: string, lastAt: number, now: number): Promise<AtRisk | null> {
  const st = await d.states.get(conversationId);
  if (st.state === 'human') return null;
  const { channel, customerId } = splitConversation(conversationId);
  const [mem, cases, phone] = await Promise.all([d.memory.load(conversationId), d.cases.find({ customer: { channel, id: customerId }, limit: 20 }), d.identity.phoneOf(channel, customerId)]);
  const signals: string[] = [];
  let score = 0;
  const add = (text: string, weight: number) => {
    signals.push(text);
    score += weight;
  };
  if (st.state === 'queued') add(sayH('risk_queued', { waited: span(now - (st.since ?? now)) }), 3);
  const missed = cases.filter((c) => c.status === 'escalated');
  if (missed.length) add(sayH('risk_missed', { what: [...new Set(missed.map((c) => WHAT[c.type]))].join('、') }), 3);
  if (mem.mood === 'angry') add(sayH('risk_angry'), 2);
  else if (mem.mood === 'upset') add(sayH('risk_upset'), 1);
  if (mem.contacts >= REPEAT_CONTACTS) add(sayH('risk_repeat', { n: mem.contacts }), 1);
  const handoffs = cases.filter((c) => c.type === 'handoff' && c.status === 'closed').length;
  if (handoffs) add(sayH('risk_handoffs', { n: handoffs }), 1);
  // One weak sign alone (a long chat) is ordinary; two, or any strong one, is worth a look.
  if (score < 2) return null;
  return { conversationId, channel, customer: customerLabel(phone), state: st.state, signals, score, lastAt };
}

/** The list as a WeCom text; remembered per supervisor for “接管 N”. */
export async function riskText(d: HandoffDeps, user: string, now: number): Promise<string> {
  const list = await atRisk(d, now);
  const window = span(LIVE_WINDOW_MS);
  if (!list.length) return sayH('risk_none', { window });
  await d.redis.set(hkey(d, 'risklist', user), JSON.stringify(list.map((r) => r.conversationId)), 'EX', 600);
  const lines = list.map((r, i) => sayH('risk_line', { n: i + 1, who: r.customer, signals: r.signals.join('、'), ago: ago(r.lastAt, now) }));
  return [sayH('risk_head', { window }), ...lines, sayH('risk_tail')].join('\n');
}

/** The conversation behind “接管 N” and the signals it was listed for, or the text to answer. */
export async function pickFromList(d: HandoffDeps, user: string, n: number, now: number): Promise<{ conversationId: string; note: string } | { text: string }> {
  const raw = await d.redis.get(hkey(d, 'risklist', user));
  if (!raw) return { text: sayH('risk_stale') };
  const conversationId = (JSON.parse(raw) as string[])[n - 1];
  if (!conversationId) return { text: sayH('risk_no_such', { n }) };
  const why = (await assess(d, conversationId, now, now))?.signals.join('、') ?? '';
  return { conversationId, note: sayH('takeover_note', { signals: why || '主管判断' }) };
}
