// The end of a person's chat — the `end` button, the supervisor writing “结束”, the customer leaving,
// or the 微信客服 session ended in the WeCom client — hands the conversation back to the bot. The
// customer gets a short summary (the supervisor's own words after “结束：”, else what it was about),
// the bot's memory learns that a person handled it, system notices held during the chat go out,
// and the case and the history keep the record.
import { addTurn } from '../conversation/memory.js';
import { CaseTransitionError } from '../workflows/cases.js';
import { closeTask } from './cards.js';
import { nameOf, type HandoffDeps } from './deps.js';
import { deliverHeld } from './held.js';
import { kfSay, kfStop } from './kf-bridge.js';
import { sayH, splitConversation } from './texts.js';

export type EndVia = 'card' | 'text' | 'customer_left' | 'platform';

export async function endChat(d: HandoffDeps, conversationId: string, user: string, o: { via: EndVia; note?: string }): Promise<string> {
  const st = await d.states.get(conversationId);
  if (st.state !== 'human' || !st.caseId || !st.assignee) return sayH('chat_not_active');
  const byCustomerOrPlatform = o.via === 'customer_left' || o.via === 'platform';
  if (!byCustomerOrPlatform && st.assignee !== user) return sayH('chat_not_yours', { who: nameOf(d, st.assignee) });
  const { channel, customerId } = splitConversation(conversationId);
  const c = await d.cases.get(st.caseId);
  const who = nameOf(d, st.assignee);
  const note = o.note?.trim().slice(0, 200);
  const summary = note ? sayH('ended_summary_note', { note }) : sayH('ended_summary_reason', { reason: String(c?.data.reason ?? '').slice(0, 40) || '您的问题' });

  // The platform session first: its goodbye code exists only once the session is at 4.
  const goodbye = st.bridge === 'kf' && o.via !== 'platform' ? await kfStop(d, customerId) : undefined;
  if (!(await d.states.release(conversationId, st.caseId))) return sayH('chat_not_active');
  const now = d.clock.now();
  if (c && c.status === 'human') {
    await d.cases.transition(c.id, 'closed', `wecom:${user}`, `人工服务结束（${o.via}）${note ? `：${note}` : ''}`).catch((err: unknown) => {
      if (!(err instanceof CaseTransitionError)) throw err;
    });
  }
  await d.chats.remove(st.assignee, conversationId);

  if (o.via !== 'customer_left') {
    const text = sayH('ended_customer', { who, summary });
    if (st.bridge === 'kf') await kfSay(d, goodbye, text, `end:${st.caseId}`);
    else await d.outbound.send({ channel, to: customerId, conversationId, idempotencyKey: `handoff:${st.caseId}:end`, reply: { kind: 'text', text } });
    await d.history.append(conversationId, { at: now, from: 'bot', text, key: `end:${st.caseId}` });
  }
  // On 微信客服 the session is at 4 now: held notices wait for the customer's next message.
  if (st.bridge !== 'kf') await deliverHeld(d, conversationId);
  const mem = await d.memory.load(conversationId);
  await d.memory.save(conversationId, addTurn(mem, 'bot', `[人工客服 ${who} 已处理 ${st.caseId}] ${summary}`, now));
  await d.history.append(conversationId, { at: now, from: 'system', text: `人工服务结束（${who}，${st.caseId}）${note ? `：${note}` : ''}`, key: `end:${st.caseId}` });
  // A typed “结束” leaves the end card clickable: settle it so the card shows the chat is over.
  if (o.via !== 'card' && st.activeTaskId) await closeTask(d, st.activeTaskId, 'end', st.assignee);
  d.logger.info({ case: st.caseId, via: o.via }, 'handoff chat ended; the bot answers again');
  return sayH('ended_supervisor', { case: st.caseId });
}
