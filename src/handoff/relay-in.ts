// Customer → supervisor while a person owns the chat (the respond worker asks the gate first; the
// bot says nothing). Official Account chats are relayed into WeCom as lines that carry the chat's
// #code, so a quoted reply finds its way back; a photo comes as a card opening the picture, a voice
// as its recognised text. 微信客服 chats need no relay — the servicer sees them in the WeCom
// client — but the platform is asked whether the session is still theirs, because a servicer may
// end or transfer it there; an ended session hands this very message back to the bot.
import type { InboundMessage } from '../domain/inbound.js';
import type { ConversationState } from '../conversation/state.js';
import { maskPhonesIn } from '../lib/mask.js';
import { endChat } from './chat-end.js';
import { hkey, nameOf, tell, type HandoffDeps } from './deps.js';
import { deliverHeld, deliverPending } from './held.js';
import { kfSession } from './kf-bridge.js';
import { customerLabel, sayH, splitConversation } from './texts.js';

export async function relayIn(d: HandoffDeps, msg: InboundMessage, conversationId: string, st: ConversationState): Promise<'relayed' | 'released'> {
  const user = st.assignee ?? '';
  const code = st.activeCode ?? '—';
  if (msg.type === 'event' && msg.event === 'unsubscribe') {
    await endChat(d, conversationId, user, { via: 'customer_left' });
    await tell(d, [user], sayH('customer_left', { code }));
    return 'relayed';
  }
  const { channel, customerId } = splitConversation(conversationId);
  if (st.bridge === 'kf') return kfWatch(d, conversationId, customerId, st);

  // The customer is back inside the window: what the supervisor wrote meanwhile goes out first.
  const delivered = await deliverPending(d, conversationId);
  if (delivered) {
    await d.redis.del(hkey(d, 'invited', conversationId));
    await tell(d, [user], sayH('held_delivered', { n: delivered, code }));
  }
  const who = customerLabel(await d.identity.phoneOf(channel, customerId));
  const done = hkey(d, 'relayed', msg.key);
  if (await d.redis.exists(done)) return 'relayed';
  if (!d.wecom) return 'relayed';
  // Sent before it is marked: a crash in between relays a line twice rather than never.
  if (msg.type === 'image' && msg.picUrl) {
    await d.wecom.sendTextCard([user], { title: sayH('relay_image'), description: sayH('relay_image_desc', { code, who }), url: msg.picUrl, btntxt: '查看' });
  } else {
    const line = inboundLine(msg);
    if (line === null) return 'relayed';
    // Supervisors see the bound phone masked everywhere; a number typed in a message as well.
    await d.wecom.sendText([user], msg.type === 'image' ? sayH('relay_image_text', { code, who }) : sayH('relay_in', { code, who, text: maskPhonesIn(line) }));
  }
  await d.redis.set(done, '1', 'EX', 86_400);
  return 'relayed';
}

/** What a person reads for a customer message (relay line, history); null for events not worth one. */
export function inboundLine(msg: InboundMessage): string | null {
  switch (msg.type) {
    case 'text':
      return msg.text;
    case 'voice':
      return msg.recognition?.trim() ? sayH('relay_voice', { text: msg.recognition.trim() }) : sayH('relay_voice_empty');
    case 'location':
      return sayH('relay_location', { label: msg.label ?? `${msg.lat},${msg.lng}` });
    case 'link':
      return sayH('relay_link', { title: msg.title, url: msg.url });
    case 'video':
    case 'file':
      return sayH('relay_file');
    case 'event':
      return msg.event === 'click' ? sayH('relay_event', { what: `点了菜单 ${msg.eventKey ?? ''}`.trim() }) : null;
    case 'image':
      return '[图片]';
    default:
      return sayH('relay_event', { what: msg.rawType });
  }
}

async function kfWatch(d: HandoffDeps, conversationId: string, customerId: string, st: ConversationState): Promise<'relayed' | 'released'> {
  const user = st.assignee ?? '';
  const code = st.activeCode ?? '—';
  const s = await kfSession(d, customerId, user);
  if (s.state === 'ended') {
    await endChat(d, conversationId, user, { via: 'platform' });
    await tell(d, [user], sayH('kf_ended_outside', { code }));
    // The customer's message reopened the session: notices held during the chat can go now.
    await deliverHeld(d, conversationId);
    return 'released';
  }
  if (s.state === 'transferred' && st.caseId) {
    // Transferred servicer to servicer in the client (3→3): the new one owns the chat here too.
    await d.states.update(conversationId, st.caseId, { assignee: s.to });
    await d.chats.remove(user, conversationId);
    await d.chats.add(s.to, conversationId);
    await d.cases.assign(st.caseId, s.to, 'kf:platform');
    await tell(d, [user], sayH('kf_transferred', { code, who: nameOf(d, s.to) }));
  }
  return 'relayed';
}
