// A local OpenAI-compatible server (POST /v1/chat/completions) that answers from a script: each
// request takes the next scripted step — tool calls or a final text — optionally after a delay, so
// tests drive the openai path deterministically and can make it time out.
import Fastify from 'fastify';

export type Step = { toolCalls: { name: string; args: Record<string, unknown> }[]; delayMs?: number } | { content: string; delayMs?: number } | { status: number; delayMs?: number };

export interface FakeOpenAI {
  url: string;
  requests: { messages: { role: string; content: unknown; tool_calls?: unknown }[]; tools?: { function: { name: string } }[] }[];
  script: Step[];
  close(): Promise<void>;
}

/** `fallback` answers once the script is used up (default: an immediate `好的。`). */
export async function startFakeOpenAI(script: Step[] = [], opts: { fallback?: Step } = {}): Promise<FakeOpenAI> {
  const app = Fastify();
  const state: FakeOpenAI = { url: '', requests: [], script, close: () => app.close() };
  let n = 0;
  app.post('/v1/chat/completions', async (req, reply) => {
    const body = req.body as FakeOpenAI['requests'][number];
    state.requests.push(body);
    const step = state.script.shift() ?? opts.fallback ?? { content: '好的。' };
    if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
    if ('status' in step) return reply.code(step.status).send({ error: { message: 'scripted failure', type: 'server_error' } });
    n += 1;
    const message =
      'toolCalls' in step
        ? {
            role: 'assistant',
            content: null,
            tool_calls: step.toolCalls.map((c, i) => ({ id: `call_${n}_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
          }
        : { role: 'assistant', content: step.content };
    return {
      id: `chatcmpl-${n}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: 'fake-qwen',
      choices: [{ index: 0, message, finish_reason: 'toolCalls' in step ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  state.url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/v1`;
  return state;
}
