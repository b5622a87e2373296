// The context card a supervisor sees before taking a chat (DESIGN.md “Bot and humans together”):
// 用户诉求, 已触发 with states and relative times, 补充信息 the customer gave, the parcel's last scan,
// the bound identity masked (138****0001, address to the district), mood and how often they wrote —
// so nobody asks for the waybill or the address again. Pure: the desk loads, this formats.
import type { ConversationMemory } from '../conversation/memory.js';
import type { Parcel } from '../courier/types.js';
import { lastValidScan, statusLabel } from '../courier/status.js';
import { maskAddress } from '../lib/mask.js';
import { formatWhen } from '../lib/time-zh.js';
import { supplementsIn } from '../agent/supplements.js';
import type { Case } from '../workflows/cases.js';
import type { TaskField } from '../workflows/tasks/index.js';
import { customerLabel, sayH } from './texts.js';
import { triggeredLines } from './triggered.js';

export interface ContextInput {
  caseId: string;
  /** One line from the conversation (the handoff's reason). */
  claim: string;
  takeover?: boolean;
  /** Built inside the turn that asked for a person: that message is not in memory yet. */
  inTurn: boolean;
  memory: ConversationMemory;
  /** The customer's other cases (the handoff's own excluded). */
  others: readonly Case[];
  parcel: Parcel | null;
  phone: string | null;
  now: number;
  due: number;
}

export interface ContextCard {
  title: string;
  description: string;
  fields: TaskField[];
  quote?: { title: string; text: string };
}

const cut = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function contextCard(i: ContextInput): ContextCard {
  const { memory: mem, parcel, now } = i;
  // Memory is saved after the turn: the message asking for a person counts and gives facts here.
  const { inTurn } = i;
  const facts = [...new Set([...mem.facts, ...(inTurn ? supplementsIn(i.claim) : [])])];
  const contacts = mem.contacts + (inTurn ? 1 : 0);
  const triggered = triggeredLines(i.others, now, parcel?.waybill);
  const earlierHandoffs = i.others.filter((c) => c.type === 'handoff').length;
  const fields: TaskField[] = [
    { key: sayH('field_claim'), value: cut(i.claim) },
    { key: sayH('field_triggered'), value: triggered.length ? triggered.join('；') : sayH('triggered_none') },
    { key: sayH('field_facts'), value: facts.length ? cut(facts.join('；')) : sayH('none') },
    { key: sayH('field_parcel'), value: parcel ? parcelLine(parcel, now) : sayH('none') },
    { key: sayH('field_customer'), value: customerLine(parcel, i.phone) },
    { key: sayH('field_mood'), value: `${sayH(`mood_${mem.mood ?? 'neutral'}`)} · ${earlierHandoffs ? sayH('contacts_handoffs', { n: contacts, h: earlierHandoffs }) : sayH('contacts', { n: contacts })}` },
  ];
  const said = [...mem.turns.filter((t) => t.role === 'customer').map((t) => t.text), ...(inTurn ? [i.claim] : [])].filter((t, k, all) => all.indexOf(t) === k);
  return {
    title: sayH(i.takeover ? 'card_title_takeover' : 'card_title', { case: i.caseId }),
    description: sayH('card_desc', { due: formatWhen(i.due, now) }),
    fields,
    ...(said.length ? { quote: { title: '客户原话', text: cut(said.slice(-3).join(' ｜ '), 300) } } : {}),
  };
}

function parcelLine(p: Parcel, now: number): string {
  const scan = lastValidScan(p, now);
  return cut(scan ? `${p.waybill} · ${formatWhen(scan.at, now)} ${scan.site} ${statusLabel(scan.status)}` : p.waybill);
}

/** Masked phone, the customer's role on the parcel, and their address only down to the district. */
function customerLine(p: Parcel | null, phone: string | null): string {
  const party = p && phone ? (p.receiver.phone === phone ? 'receiver' : p.sender.phone === phone ? 'sender' : undefined) : undefined;
  const parts = [customerLabel(phone)];
  if (p) parts.push(sayH(`role_${party ?? 'unknown'}`));
  const who = party ? p?.[party] : undefined;
  if (who) parts.push(who.district ?? (who.address ? maskAddress(who.address).replace(/\*+$/, '') : who.city));
  return parts.join(' · ');
}
