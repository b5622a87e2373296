// Utterance evaluation (SCENARIOS.md "Utterance evaluation"): per-intent precision and recall,
// a confusion list, intent accuracy and slot accuracy. Pure: the CLI reads files and prints.
import { INTENTS, type Intent, type Understanding } from './nlu/index.js';
import type { LabelledLine } from './nlu/labelled.js';

/** A gold line: nlu/labelled.ts parses and validates the files. */
export type EvalLine = LabelledLine;

export type UnderstandFn = (text: string) => Understanding | Promise<Understanding>;

export interface IntentStats {
  intent: Intent;
  /** Lines whose gold intent is this one. */
  support: number;
  /** Lines predicted as this intent. */
  predicted: number;
  correct: number;
  /** undefined when nothing was predicted / nothing was expected. */
  precision?: number;
  recall?: number;
}

export interface Confusion {
  gold: Intent;
  predicted: Intent;
  count: number;
  examples: string[];
}

export interface SlotMiss {
  text: string;
  expected: { waybill?: string; phone?: string };
  got: { waybill?: string; phone?: string };
}

export interface EvalReport {
  total: number;
  correct: number;
  intentAccuracy: number;
  perIntent: IntentStats[];
  confusions: Confusion[];
  slotTotal: number;
  slotCorrect: number;
  slotAccuracy: number;
  slotMisses: SlotMiss[];
}

const MAX_EXAMPLES = 3;

/** Builds the report from gold lines and the model's answers, index by index. */
export function buildReport(lines: readonly EvalLine[], predictions: readonly Understanding[]): EvalReport {
  if (lines.length !== predictions.length) throw new Error('every line needs exactly one prediction');
  const stats = new Map<Intent, IntentStats>(INTENTS.map((i) => [i, { intent: i, support: 0, predicted: 0, correct: 0 }]));
  const confusions = new Map<string, Confusion>();
  const slotMisses: SlotMiss[] = [];
  let correct = 0;
  let slotTotal = 0;

  lines.forEach((line, i) => {
    const got = predictions[i];
    if (!got) return;
    const gold = stats.get(line.intent);
    const pred = stats.get(got.intent);
    if (gold) gold.support++;
    if (pred) pred.predicted++;
    if (got.intent === line.intent) {
      correct++;
      if (gold) gold.correct++;
    } else {
      const key = `${line.intent}→${got.intent}`;
      const c = confusions.get(key) ?? { gold: line.intent, predicted: got.intent, count: 0, examples: [] };
      c.count++;
      if (c.examples.length < MAX_EXAMPLES) c.examples.push(line.text);
      confusions.set(key, c);
    }
    if (line.waybill !== undefined || line.phone !== undefined) {
      slotTotal++;
      const waybillOk = line.waybill === undefined || got.slots.waybill === line.waybill;
      const phoneOk = line.phone === undefined || got.slots.phone === line.phone;
      if (!waybillOk || !phoneOk) {
        slotMisses.push({
          text: line.text,
          expected: { waybill: line.waybill, phone: line.phone },
          got: { waybill: got.slots.waybill, phone: got.slots.phone },
        });
      }
    }
  });

  const perIntent = [...stats.values()].map((s) => ({
    ...s,
    precision: s.predicted > 0 ? s.correct / s.predicted : undefined,
    recall: s.support > 0 ? s.correct / s.support : undefined,
  }));
  const slotCorrect = slotTotal - slotMisses.length;
  return {
    total: lines.length,
    correct,
    intentAccuracy: lines.length > 0 ? correct / lines.length : 0,
    perIntent,
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold)),
    slotTotal,
    slotCorrect,
    // No labelled slots means nothing was wrong.
    slotAccuracy: slotTotal > 0 ? slotCorrect / slotTotal : 1,
    slotMisses,
  };
}

/** Runs a synchronous model over the lines. */
export function evaluate(lines: readonly EvalLine[], understandFn: (text: string) => Understanding): EvalReport {
  return buildReport(lines, lines.map((l) => understandFn(l.text)));
}

/** Runs any model (an LLM is asynchronous) over the lines, one at a time. */
export async function evaluateAsync(lines: readonly EvalLine[], understandFn: UnderstandFn): Promise<EvalReport> {
  const predictions: Understanding[] = [];
  for (const line of lines) predictions.push(await understandFn(line.text));
  return buildReport(lines, predictions);
}

const pct = (x: number | undefined) => (x === undefined ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/** Human-readable report; the last line is `intent accuracy X% (n/N), slot accuracy Y% (n/N)`. */
export function formatReport(report: EvalReport): string {
  const out: string[] = [];
  const width = Math.max(...INTENTS.map((i) => i.length));
  out.push(`${'intent'.padEnd(width)}  support  precision  recall`);
  for (const s of report.perIntent) {
    if (s.support === 0 && s.predicted === 0) continue;
    out.push(`${s.intent.padEnd(width)}  ${String(s.support).padStart(7)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}`);
  }
  out.push('');
  if (report.confusions.length === 0) {
    out.push('confusions: none');
  } else {
    out.push('confusions (gold → predicted):');
    for (const c of report.confusions) {
      out.push(`  ${c.gold} → ${c.predicted}  ×${c.count}  e.g. ${c.examples.map((e) => `「${e}」`).join(' ')}`);
    }
  }
  if (report.slotMisses.length > 0) {
    out.push('');
    out.push('slot misses:');
    for (const m of report.slotMisses) {
      out.push(`  「${m.text}」 expected ${JSON.stringify(m.expected)} got ${JSON.stringify(m.got)}`);
    }
  }
  out.push('');
  out.push(
    `intent accuracy ${(report.intentAccuracy * 100).toFixed(1)}% (${report.correct}/${report.total}), ` +
      `slot accuracy ${(report.slotAccuracy * 100).toFixed(1)}% (${report.slotCorrect}/${report.slotTotal})`,
  );
  return out.join('\n');
}
