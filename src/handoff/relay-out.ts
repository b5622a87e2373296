// Supervisor → customer: a line written in WeCom goes out as 客服消息 through outbound (idempotent
// on the WeCom event, in order with everything else sent to the customer). Outside the 48-hour
// window, or with the window's quota used up, the line is kept and ONE template message invites
// the customer back; the kept lines go out as soon as the customer writes (relay-in). 微信客服
// chats handed to the servicer's client are answered there, not here.
import type { ConversationState } from '../conversation/state.js';
import { hkey, nameOf, type HandoffDeps } from './deps.js';
import { hold } from './held.js';
import { sayH, splitConversation } from './texts.js';

const INVITE_TTL_S = 48 * 3600;

/** Returns what to tell the supervisor, or undefined when the line simply went out. */
export async function relayOut(d: HandoffDeps, conversationId: string, st: ConversationState, user: string, text: string, eventKey: string): Promise<string | undefined> {
  if (st.bridge === 'kf') return sayH('kf_reply_in_client');
  const { channel, customerId } = splitConversation(conversationId);
  const now = d.clock.now();
  const key = `handoff:${eventKey}`;
  await d.history.append(conversationId, { at: now, from: 'agent', by: user, text, key: eventKey });
  if ((await d.outbound.window.peek(channel, customerId, now)) === 'ok') {
    await d.outbound.send({ channel, to: customerId, conversationId, idempotencyKey: key, reply: { kind: 'text', text } });
    return undefined;
  }
  await hold(d, 'pending', conversationId, { key, text });
  // Only the Official Account has template messages; one invitation per closed window is enough.
  const invite = channel === 'wechat' && (await d.redis.set(hkey(d, 'invited', conversationId), '1', 'EX', INVITE_TTL_S, 'NX')) === 'OK';
  if (invite) {
    const reply = { kind: 'text' as const, text: sayH('invite_back', { who: nameOf(d, user) }) };
    await d.outbound.send({ channel, to: customerId, conversationId, idempotencyKey: `${key}#invite`, reply });
  }
  return sayH('window_held', { invite: invite ? sayH('window_invited') : '' });
}
