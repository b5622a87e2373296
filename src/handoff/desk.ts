// HandoffDesk: the handoff's one object for the rest of the product. It is the HandoffPort that
// CaseWorkflows and the follow-up worker call, the respond worker's gate, the Notifier's diversion,
// and what the admin API and the scenario runner read. The behaviour lives in the files it calls.
import type { Case } from '../workflows/cases.js';
import type { CaseOutcome } from '../workflows/workflows.js';
import type { TaskCards } from '../workflows/tasks/index.js';
import type { ConversationState } from '../conversation/state.js';
import { atRisk, type AtRisk } from './at-risk.js';
import { takeOver } from './chat-start.js';
import { endChat } from './chat-end.js';
import { registerHandoffHandlers } from './commands.js';
import { tell, type HandoffDeps } from './deps.js';
import { HandoffGate } from './gate.js';
import { divertNotice } from './held.js';
import type { HistoryEntry } from './history.js';
import { onHandoffDue } from './no-one.js';
import type { DueResult, HandoffPort, HandoffRequest } from './port.js';
import { requestHandoff } from './request.js';
import { sayH } from './texts.js';

export class HandoffDesk implements HandoffPort {
  readonly gate: HandoffGate;

  constructor(readonly d: HandoffDeps) {
    this.gate = new HandoffGate(d);
  }

  /** Registers the card buttons, #code texts and supervisor commands with TaskCards. */
  register(tasks: TaskCards): void {
    registerHandoffHandlers(this.d, tasks);
  }

  request(i: HandoffRequest): Promise<CaseOutcome> {
    return requestHandoff(this.d, i);
  }

  onDue(c: Case, step: string): Promise<DueResult> {
    return onHandoffDue(this.d, c, step);
  }

  /** For the Notifier: true when the notice was held because a person serves the customer. */
  divert(n: { conversationId: string; idempotencyKey: string; text: string }): Promise<boolean> {
    return divertNotice(this.d, n);
  }

  state(conversationId: string): Promise<ConversationState> {
    return this.d.states.get(conversationId);
  }

  history(conversationId: string, n?: number): Promise<HistoryEntry[]> {
    return this.d.history.recent(conversationId, n);
  }

  atRisk(): Promise<AtRisk[]> {
    return atRisk(this.d, this.d.clock.now());
  }

  /** A supervisor takes a live conversation; returns what they are told. */
  takeOver(conversationId: string, user: string, note = sayH('takeover_note', { signals: '主管判断' })): Promise<string> {
    return takeOver(this.d, conversationId, user, note);
  }

  /** A servicer's line written in the WeCom client's 微信客服 (a chat handed over natively). */
  async servicerWrote(conversationId: string, userid: string, text: string, msgid: string, at: number): Promise<void> {
    const seen = (await this.d.history.recent(conversationId, 50)).some((e) => e.key === msgid);
    if (!seen) await this.d.history.append(conversationId, { at, from: 'agent', by: userid, text, key: msgid });
  }

  /** A WeCom text to a supervisor (e.g. what a takeover through the admin API told them). */
  tell(userid: string, text: string): Promise<void> {
    return tell(this.d, [userid], text);
  }

  end(conversationId: string, user: string, note?: string): Promise<string> {
    return endChat(this.d, conversationId, user, { via: 'text', ...(note && { note }) });
  }
}
