// Messages that must wait. `held`: system notices (a station's answer, a claim result) for a
// customer a person is serving — diverted from the Notifier so the bot does not talk over the
// person; the supervisor sees a copy and the customer gets them when the chat ends. `pending`: a
// supervisor's lines while the customer's 48-hour window is closed, delivered when the customer
// writes again. Items keep their idempotency keys, so a repeated flush sends nothing twice.
import type { OutboundMessage } from '../outbound/dispatch.js';
import { touchLive } from './at-risk.js';
import { hkey, tell, type HandoffDeps } from './deps.js';
import { sayH, splitConversation } from './texts.js';

interface Item {
  key: string;
  text: string;
}

type Kind = 'held' | 'pending';
const TTL_S = 7 * 86_400;

export async function hold(d: HandoffDeps, kind: Kind, conversationId: string, item: Item): Promise<void> {
  const k = hkey(d, kind, conversationId);
  await d.redis.multi().rpush(k, JSON.stringify(item)).expire(k, TTL_S).exec();
}

async function take(d: HandoffDeps, kind: Kind, conversationId: string): Promise<Item[]> {
  const k = hkey(d, kind, conversationId);
  const res = await d.redis.multi().lrange(k, 0, -1).del(k).exec();
  const raw = (res?.[0]?.[1] as string[] | undefined) ?? [];
  return raw.map((r) => JSON.parse(r) as Item);
}

async function deliver(d: HandoffDeps, kind: Kind, conversationId: string): Promise<number> {
  const items = await take(d, kind, conversationId);
  const { channel, customerId } = splitConversation(conversationId);
  for (const it of items) {
    const m: OutboundMessage = { channel, to: customerId, conversationId, idempotencyKey: it.key, reply: { kind: 'text', text: it.text } };
    await d.outbound.send(m);
  }
  return items.length;
}

export const deliverHeld = (d: HandoffDeps, conversationId: string) => deliver(d, 'held', conversationId);
export const deliverPending = (d: HandoffDeps, conversationId: string) => deliver(d, 'pending', conversationId);

/**
 * The Notifier's diversion: true when a person serves this customer now — the notice is held for
 * after the chat and the supervisor gets a copy (once per notice) — false to send it as usual.
 * Either way the conversation counts as live for the at-risk list.
 */
export async function divertNotice(d: HandoffDeps, n: { conversationId: string; idempotencyKey: string; text: string }): Promise<boolean> {
  // A notice (a station's answer, a missed promise) makes a quiet conversation live again.
  await touchLive(d, n.conversationId, d.clock.now());
  const st = await d.states.get(n.conversationId);
  if (st.state !== 'human' || !st.assignee) return false;
  const fresh = (await d.redis.set(hkey(d, 'heldseen', n.idempotencyKey), '1', 'EX', TTL_S, 'NX')) === 'OK';
  if (!fresh) return true;
  await hold(d, 'held', n.conversationId, { key: n.idempotencyKey, text: n.text });
  await tell(d, [st.assignee], sayH('held_notice', { code: st.activeCode ?? '—', text: n.text }));
  return true;
}
