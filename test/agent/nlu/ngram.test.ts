import { describe, expect, it } from 'vitest';
import { grams, NgramModel } from '../../../src/agent/nlu/ngram.js';

const CORPUS = [
  { text: '快递到哪了', intent: 'track' },
  { text: '包裹到哪里了', intent: 'track' },
  { text: '螃蟹死了', intent: 'fresh_delay' },
  { text: '水果都烂了', intent: 'fresh_delay' },
  { text: '写首诗', intent: 'other' },
] as const;
const model = new NgramModel(CORPUS);

describe('grams', () => {
  it('takes 1–3 character grams inside each run, never across punctuation or spaces', () => {
    const g = grams('到哪,了');
    expect([...g].sort()).toEqual(['了', '哪', '到', '到哪'].sort());
  });

  it('counts an untranslated Latin word as one token, not as letters', () => {
    const g = grams('我的 seafood 到了');
    expect(g.has('w:seafood')).toBe(true);
    expect(g.has('s')).toBe(false);
  });

  it('collapses numbers so 3天 and 五 are not needed as separate grams for every figure', () => {
    expect(grams('等了3天')).toEqual(grams('等了12天'));
  });
});

describe('NgramModel', () => {
  it('gives a probability per intent that sums to 1', () => {
    const p = model.posterior('我的快递到哪了');
    const sum = [...p.values()].reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
    expect(p.size).toBe(3);
  });

  it('ranks the intent whose phrasing the message shares highest', () => {
    const rank = (t: string) => [...model.posterior(t)].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(rank('大闸蟹到了都死了')).toBe('fresh_delay');
    expect(rank('我的包裹到哪儿了')).toBe('track');
  });

  it('says nothing about a message none of whose characters it has seen', () => {
    expect(model.posterior('qwxz').size).toBe(0);
  });

  it('is deterministic: the same corpus gives the same posterior', () => {
    const again = new NgramModel(CORPUS);
    expect([...again.posterior('蟹到了')]).toEqual([...model.posterior('蟹到了')]);
  });

  it('keeps posteriors away from 0 and 1 (the temperature), so they can be weighed against cue scores', () => {
    const p = model.posterior('螃蟹死了');
    expect(Math.max(...p.values())).toBeLessThan(0.999);
    expect(Math.min(...p.values())).toBeGreaterThan(0.001);
  });
});
