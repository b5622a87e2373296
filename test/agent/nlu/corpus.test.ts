import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, trainNgram } from '../../../src/agent/nlu/corpus.js';
import { LabelledInputError } from '../../../src/agent/nlu/labelled.js';

const dirWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'nlu-corpus-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return `${dir}/`;
};

describe('loadCorpus', () => {
  it('reads every .jsonl file of the directory by name and ignores other files', () => {
    const dir = dirWith({ 'a.jsonl': '{"text":"快递到哪了","intent":"track"}\n', 'README.md': '# not data', 'b.jsonl': '{"text":"转人工","intent":"human"}\n' });
    const sets = loadCorpus(dir);
    expect([...sets.keys()]).toEqual(['a', 'b']);
    expect(sets.get('b')?.[0]?.intent).toBe('human');
  });

  it('refuses a corpus with a malformed line, naming file and line, instead of training on part of it', () => {
    const dir = dirWith({ 'bad.jsonl': '{"text":"快递到哪了","intent":"track"}\n{"text":"x","intent":"where"}\n' });
    expect(() => loadCorpus(dir)).toThrowError(LabelledInputError);
    expect(() => loadCorpus(dir)).toThrowError(/bad\.jsonl:2: intent/);
  });

  it('ships a corpus the default model trains on', () => {
    const sets = loadCorpus();
    expect(sets.size).toBeGreaterThanOrEqual(9);
  });
});

describe('trainNgram', () => {
  it('learns from the matching form: waybills blanked, so a number does not become a cue', () => {
    const m = trainNgram([
      { text: 'SF1234567890123 到哪了', intent: 'track' },
      { text: '螃蟹死了', intent: 'fresh_delay' },
    ]);
    const p = m.posterior('SF1234567890123');
    expect(p.size).toBe(0);
  });
});
