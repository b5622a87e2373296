// The n-gram model's training corpus: every labelled set under data/nlu/ (the held-out and blind
// sets written over the project's life; data/nlu/README.md says where each came from). Trained once,
// on first use, in a few tens of milliseconds.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepare } from './form.js';
import { parseLabelledJsonl, type LabelledLine } from './labelled.js';
import { NgramModel } from './ngram.js';

/** data/nlu/ from src/agent/nlu/ and from dist/agent/nlu/ alike. */
export const CORPUS_DIR = fileURLToPath(new URL('../../../data/nlu/', import.meta.url));

let shippedCorpus: Map<string, LabelledLine[]> | undefined;

/** Every corpus file, by name (without .jsonl), parsed and validated; the shipped one read once. */
export function loadCorpus(dir = CORPUS_DIR): Map<string, LabelledLine[]> {
  if (dir === CORPUS_DIR) return (shippedCorpus ??= readCorpus(dir));
  return readCorpus(dir);
}

function readCorpus(dir: string): Map<string, LabelledLine[]> {
  const sets = new Map<string, LabelledLine[]>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const file = `${dir}${name}`;
    sets.set(name.replace(/\.jsonl$/, ''), parseLabelledJsonl(readFileSync(file, 'utf8'), file));
  }
  return sets;
}

export function trainNgram(lines: Iterable<LabelledLine>): NgramModel {
  const corpus = [];
  for (const l of lines) corpus.push({ text: prepare(l.text).form, intent: l.intent });
  return new NgramModel(corpus);
}

let shared: NgramModel | undefined;

/** The model trained on the whole corpus, built on first call. */
export function defaultNgram(): NgramModel {
  shared ??= trainNgram([...loadCorpus().values()].flat());
  return shared;
}
