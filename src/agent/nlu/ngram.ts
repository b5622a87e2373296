// A character n-gram naive-Bayes model over labelled utterances: the statistical backstop of the
// rules. Cue words (lexicon.ts) are precise but only know the phrasings someone wrote down; the
// n-grams of ~2,000 labelled customer messages know how people actually put things ("搁驿站了也不吱一声",
// "化成一坨了") and give every intent a probability. intents.ts adds that probability, weighted, to
// the rule scores, so a clear cue still decides and the n-grams settle what the cues leave open.
//
// Multinomial NB with binary (set-of-grams) features, Lidstone smoothing, and a temperature on the
// posterior: NB's raw posteriors are near 0 or 1 because the grams are not independent; dividing
// the log-odds flattens them into something a weighted sum can use. Deterministic: no randomness,
// same corpus → same model.
import type { Intent } from './types.js';

export interface LabelledText {
  /** The matching form (intents.ts): canonical, lower case, identifiers blanked. */
  text: string;
  intent: Intent;
}

const MAX_N = 3;
const ALPHA = 0.1;
/** Posterior temperature: log-odds are divided by this before normalising. */
const TEMPERATURE = 5;
const BREAK = /[\s,，。.!！?？~、…:：;；"'“”()（）[\]【】]+/;

const LATIN_WORD = /[a-z]+/g;

/**
 * 1–3 character grams inside each run between punctuation; numbers collapse to one symbol. Latin
 * words (what canon.ts left untranslated) count as whole words: their letters say nothing.
 */
export function grams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.match(LATIN_WORD) ?? []) out.add(`w:${word}`);
  for (const run of text.replace(LATIN_WORD, ' ').replace(/\d+/g, '0').split(BREAK)) {
    const chars = [...run];
    for (let n = 1; n <= MAX_N; n++) {
      for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
    }
  }
  out.delete('');
  return out;
}

export class NgramModel {
  private readonly gramCounts = new Map<Intent, Map<string, number>>();
  private readonly gramTotals = new Map<Intent, number>();
  private readonly docCounts = new Map<Intent, number>();
  private readonly vocabulary = new Set<string>();
  private docs = 0;

  constructor(corpus: Iterable<LabelledText>) {
    for (const line of corpus) this.add(line);
  }

  get size(): number {
    return this.docs;
  }

  private add({ text, intent }: LabelledText): void {
    const counts = this.gramCounts.get(intent) ?? new Map<string, number>();
    this.gramCounts.set(intent, counts);
    this.docCounts.set(intent, (this.docCounts.get(intent) ?? 0) + 1);
    this.docs += 1;
    for (const g of grams(text)) {
      counts.set(g, (counts.get(g) ?? 0) + 1);
      this.gramTotals.set(intent, (this.gramTotals.get(intent) ?? 0) + 1);
      this.vocabulary.add(g);
    }
  }

  /**
   * Probability per intent, summing to 1; empty when no gram of the text was ever seen (gibberish,
   * another language): the model has nothing to say then, and says nothing.
   */
  posterior(text: string): Map<Intent, number> {
    const known = [...grams(text)].filter((g) => this.vocabulary.has(g));
    const result = new Map<Intent, number>();
    if (known.length === 0 || this.docs === 0) return result;
    const v = this.vocabulary.size;
    const classes = this.gramCounts.size;
    const logs: Array<[Intent, number]> = [];
    for (const [intent, counts] of this.gramCounts) {
      const total = this.gramTotals.get(intent) ?? 0;
      // Prior smoothed towards uniform: the corpus' intent mix is not the traffic's.
      let lp = Math.log(((this.docCounts.get(intent) ?? 0) + 5) / (this.docs + 5 * classes));
      for (const g of known) lp += Math.log(((counts.get(g) ?? 0) + ALPHA) / (total + ALPHA * v));
      logs.push([intent, lp]);
    }
    const max = Math.max(...logs.map(([, lp]) => lp));
    let z = 0;
    for (const [, lp] of logs) z += Math.exp((lp - max) / TEMPERATURE);
    for (const [intent, lp] of logs) result.set(intent, Math.exp((lp - max) / TEMPERATURE) / z);
    return result;
  }
}
