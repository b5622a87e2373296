// What supervisors do in the WeCom app, wired into TaskCards: the card buttons (`accept`, `end`),
// texts that name a chat by its #code (typed, or inside a quoted relay line), and plain texts —
// relayed to the chat they are serving, or one of the commands: “结束[：小结]”, “风险” (the at-risk
// list) and “接管 N”. Texts of a supervisor serving nobody that are no command are left to the
// next handler (TaskCards' help text), so other parts may add their own commands.
import { createHash } from 'node:crypto';
import type { StaffEvent } from '../domain/staff.js';
import type { MessageContext, TaskCards } from '../workflows/tasks/index.js';
import { HANDOFF_OUTCOMES } from '../workflows/tasks/index.js';
import { OWNER } from './cards.js';
import { acceptChat, takeOver } from './chat-start.js';
import { endChat } from './chat-end.js';
import { pickFromList, riskText } from './at-risk.js';
import { nameOf, tell, type HandoffDeps } from './deps.js';
import { relayOut } from './relay-out.js';
import { customerLabel, sayH, splitConversation } from './texts.js';

type Command = { kind: 'end'; note?: string } | { kind: 'risk' } | { kind: 'take'; n: number } | { kind: 'say'; text: string };

export function parseCommand(raw: string): Command {
  const text = raw.trim();
  const end = /^结束(?:会话|服务|人工)?(?:\s*[:：,，]\s*([\s\S]+))?$/.exec(text);
  if (end) return { kind: 'end', ...(end[1]?.trim() && { note: end[1].trim() }) };
  if (/^(?:风险|风险会话|待关注|会话列表)$/.test(text)) return { kind: 'risk' };
  const take = /^接管\s*(\d{1,2})$/.exec(text);
  if (take) return { kind: 'take', n: Number(take[1]) };
  return { kind: 'say', text };
}

export function registerHandoffHandlers(d: HandoffDeps, tasks: TaskCards): void {
  tasks.onOutcome(OWNER, async (ctx) => {
    if (ctx.outcome === HANDOFF_OUTCOMES.accept) return acceptChat(d, ctx.task.ownerRef, ctx.user);
    if (ctx.outcome === HANDOFF_OUTCOMES.end) return endOfCase(d, ctx.task.ownerRef, ctx.user);
    return undefined;
  });
  tasks.onMessage(OWNER, (ctx) => aboutChat(d, ctx));
  tasks.onUnmatched((e) => supervisorMessage(d, e));
}

async function endOfCase(d: HandoffDeps, caseId: string, user: string): Promise<string> {
  const c = await d.cases.get(caseId);
  return c ? endChat(d, String(c.data.conversationId ?? ''), user, { via: 'card' }) : sayH('chat_not_active');
}

/** A text or photo naming a chat's #code: that chat, whichever the supervisor's current one is. */
async function aboutChat(d: HandoffDeps, ctx: MessageContext): Promise<string> {
  const c = await d.cases.get(ctx.task.ownerRef);
  const conversationId = String(c?.data.conversationId ?? '');
  const st = conversationId ? await d.states.get(conversationId) : null;
  if (!st || st.state !== 'human' || st.caseId !== ctx.task.ownerRef) return st?.state === 'queued' ? sayH('chat_gone') : sayH('chat_not_active');
  if (st.assignee !== ctx.user) return sayH('chat_not_yours', { who: nameOf(d, st.assignee ?? '') });
  await d.chats.setCurrent(ctx.user, conversationId);
  if (!ctx.text) return sayH('photo_not_relayed');
  // The #code (and a quoted relay line) is addressing, not a message for the customer.
  const text = stripAddress(ctx.text);
  const cmd = parseCommand(text);
  if (cmd.kind === 'end') return endChat(d, conversationId, ctx.user, { via: 'text', ...(cmd.note && { note: cmd.note }) });
  if (!text) return sayH('sent_to', { code: st.activeCode ?? '—', who: await whoOf(d, conversationId) });
  // TaskCards hands a message without its event key; a retried event within the minute is the same line.
  const key = `msg:${ctx.task.id}:${createHash('sha1').update(text).digest('hex').slice(0, 16)}:${Math.floor(d.clock.now() / 60_000)}`;
  return (await relayOut(d, conversationId, st, ctx.user, text, key)) ?? sayH('sent_to', { code: st.activeCode ?? '—', who: await whoOf(d, conversationId) });
}

async function supervisorMessage(d: HandoffDeps, e: StaffEvent): Promise<boolean> {
  if (e.type !== 'text' && e.type !== 'image' && e.type !== 'voice') return false;
  if (!d.directory?.snapshot.supervisors.some((s) => s.userid === e.from)) return false;
  const now = d.clock.now();
  const cmd = e.type === 'text' ? parseCommand(e.text) : ({ kind: 'say', text: '' } as const);
  if (cmd.kind === 'risk') return answer(d, e.from, await riskText(d, e.from, now));
  if (cmd.kind === 'take') {
    const picked = await pickFromList(d, e.from, cmd.n, now);
    return answer(d, e.from, 'text' in picked ? picked.text : await takeOver(d, picked.conversationId, e.from, picked.note));
  }
  const chats = await d.chats.list(e.from);
  if (!chats.length) return false;
  const current = await d.chats.current(e.from);
  if (!current) return answer(d, e.from, await whichChat(d, chats));
  const st = await d.states.get(current);
  if (st.state !== 'human' || st.assignee !== e.from) {
    await d.chats.remove(e.from, current);
    return answer(d, e.from, sayH('chat_not_active'));
  }
  if (cmd.kind === 'end') return answer(d, e.from, await endChat(d, current, e.from, { via: 'text', ...(cmd.note && { note: cmd.note }) }));
  if (e.type !== 'text' || !cmd.text) return answer(d, e.from, st.bridge === 'kf' ? sayH('kf_reply_in_client') : sayH('photo_not_relayed'));
  const said = await relayOut(d, current, st, e.from, cmd.text, e.key);
  // With several chats open, each line says where it went, so a slip is seen at once.
  const ack = said ?? (chats.length > 1 ? sayH('sent_to', { code: st.activeCode ?? '—', who: await whoOf(d, current) }) : undefined);
  if (ack) await tell(d, [e.from], ack);
  return true;
}

async function whichChat(d: HandoffDeps, chats: string[]): Promise<string> {
  const codes = (await Promise.all(chats.map(async (c) => (await d.states.get(c)).activeCode))).filter((c): c is string => !!c).map((c) => `#${c}`);
  return sayH('which_chat', { n: chats.length, codes: codes.join(' ') || '—', example: codes[0] ?? '#任务码' });
}

async function answer(d: HandoffDeps, user: string, text: string): Promise<true> {
  await tell(d, [user], text);
  return true;
}

async function whoOf(d: HandoffDeps, conversationId: string): Promise<string> {
  const { channel, customerId } = splitConversation(conversationId);
  return customerLabel(await d.identity.phoneOf(channel, customerId));
}

/** Drops the #code and a quoted relay line (WeCom puts the quote above a dashed rule). */
function stripAddress(text: string): string {
  const afterQuote = text.split(/\n-\s?-\s?-[\s-]*\n/).pop() ?? text;
  return afterQuote.replace(/[#＃]\s?[0-9A-Za-z]{6}(?![0-9A-Za-z])/g, '').trim();
}
