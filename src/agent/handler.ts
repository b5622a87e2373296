// AgentHandler: the TurnHandler the respond worker calls once the agent is on. It prepares a turn
// (message type, identity, memory), runs the agent loop with the customer as frozen context, and
// turns the result into replies and memory updates. Tool calls are recorded per message for the
// scenario runner and insights.
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { InboundMessage } from '../domain/inbound.js';
import type { Reply, TurnContext, TurnHandler } from '../conversation/handler.js';
import type { Identity } from '../conversation/identity.js';
import { addFact, addTurn, remember, type ConversationMemory, type MemoryStore } from '../conversation/memory.js';
import type { Workflows } from '../workflows/workflows.js';
import type { Redis } from '../store/redis.js';
import type { Keys } from '../store/keys.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { render, loadTemplates } from '../lib/templates.js';
import { freezeContext, type AgentContext } from '../tools/context.js';
import { parseToolResult, type ToolResult } from '../tools/result.js';
import { understand } from './nlu/index.js';
import { encodeState } from './state.js';
import { supplementsIn } from './supplements.js';
import type { CourierAgent } from './create.js';
import { BasicHandler } from '../conversation/basic-handler.js';
import type { TurnSink } from '../insights/sink.js';

export interface AgentHandlerDeps {
  agent: CourierAgent;
  memory: MemoryStore;
  identity: Identity;
  workflows: Workflows;
  redis: Redis;
  keys: Keys;
  clock: Clock;
  logger: Logger;
  /** Insights: each recorded turn is reported once (insights/sink.ts). */
  insights?: TurnSink;
}

/** Menu clicks the agent answers as if the customer had typed this (menu.json keys). */
const MENU_UTTERANCES: Record<string, string> = { menu_track: '查快递', menu_urge: '催一下', menu_human: '转人工' };
const HISTORY_TURNS = 6;

export interface TurnRecord {
  tools: string[];
  intent?: string;
  results: { tool: string; status: string; caseId?: string }[];
}

export class AgentHandler implements TurnHandler {
  private readonly basic = new BasicHandler();
  constructor(private readonly d: AgentHandlerDeps) {}

  async handle(msg: InboundMessage, turn: TurnContext): Promise<Reply[]> {
    const text = this.textOf(msg);
    if (text === null) {
      if (msg.type === 'image') return this.photo(msg, turn);
      if (msg.type === 'voice') return [{ kind: 'text', text: render('agent.yaml', 'voice_empty') }];
      return this.basic.handle(msg);
    }
    return this.converse(msg, turn, text);
  }

  private textOf(msg: InboundMessage): string | null {
    if (msg.type === 'text') return msg.text.trim() || null;
    if (msg.type === 'voice') return msg.recognition?.trim() || null;
    if (msg.type === 'event' && msg.event === 'click' && msg.eventKey) return MENU_UTTERANCES[msg.eventKey] ?? null;
    return null;
  }

  private async converse(msg: InboundMessage, turn: TurnContext, text: string): Promise<Reply[]> {
    const { memory, identity, clock } = this.d;
    let mem = await memory.load(turn.conversationId);
    // A station asked this customer for more information: anything that is not a clear new
    // request is their answer, and re-opens the verification (issue: need_info asks and re-opens).
    const u0 = understand(text, {});
    if (this.d.workflows.customerReplied && (u0.intent === 'other' || u0.confidence < 0.8) && !u0.slots.injection && !u0.slots.abuse) {
      const answered = await this.d.workflows.customerReplied({ channel: turn.channel, id: turn.customerId }, text, msg.key);
      if (answered) {
        await memory.save(turn.conversationId, addTurn(addTurn(mem, 'customer', text, clock.now()), 'bot', answered.reply, clock.now()));
        await this.record(turn.conversationId, msg.key, { tools: [], intent: 'need_info_answer', results: [{ tool: 'verification_info', status: 'ok', caseId: answered.case.id }] });
        return [{ kind: 'text', text: answered.reply }];
      }
    }
    const phone = await identity.phoneOf(turn.channel, turn.customerId);
    const now = clock.now();
    const context = freezeContext({ channel: turn.channel, customerId: turn.customerId, conversationId: turn.conversationId, messageKey: msg.key, phone, now });
    // Promises the bot missed (escalated cases): the same problem raised again goes to a person.
    const missed = (await this.d.workflows.casesOf({ channel: turn.channel, id: turn.customerId })).filter((c) => c.status === 'escalated').map((c) => ({ type: c.type, waybill: c.waybill }));
    const state = { bound: !!phone, discussed: mem.discussed, lastWaybill: mem.lastWaybill, lastIntent: mem.lastIntent, awaiting: mem.awaiting, offered: mem.offered, facts: mem.facts, mood: mem.mood, missed, failures: mem.failures };
    const history: BaseMessage[] = mem.turns.slice(-HISTORY_TURNS).map((t) => (t.role === 'customer' ? new HumanMessage(t.text) : new AIMessage(t.text)));
    const messages = [new SystemMessage(`${loadTemplates('prompts.yaml').system}\n${encodeState(state)}`), ...history, new HumanMessage(text)];

    const result = await this.run(messages, context, msg.key);
    const produced = (result.messages as BaseMessage[]).slice(messages.length);
    const calls = produced.flatMap((m) => (m.getType() === 'ai' ? ((m as AIMessage).tool_calls ?? []) : []));
    const toolResults = produced.filter((m) => m.getType() === 'tool').map((m) => ({ tool: (m as { name?: string }).name ?? '', r: parseToolResult(m.content) }));
    const final = [...produced].reverse().find((m) => m.getType() === 'ai' && !((m as AIMessage).tool_calls?.length));
    const answer = (final && typeof final.content === 'string' && final.content.trim()) || render('agent.yaml', 'tool_error');
    // Failing the customer twice in a row is a reason for a person (issue “When to hand off”); the
    // rules plan catches not understanding, this catches a second failed tool or model.
    const failed = !final || toolResults.some((t) => t.r?.status === 'error') || (!calls.length && answer === render('agent.yaml', 'didnt_understand'));
    const handedOff = calls.some((c) => c.name === 'handoff_to_human');
    const escalate = failed && !handedOff && (mem.failures ?? 0) >= 1;
    const replyText = escalate ? `${answer}\n${await this.handOffAfterFailures(msg, turn, text)}` : answer;
    if (escalate) calls.push({ name: 'handoff_to_human', args: {}, id: 'after_failures', type: 'tool_call' });

    const failures = failed && !handedOff && !escalate ? (mem.failures ?? 0) + 1 : 0;
    mem = { ...this.updateMemory(mem, text, replyText, now, toolResults.map((t) => t.r).filter((r): r is ToolResult => !!r), calls.length > 0), failures };
    await memory.save(turn.conversationId, mem);
    const record: TurnRecord = {
      tools: calls.map((c) => c.name),
      intent: mem.lastIntent,
      results: toolResults.map((t) => ({ tool: t.tool, status: t.r?.status ?? 'unparsed', caseId: t.r?.caseId })),
    };
    await this.record(turn.conversationId, msg.key, record, { text, waybill: mem.lastWaybill });

    const replies: Reply[] = [{ kind: 'text', text: replyText }];
    for (const t of toolResults) for (const a of t.r?.attachments ?? []) replies.push({ kind: 'image', photo: { waybill: a.waybill }, caption: a.caption });
    return replies;
  }

  private updateMemory(mem: ConversationMemory, text: string, reply: string, now: number, results: ToolResult[], calledTools: boolean): ConversationMemory {
    const u = understand(text, { discussedWaybills: mem.discussed });
    let m = addTurn(addTurn(mem, 'customer', text, now), 'bot', reply, now);
    // addTurn counted the customer's message already.
    m = { ...m, lastIntent: u.intent === 'other' ? m.lastIntent : u.intent, mood: u.slots.sentiment ?? m.mood };
    const discussed = results.flatMap((r) => r.remember ?? []);
    for (const w of [...discussed].reverse()) m = remember(m, w);
    m.lastWaybill = discussed.length === 1 || new Set(discussed).size === 1 ? discussed[0] : calledTools ? undefined : m.lastWaybill;
    const withAwaiting = results.filter((r) => r.awaiting !== undefined);
    const offered = results.find((r) => r.awaiting?.kind === 'pick_parcel')?.awaiting;
    if (offered?.kind === 'pick_parcel') m.offered = offered.options;
    if (withAwaiting.length) m.awaiting = withAwaiting[withAwaiting.length - 1]!.awaiting ?? undefined;
    else if (calledTools && !results.some((r) => r.keepAwaiting)) m.awaiting = undefined;
    for (const fact of supplementsIn(text)) m = addFact(m, fact);
    return m;
  }

  private async handOffAfterFailures(msg: InboundMessage, turn: TurnContext, text: string): Promise<string> {
    const out = await this.d.workflows.handoff({ conversationId: turn.conversationId, customer: { channel: turn.channel, id: turn.customerId, role: 'unknown' }, reason: text.slice(0, 120), messageKey: msg.key });
    return render('agent.yaml', out.created ? 'handoff_created' : 'handoff_joined', { case: out.case.id, promise: out.promise });
  }

  /** The configured model first; if it fails or times out, the rules model answers the turn.
   * Effects of a half-run first attempt are keyed by the message, so the re-run only joins them. */
  private async run(messages: BaseMessage[], context: Readonly<AgentContext>, key: string) {
    const { agent } = this.d;
    if (agent.provider === 'rules') return agent.rules.invoke({ messages }, { context, recursionLimit: 12 });
    try {
      return await agent.primary.invoke({ messages }, { context, recursionLimit: 12 });
    } catch (err) {
      this.d.logger.warn({ key, err: (err as Error).message }, 'LLM turn failed; answering with the rules model');
      return agent.rules.invoke({ messages }, { context, recursionLimit: 12 });
    }
  }

  /** Per message (idempotent on a retried turn) and in the conversation's turn log (runner, insights). */
  private async record(conversationId: string, key: string, record: TurnRecord, seen: { text?: string; waybill?: string } = {}): Promise<void> {
    const fresh = await this.d.redis.set(this.d.keys.custom('turn', key), JSON.stringify(record), 'EX', 86_400, 'NX');
    if (fresh !== 'OK') return;
    const log = this.d.keys.custom('turnlog', conversationId);
    await this.d.redis.multi().rpush(log, JSON.stringify({ key, ...record })).ltrim(log, -200, -1).expire(log, 7 * 86_400).exec();
    await this.d.insights?.turn({ conversationId, messageKey: key, at: this.d.clock.now(), ...record, ...seen });
  }

  /** Photos sent while the bot awaits evidence attach to that request (DESIGN.md 出问题). */
  private async photo(msg: Extract<InboundMessage, { type: 'image' }>, turn: TurnContext): Promise<Reply[]> {
    const mem = await this.d.memory.load(turn.conversationId);
    const aw = mem.awaiting;
    const record: TurnRecord = { tools: [], results: [] };
    let text: string;
    if (aw?.kind === 'photo') {
      const out = await this.d.workflows.attachPhoto(aw.caseId, { mediaId: msg.mediaId, by: `${turn.channel}:${turn.customerId}` });
      text = render('agent.yaml', 'photo_attached', { case: out.case.id, next: out.next });
      record.results.push({ tool: 'attach_photo', status: 'ok', caseId: out.case.id });
    } else {
      text = render('agent.yaml', 'photo_unexpected');
    }
    await this.d.memory.save(turn.conversationId, addTurn(mem, 'customer', '[图片]', this.d.clock.now()));
    await this.record(turn.conversationId, msg.key, record);
    return [{ kind: 'text', text }];
  }
}
