import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../helpers/fake-openai.js';
import { runEvalCli } from '../../src/agent/eval-cli.js';
import { parseLabelledJsonl } from '../../src/agent/nlu/labelled.js';
import { loadCorpus } from '../../src/agent/nlu/corpus.js';
import { evaluate, evaluateAsync, formatReport, type EvalLine } from '../../src/agent/eval.js';
import type { Intent, Understanding } from '../../src/agent/nlu/index.js';

const LAST_LINE = /^intent accuracy \d+\.\d% \(\d+\/\d+\), slot accuracy \d+\.\d% \(\d+\/\d+\)$/;

const lines: EvalLine[] = [
  { text: 'a', intent: 'track', waybill: 'SF1300000000017' },
  { text: 'b', intent: 'track' },
  { text: 'c', intent: 'urge' },
  { text: 'd', intent: 'bind', phone: '13800138000' },
];

// A fake model: fixed answers per text.
const answers: Record<string, Understanding> = {
  a: { intent: 'track', confidence: 1, slots: { waybill: 'SF1300000000017' } },
  b: { intent: 'urge', confidence: 1, slots: {} },
  c: { intent: 'urge', confidence: 1, slots: {} },
  d: { intent: 'bind', confidence: 1, slots: { phone: '13900000000' } },
};
const fake = (t: string): Understanding => answers[t] ?? { intent: 'other', confidence: 0, slots: {} };
const stat = (r: ReturnType<typeof evaluate>, i: Intent) => r.perIntent.find((s) => s.intent === i);

describe('evaluate', () => {
  const r = evaluate(lines, fake);

  it('computes intent accuracy and per-intent precision/recall', () => {
    expect(r).toMatchObject({ total: 4, correct: 3, intentAccuracy: 0.75 });
    expect(stat(r, 'track')).toMatchObject({ support: 2, predicted: 1, correct: 1, precision: 1, recall: 0.5 });
    expect(stat(r, 'urge')).toMatchObject({ support: 1, predicted: 2, correct: 1, precision: 0.5, recall: 1 });
    expect(stat(r, 'ship')).toMatchObject({ support: 0, predicted: 0, precision: undefined, recall: undefined });
  });

  it('lists confusions gold → predicted with counts and examples', () => {
    expect(r.confusions).toEqual([{ gold: 'track', predicted: 'urge', count: 1, examples: ['b'] }]);
  });

  it('scores slots only on lines that carry a waybill or phone, by exact match', () => {
    expect(r).toMatchObject({ slotTotal: 2, slotCorrect: 1, slotAccuracy: 0.5 });
    expect(r.slotMisses).toEqual([{ text: 'd', expected: { phone: '13800138000' }, got: { phone: '13900000000' } }]);
  });

  it('evaluateAsync gives the same report for an asynchronous model', async () => {
    expect(await evaluateAsync(lines, async (t) => fake(t))).toEqual(r);
  });

  it('formats a report whose last line is the summary', () => {
    const text = formatReport(r);
    const last = text.split('\n').at(-1) ?? '';
    expect(last).toBe('intent accuracy 75.0% (3/4), slot accuracy 50.0% (1/2)');
    expect(last).toMatch(LAST_LINE);
    expect(text).toContain('track → urge  ×1');
    expect(text).toMatch(/track\s+2\s+100\.0%\s+50\.0%/);
    expect(text).toContain('slot misses:');
  });

  it('reports 100% slot accuracy when no line carries slots', () => {
    const last = formatReport(evaluate([{ text: 'c', intent: 'urge' }], fake)).split('\n').at(-1);
    expect(last).toBe('intent accuracy 100.0% (1/1), slot accuracy 100.0% (0/0)');
  });
});

describe('parseLabelledJsonl', () => {
  it('accepts valid lines and skips blank ones', () => {
    const parsed = parseLabelledJsonl('{"text":"快递丢了","intent":"lost"}\n\n{"text":"x","intent":"bind","phone":"13800138000"}\n', 'f.jsonl');
    expect(parsed).toHaveLength(2);
  });

  it('names file, line number and reason for every malformed line', () => {
    const bad = ['{"text":"ok","intent":"track"}', '{"text":"x","intent":"nope"}', 'not json', '{"intent":"track"}'].join('\n');
    expect(() => parseLabelledJsonl(bad, 'f.jsonl')).toThrowError(/f\.jsonl:2: intent/);
    try {
      parseLabelledJsonl(bad, 'f.jsonl');
    } catch (e) {
      const problems = (e as { problems: string[] }).problems;
      expect(problems).toHaveLength(3);
      expect(problems[1]).toMatch(/^f\.jsonl:3: invalid JSON/);
      expect(problems[2]).toMatch(/^f\.jsonl:4: text /);
    }
  });

  it('rejects an empty file', () => {
    expect(() => parseLabelledJsonl('\n', 'e.jsonl')).toThrowError(/e\.jsonl: no utterances/);
  });
});

describe('eval CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eval-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, deps: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('prints the report with the rules model and exits 0', async () => {
    const good = file('good.jsonl', '{"text":"SF1300000000017 查物流","intent":"track","waybill":"SF1300000000017"}\n{"text":"转人工","intent":"human"}\n');
    const c = capture();
    expect(await runEvalCli([good], c.deps)).toBe(0);
    expect(c.out.join('\n').split('\n').at(-1)).toBe('intent accuracy 100.0% (2/2), slot accuracy 100.0% (1/1)');
    expect(c.err).toEqual([]);
  });

  it('says when the lines under evaluation also train the n-gram backstop, and how many', async () => {
    const trained = loadCorpus().get('blind7')?.[0];
    const mixed = file('mixed.jsonl', `${JSON.stringify(trained)}\n{"text":"这句话从来没人写过 转人工","intent":"human"}\n`);
    const c = capture();
    expect(await runEvalCli([mixed], c.deps)).toBe(0);
    expect(c.out[0]).toMatch(/^note: 1 of these 2 lines are in data\/nlu\//);
    const fresh = file('fresh.jsonl', '{"text":"这句话从来没人写过 转人工","intent":"human"}\n');
    const d = capture();
    await runEvalCli([fresh], d.deps);
    expect(d.out.join('\n')).not.toContain('note:');
  });

  it('exits 2 on a malformed line, naming file and line', async () => {
    const bad = file('bad.jsonl', '{"text":"转人工","intent":"human"}\n{"text":"x"}\n');
    const c = capture();
    expect(await runEvalCli([bad], c.deps)).toBe(2);
    expect(c.err.join('\n')).toContain(`${bad}:2: intent`);
    expect(c.out).toEqual([]);
  });

  it('exits 2 without a file or with an unreadable one', async () => {
    const c = capture();
    expect(await runEvalCli([], c.deps)).toBe(2);
    expect(await runEvalCli([join(dir, 'missing.jsonl')], c.deps)).toBe(2);
    expect(c.err.join('\n')).toMatch(/usage: npm run eval:nlu -- FILE\.jsonl[\s\S]*missing\.jsonl: cannot read \(ENOENT\)/);
  });

  it('evaluates the configured LLM against a local OpenAI-compatible server', async () => {
    const fake = await startFakeOpenAI([{ content: '{"intent":"human","waybill":null,"phone":null}' }, { content: 'not json at all' }]);
    try {
      const good = file('one.jsonl', '{"text":"转人工","intent":"human"}\n{"text":"我的快递到哪了","intent":"track"}\n');
      const c = capture();
      const llm = { provider: 'openai' as const, baseUrl: fake.url, model: 'fake-qwen', apiKey: 'k', timeoutMs: 2000 };
      expect(await runEvalCli([good], { ...c.deps, provider: 'openai', llm })).toBe(0);
      expect(c.out.join('\n')).toMatch(/evaluating LLM fake-qwen/);
      expect(fake.requests).toHaveLength(2);
      // The unparsable second answer fell back to the rules model, which gets it right.
      expect(c.out.at(-1)?.split('\n').at(-1)).toMatch(/intent accuracy 100\.0% \(2\/2\)/);
    } finally {
      await fake.close();
    }
  });

  it('accepts an injected understand function', async () => {
    const good = file('two.jsonl', '{"text":"转人工","intent":"human"}\n');
    const c = capture();
    const always = async (): Promise<Understanding> => ({ intent: 'other', confidence: 0, slots: {} });
    expect(await runEvalCli([good], { ...c.deps, understandFn: always })).toBe(0);
    expect(c.out.join('\n')).toContain('human → other');
  });
});
