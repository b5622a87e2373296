// LLM_PROVIDER=rules: the embedded, deterministic understanding model exposed as a LangChain chat
// model that emits tool calls, so the one agent loop (createAgent) serves it and real LLMs alike.
// Turn 1 of the loop: understand the customer's message (agent/nlu) with the state block of the
// system prompt, and call the planned tools. Later turns: run the next planned step if the previous
// one succeeded, else answer with the tools' own replies — which come from templates, so the rules
// model never phrases a fact itself.
import { BaseChatModel, type BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { defaultNgram, understand } from '../nlu/index.js';
import { render } from '../../lib/templates.js';
import { decodeState } from '../state.js';
import { parseToolResult } from '../../tools/result.js';
import { planTurn } from './plan.js';

const textOf = (m: BaseMessage) => (typeof m.content === 'string' ? m.content : m.content.map((c) => ('text' in c ? c.text : '')).join(''));

export class RulesChatModel extends BaseChatModel {
  constructor(fields: BaseChatModelParams = {}) {
    super(fields);
    // Train the n-gram backstop now: a missing or broken data/nlu/ fails the start, not a turn.
    defaultNgram();
  }

  _llmType(): string {
    return 'courier-rules';
  }

  /** Tools are known by name from the plan; binding changes nothing. */
  override bindTools(): this {
    return this;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.next(messages);
    return { generations: [{ text: textOf(message), message }] };
  }

  private next(messages: BaseMessage[]): AIMessage {
    const humanAt = messages.findLastIndex((m) => m.getType() === 'human');
    if (humanAt < 0) return new AIMessage(render('agent.yaml', 'didnt_understand'));
    const system = messages.find((m) => m.getType() === 'system');
    const state = decodeState(system ? textOf(system) : '');
    const text = textOf(messages[humanAt]!);
    // Only waybills the customer wrote come from the NLU; which parcel “第二个” or “那个件” means is
    // decided by the plan from the list the customer last saw and the parcels discussed.
    const u = understand(text, { lastIntent: state.lastIntent as never, discussedWaybills: [], awaiting: state.awaiting?.kind === 'verify_last4' ? undefined : state.awaiting?.kind });
    const plan = planTurn(u, state, text);
    if ('reply' in plan) return new AIMessage(render('agent.yaml', plan.reply));

    const after = messages.slice(humanAt + 1);
    const stepsDone = after.filter((m) => m.getType() === 'ai' && ((m as AIMessage).tool_calls?.length ?? 0) > 0).length;
    const results = after.filter((m) => m.getType() === 'tool').map((m) => parseToolResult(m.content));
    const lastStepOk = stepsDone === 0 || results.slice(-(plan.steps[stepsDone - 1]?.length ?? 0)).every((r) => r?.status === 'ok');
    const step = plan.steps[stepsDone];
    if (step && lastStepOk) {
      return new AIMessage({
        content: '',
        tool_calls: step.map((c, i) => ({ id: `rules_${stepsDone}_${i}`, name: c.name, args: c.args, type: 'tool_call' as const })),
      });
    }
    // Answer: what the tools said, in order; a resumed step after a successful verification keeps
    // both (“验证通过” + the answer).
    const replies = [...new Set(results.map((r) => r?.reply).filter((r): r is string => !!r))];
    return new AIMessage(replies.join('\n') || render('agent.yaml', 'tool_error'));
  }
}
