// defineTool(): a canonical tool is a zod schema plus a thin handler. The wrapper reads the
// customer from the frozen runtime context (never from model arguments), turns a backend outage
// into an honest "系统繁忙" result, and any other failure into a logged, internals-free error
// result (LangChain toolErrorMiddleware habit), so the model never sees a stack trace.
import { tool } from 'langchain';
import type { z } from 'zod';
import { render } from '../lib/templates.js';
import { isBackendUnavailable } from '../courier/backend.js';
import { AgentContext } from './context.js';
import type { ToolDeps } from './deps.js';
import type { ToolResult } from './result.js';

export const T = 'agent.yaml';
export const say = (name: string, vars: Record<string, string | number> = {}) => render(T, name, vars);

export interface ToolSpec<S extends z.ZodObject> {
  name: string;
  description: string;
  schema: S;
  run: (args: z.infer<S>, ctx: AgentContext, deps: ToolDeps) => Promise<ToolResult>;
}

export function defineTool<S extends z.ZodObject>(spec: ToolSpec<S>) {
  return (deps: ToolDeps) =>
    tool(
      async (args: z.infer<S>, runtime: unknown) => {
        const parsed = AgentContext.safeParse((runtime as { context?: unknown } | undefined)?.context);
        if (!parsed.success) {
          deps.logger.error({ tool: spec.name }, 'tool called without a customer context; refusing');
          return JSON.stringify({ status: 'error', reply: say('tool_error') } satisfies ToolResult);
        }
        try {
          return JSON.stringify(await spec.run(args, parsed.data, deps));
        } catch (err) {
          if (isBackendUnavailable(err)) {
            deps.logger.warn({ tool: spec.name, reason: err.reason }, 'courier backend unavailable');
            return JSON.stringify({ status: 'unavailable', reply: say('backend_busy') } satisfies ToolResult);
          }
          deps.logger.error({ tool: spec.name, err }, 'tool failed');
          return JSON.stringify({ status: 'error', reply: say('tool_error') } satisfies ToolResult);
        }
      },
      { name: spec.name, description: spec.description, schema: spec.schema },
    );
}
