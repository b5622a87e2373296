// A supervisor takes a chat: by the accept button of the context card, or by taking over a live
// conversation before anyone asked (the at-risk list). The conversation state decides who wins —
// one Lua claim, so two clicks at once leave one owner — and the loser is told who has it. The
// winner gets the end card and the recent history; the customer hears that a person is here.
// Every step is safe to repeat: a retried click finds the claim already `mine`.
import type { Bridge } from '../conversation/state.js';
import type { Case } from '../workflows/cases.js';
import { CaseTransitionError } from '../workflows/cases.js';
import { closeTask, sendHandoffCard } from './cards.js';
import { nameOf, type HandoffDeps } from './deps.js';
import { kfSay, kfStart } from './kf-bridge.js';
import { customerLabel, sayH, splitConversation } from './texts.js';

const RECENT = 8;

export async function acceptChat(d: HandoffDeps, caseId: string, user: string): Promise<string> {
  const c = await d.cases.get(caseId);
  const conversationId = c ? String(c.data.conversationId ?? '') : '';
  if (!c || !conversationId) return sayH('chat_gone');
  const claim = await d.states.claim(conversationId, user, d.clock.now(), { caseId });
  if (claim.result === 'taken') return sayH('chat_taken', { who: nameOf(d, claim.assignee) });
  if (claim.result === 'not_waiting') return sayH('chat_gone');
  return startChat(d, c, conversationId, user, 'accept');
}

export async function takeOver(d: HandoffDeps, conversationId: string, user: string, note: string): Promise<string> {
  const st = await d.states.get(conversationId);
  if (st.state === 'human') return st.assignee === user ? sayH('promise_human', { who: nameOf(d, user) }) : sayH('chat_taken', { who: nameOf(d, st.assignee ?? '') });
  const { channel, customerId } = splitConversation(conversationId);
  // The queued chat's own case (openOrJoin joins it), or a new one for this takeover.
  const opened = await d.cases.openOrJoin({ type: 'handoff', customer: { channel, id: customerId, role: 'unknown' }, data: { conversationId, reason: note, takeover: true }, actor: `wecom:${user}`, note });
  const claim = await d.states.claim(conversationId, user, d.clock.now(), { caseId: opened.case.id, takeover: true });
  if (claim.result === 'taken' || claim.result === 'not_waiting') {
    if (opened.created) await d.cases.transition(opened.case.id, 'closed', `wecom:${user}`, '接管未成功').catch(() => undefined);
    return claim.result === 'taken' ? sayH('chat_taken', { who: nameOf(d, claim.assignee) }) : sayH('chat_gone');
  }
  // Nobody may accept the old request any more: the card shows who took it.
  if (st.acceptTaskId) await closeTask(d, st.acceptTaskId, 'accept', user);
  return startChat(d, opened.case, conversationId, user, 'takeover');
}

async function startChat(d: HandoffDeps, c: Case, conversationId: string, user: string, how: 'accept' | 'takeover'): Promise<string> {
  const now = d.clock.now();
  const actor = `wecom:${user}`;
  if (c.status === 'queued') await d.cases.transition(c.id, 'human', actor, how === 'takeover' ? '主管主动接管' : '主管接入').catch(ignoreRepeat);
  if (c.assignee !== user) await d.cases.assign(c.id, user, actor);
  const { channel, customerId } = splitConversation(conversationId);
  const who = customerLabel(await d.identity.phoneOf(channel, customerId));
  const start: { bridge: Bridge; msgCode?: string } = channel === 'wecom-kf' ? await kfStart(d, customerId, user) : { bridge: 'relay' };

  const claim = String(c.data.reason ?? '');
  const card = await sendHandoffCard(d, { c, conversationId, claim, to: [user], stage: 'active', takeover: how === 'takeover', bridge: start.bridge });
  await d.states.update(conversationId, c.id, { bridge: start.bridge, ...(card && { activeTaskId: card.id, activeCode: card.code }) });
  await d.chats.add(user, conversationId);

  const hello = sayH(how === 'takeover' ? 'taken_over_customer' : 'accepted_customer', { who: nameOf(d, user) });
  if (start.bridge === 'kf') await kfSay(d, start.msgCode, hello, `start:${c.id}:${user}`);
  else await d.outbound.send({ channel, to: customerId, conversationId, idempotencyKey: `handoff:${c.id}:start:${user}`, reply: { kind: 'text', text: hello } });
  await d.history.append(conversationId, { at: now, from: 'system', text: `客服 ${nameOf(d, user)} 接入（${c.id}）`, key: `start:${c.id}:${user}` });
  await d.history.append(conversationId, { at: now, from: 'agent', by: user, text: hello, key: `start:${c.id}:${user}` });

  const head = sayH(start.bridge === 'kf' ? 'accepted_kf_supervisor' : 'accepted_supervisor', { case: c.id, who });
  return [head, ...(await recentLines(d, conversationId))].join('\n');
}

/** The last messages before the person came, so they can answer without scrolling anywhere. */
async function recentLines(d: HandoffDeps, conversationId: string): Promise<string[]> {
  const lines = (await d.history.recent(conversationId, RECENT + 4)).filter((e) => e.from === 'customer' || e.from === 'bot').slice(-RECENT);
  if (!lines.length) return [];
  return [sayH('recent_head'), ...lines.map((e) => sayH('recent_line', { who: sayH(`who_${e.from}`), text: e.text.slice(0, 120) }))];
}

/** A retried step meets the case already moved: that is not a failure. */
function ignoreRepeat(err: unknown): void {
  if (!(err instanceof CaseTransitionError)) throw err;
}
