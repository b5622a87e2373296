// Accuracy gates on labelled utterances. The dev set belongs to the shared contract
// (../shared/eval); the sets under data/nlu/ were written independently of it (data/nlu/README.md)
// and also train the n-gram backstop — so besides the plain gates, each set is also scored by a
// model trained without it, which is what an unseen customer meets.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, formatReport, type EvalLine } from '../../../src/agent/eval.js';
import { loadCorpus, trainNgram } from '../../../src/agent/nlu/corpus.js';
import { prepare } from '../../../src/agent/nlu/form.js';
import { INTENTS, understand } from '../../../src/agent/nlu/index.js';
import { parseLabelledJsonl } from '../../../src/agent/nlu/labelled.js';
import type { NgramModel } from '../../../src/agent/nlu/ngram.js';

const DEV = fileURLToPath(new URL('../../../../shared/eval/dev-utterances.jsonl', import.meta.url));
const corpus = loadCorpus();
const names = [...corpus.keys()];

const run = (lines: EvalLine[], ngram?: NgramModel | null) => evaluate(lines, (t) => understand(t, {}, { ngram }));
const trainedWithout = new Map<string, NgramModel>();
/** The n-grams trained on every set but this one; trained once per set for both tests below. */
const withoutSet = (name: string): NgramModel => {
  let m = trainedWithout.get(name);
  if (!m) trainedWithout.set(name, (m = trainNgram(names.filter((n) => n !== name).flatMap((n) => corpus.get(n) ?? []))));
  return m;
};

describe('utterance accuracy', () => {
  it.skipIf(!existsSync(DEV))('dev set ≥ 95% intent accuracy, every labelled slot right', () => {
    const r = run(parseLabelledJsonl(readFileSync(DEV, 'utf8'), DEV));
    expect(r.intentAccuracy, `\n${formatReport(r)}`).toBeGreaterThanOrEqual(0.95);
    expect(r.slotAccuracy, `\n${formatReport(r)}`).toBe(1);
  });

  it('the corpus holds ≥ 1,500 lines, every intent at least 60 times', () => {
    const all = [...corpus.values()].flat();
    expect(all.length).toBeGreaterThanOrEqual(1500);
    for (const intent of INTENTS) expect(all.filter((l) => l.intent === intent).length, intent).toBeGreaterThanOrEqual(60);
  });

  it.each(names)('set %s: > 97% intent accuracy, ≥ 95% slot accuracy', (name) => {
    const r = run(corpus.get(name) ?? []);
    expect(r.intentAccuracy, `\n${formatReport(r)}`).toBeGreaterThan(0.97);
    expect(r.slotAccuracy, `\n${formatReport(r)}`).toBeGreaterThanOrEqual(0.95);
  });

  it.each(names)('set %s, with n-grams trained without it: > 93% intent accuracy', (name) => {
    const r = run(corpus.get(name) ?? [], withoutSet(name));
    expect(r.intentAccuracy, `\n${formatReport(r)}`).toBeGreaterThan(0.93);
  });

  it.each(names)('set %s, by the n-grams alone trained without it: > 85% — the backstop generalises on its own', (name) => {
    const model = withoutSet(name);
    const lines = corpus.get(name) ?? [];
    const right = lines.filter((l) => {
      const p = [...model.posterior(prepare(l.text).form).entries()].sort((a, b) => b[1] - a[1])[0];
      return p?.[0] === l.intent;
    }).length;
    expect(right / lines.length).toBeGreaterThan(0.85);
  });
});
