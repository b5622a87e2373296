// createCourierAgent(): one LangChain v1 agent loop for every model. With LLM_PROVIDER=openai the
// primary model is any OpenAI-compatible endpoint with a hard timeout; when it fails or is slow the
// WHOLE turn is run again by the rules agent (AgentHandler) — a per-call fallback would hand the
// next step of the same turn back to the failing model. The context schema makes the customer a
// read-only runtime input of the tools.
import { createAgent } from 'langchain';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../config/env.js';
import { AgentContext } from '../tools/context.js';
import { createTools } from '../tools/index.js';
import type { ToolDeps } from '../tools/deps.js';
import { RulesChatModel } from './models/rules.js';

export function createModel(llm: Config['llm']): BaseChatModel {
  if (llm.provider !== 'openai') return new RulesChatModel();
  return new ChatOpenAI({
    model: llm.model,
    apiKey: llm.apiKey ?? 'not-needed',
    configuration: { baseURL: llm.baseUrl },
    timeout: llm.timeoutMs,
    // The fallback answers instead of retries: the customer is waiting.
    maxRetries: 0,
    temperature: 0,
  });
}

function agentFor(model: BaseChatModel, tools: ToolDeps) {
  return createAgent({ model, tools: createTools(tools), contextSchema: AgentContext });
}

export type AgentLoop = ReturnType<typeof agentFor>;

export interface CourierAgent {
  /** The configured model's loop (the rules loop itself when LLM_PROVIDER=rules). */
  primary: AgentLoop;
  /** The rules model's loop: the fallback for a turn the primary could not finish. */
  rules: AgentLoop;
  provider: 'rules' | 'openai';
}

export function createCourierAgent(opts: { model: BaseChatModel; tools: ToolDeps; provider: 'rules' | 'openai' }): CourierAgent {
  const rules = agentFor(new RulesChatModel(), opts.tools);
  return { primary: opts.provider === 'rules' ? rules : agentFor(opts.model, opts.tools), rules, provider: opts.provider };
}
