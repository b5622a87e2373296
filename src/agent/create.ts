// createCourierAgent(): one LangChain v1 agent loop for every model. With LLM_PROVIDER=openai the
// primary model is any OpenAI-compatible endpoint with a hard timeout, and the rules model is the
// fallback for that turn when it fails or is slow (modelFallbackMiddleware); with rules, the rules
// model alone. The context schema makes the customer a read-only runtime input of the tools.
import { createAgent, modelFallbackMiddleware } from 'langchain';
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

export function createCourierAgent(opts: { model: BaseChatModel; tools: ToolDeps; fallback?: boolean }) {
  const middleware = opts.fallback ? [modelFallbackMiddleware(new RulesChatModel())] : [];
  return createAgent({
    model: opts.model,
    tools: createTools(opts.tools),
    contextSchema: AgentContext,
    middleware,
  });
}

export type CourierAgent = ReturnType<typeof createCourierAgent>;
