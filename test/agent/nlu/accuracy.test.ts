// Accuracy gates on labelled utterances. The dev set belongs to the shared contract
// (../shared/eval); the held-out sets were written independently of it (see test/fixtures).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEvalJsonl } from '../../../src/agent/eval-cli.js';
import { evaluate, formatReport } from '../../../src/agent/eval.js';
import { INTENTS, understand } from '../../../src/agent/nlu/index.js';

const path = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const DEV = path('../../../../shared/eval/dev-utterances.jsonl');
const HELDOUT = path('../../fixtures/nlu-heldout.jsonl');
const BLIND = ['nlu-blind', 'nlu-blind2', 'nlu-blind3', 'nlu-blind4', 'nlu-blind5', 'nlu-blind6'].map((n) => path(`../../fixtures/${n}.jsonl`));

const load = (file: string) => parseEvalJsonl(readFileSync(file, 'utf8'), file);
const run = (file: string) => evaluate(load(file), (t) => understand(t));
const explain = (file: string) => `\n${formatReport(run(file))}`;

describe('utterance accuracy', () => {
  it.skipIf(!existsSync(DEV))('dev set ≥ 95% intent accuracy, every labelled slot right', () => {
    const r = run(DEV);
    expect(r.intentAccuracy, explain(DEV)).toBeGreaterThanOrEqual(0.95);
    expect(r.slotAccuracy, explain(DEV)).toBe(1);
  });

  it('held-out set: ≥ 200 lines covering all 16 intents', () => {
    const lines = load(HELDOUT);
    expect(lines.length).toBeGreaterThanOrEqual(200);
    for (const intent of INTENTS) expect(lines.filter((l) => l.intent === intent).length, intent).toBeGreaterThanOrEqual(12);
  });

  it('held-out set > 90% intent accuracy, ≥ 95% slot accuracy', () => {
    const r = run(HELDOUT);
    expect(r.intentAccuracy, explain(HELDOUT)).toBeGreaterThan(0.9);
    expect(r.slotAccuracy, explain(HELDOUT)).toBeGreaterThanOrEqual(0.95);
  });

  it.each(BLIND)('blind set %s > 90% intent accuracy', (file) => {
    expect(run(file).intentAccuracy, explain(file)).toBeGreaterThan(0.9);
  });
});
