// `npm run eval:nlu -- FILE.jsonl`: reads gold utterances, runs the understanding model, prints
// the report (SCENARIOS.md "Utterance evaluation"). Exit 0 on a report, 2 on bad input.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { evaluateAsync, formatReport, type EvalLine, type UnderstandFn } from './eval.js';
import { LabelledInputError, parseLabelledJsonl } from './nlu/labelled.js';
import { understand } from './nlu/index.js';
import { loadCorpus } from './nlu/corpus.js';
import { loadConfig, type Config } from '../config/env.js';
import { createLlmUnderstand } from './models/llm-understand.js';

export interface CliDeps {
  /** The model under evaluation; the rules model when omitted. */
  understandFn?: UnderstandFn;
  /** Which provider the configuration asks for (LLM_PROVIDER). */
  provider?: string;
  llm?: Config['llm'];
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** The rules model unless the configuration names an LLM (then the LLM, with per-line fallback). */
export function selectUnderstand(provider: string | undefined, say: (line: string) => void, llm?: Config['llm']): UnderstandFn {
  if (provider !== 'openai' || !llm) return (text) => understand(text);
  say(`evaluating LLM ${llm.model ?? ''} at ${llm.baseUrl ?? ''} (lines it cannot answer fall back to the rules model)`);
  const { understand: fn, stats } = createLlmUnderstand(llm);
  process.on('exit', () => say(`LLM answered ${stats.answered} lines, ${stats.fallbacks} fell back to the rules model`));
  return fn;
}

/** How many of the lines the n-gram backstop was trained on (data/nlu/). */
export function trainingOverlap(lines: readonly EvalLine[]): number {
  const seen = new Set([...loadCorpus().values()].flat().map((l) => l.text));
  return lines.filter((l) => seen.has(l.text)).length;
}

/** Runs the CLI and returns its exit code. */
export async function runEvalCli(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const out = deps.out ?? ((l: string) => console.log(l));
  const err = deps.err ?? ((l: string) => console.error(l));
  const file = argv.find((a) => !a.startsWith('-'));
  if (!file) {
    err('usage: npm run eval:nlu -- FILE.jsonl');
    return 2;
  }
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (e) {
    err(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return 2;
  }
  let lines: EvalLine[];
  try {
    lines = parseLabelledJsonl(content, file);
  } catch (e) {
    if (!(e instanceof LabelledInputError)) throw e;
    for (const p of e.problems) err(p);
    return 2;
  }
  const trained = trainingOverlap(lines);
  if (trained > 0) out(`note: ${trained} of these ${lines.length} lines are in data/nlu/, which trains the n-gram backstop — not an unseen-set figure for them`);
  const understandFn = deps.understandFn ?? selectUnderstand(deps.provider, out, deps.llm);
  out(formatReport(await evaluateAsync(lines, understandFn)));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The CLI is an entry point like main.ts; config/env.ts stays the only reader of the environment.
  const config = loadConfig();
  runEvalCli(process.argv.slice(2), { provider: config.llm.provider, llm: config.llm }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
