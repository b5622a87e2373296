// Intent scoring: features → weighted rules (+ the n-gram backstop) → best intent, ties broken by
// PRIORITY.
import { detectFeatures, type Feature } from './lexicon.js';
import type { NgramModel } from './ngram.js';
import { INTENT_RULES, PRIORITY, WEAK_RULES, type IntentRule } from './rules.js';
import { isSmallTalk } from './smalltalk.js';
import type { Intent } from './types.js';

export interface Classification {
  intent: Intent;
  confidence: number;
  /** Score of the winning intent from cue words alone (without the identifier bonuses). */
  cueScore: number;
  /** No cue matched: the intent is a fallback (bare waybill, courier noun, or other) or the n-grams' guess. */
  fallback: boolean;
  features: ReadonlySet<Feature>;
  scores: ReadonlyMap<Intent, number>;
}

export interface Evidence {
  hasWaybill: boolean;
  hasPhone: boolean;
}

/**
 * How much the n-gram posterior (0–1 per intent) adds to the rule scores. At 3 a confident n-gram
 * guess outweighs supporting cues (≤ 3) and settles close calls between clear ones, but cannot
 * overturn a compound (6–7) or an explicit request (≥ 8). Chosen on a set written after the rules
 * (data/nlu/README.md); a different sealed set measured the result.
 */
export const NGRAM_WEIGHT = 3;
/**
 * What a cue-less message's fallback competes with. A courier noun (快递, 件) makes it a parcel
 * question the n-grams may refine (0.5); with no courier word at all it is most likely off topic,
 * and only a confident n-gram guess (p > 2/3) may make it a parcel intent.
 */
const FALLBACK_SCORE: Readonly<Record<'track' | 'other', number>> = { track: 0.5, other: 2 };

/** Sums rule weights per intent (into `into` when given). */
export function scoreIntents(features: ReadonlySet<Feature>, rules: readonly IntentRule[] = INTENT_RULES, into?: Map<Intent, number>): Map<Intent, number> {
  const scores = into ?? new Map<Intent, number>();
  for (const rule of rules) {
    if (rule.all.every((f) => features.has(f))) scores.set(rule.intent, (scores.get(rule.intent) ?? 0) + rule.weight);
  }
  return scores;
}

function best(scores: ReadonlyMap<Intent, number>): { intent: Intent; top: number; second: number } | undefined {
  const ranked = [...scores.entries()]
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1] || PRIORITY.indexOf(a[0]) - PRIORITY.indexOf(b[0]));
  const first = ranked[0];
  if (!first) return undefined;
  return { intent: first[0], top: first[1], second: ranked[1]?.[1] ?? 0 };
}

function confidenceOf(top: number, second: number): number {
  const c = 0.45 + top * 0.05 + Math.min(top - second, 4) * 0.03;
  return Math.round(Math.min(0.97, c) * 100) / 100;
}

/** Classifies one normalised, lower-cased message whose identifiers are already blanked out. */
export function classify(text: string, evidence: Evidence, ngram?: NgramModel): Classification {
  const features = detectFeatures(text);
  const cueScores = scoreIntents(features);
  const strong = best(cueScores);
  const base = { features, scores: cueScores, cueScore: strong?.top ?? 0 };
  const bare = !strong && !evidence.hasWaybill && !evidence.hasPhone;

  if (bare && isSmallTalk(text)) {
    return { ...base, intent: 'greeting', confidence: 0.95, fallback: false };
  }
  // No cue: the weak evidence (topic words) speaks before the bare fallbacks — unless the message
  // closes the matter (快递柜的快递取出来了 谢谢), which is a thank-you.
  if (bare && features.has('resolved')) {
    return { ...base, intent: 'greeting', confidence: 0.6, fallback: false };
  }
  if (!strong) scoreIntents(features, WEAK_RULES, cueScores);
  const cue = best(cueScores);
  if (cue) base.cueScore = cue.top;

  // A phone number on its own is someone binding; a waybill on its own is someone asking about it.
  const scores = new Map(cueScores);
  if (evidence.hasPhone) scores.set('bind', (scores.get('bind') ?? 0) + 3);
  if (evidence.hasWaybill) scores.set('track', (scores.get('track') ?? 0) + 1);
  const fallbackIntent = features.has('courierNoun') ? 'track' : 'other';
  const rulesPick = best(scores);
  if (ngram) {
    const posterior = ngram.posterior(text);
    if (posterior.size > 0) {
      if (!rulesPick) scores.set(fallbackIntent, FALLBACK_SCORE[fallbackIntent]);
      // A greeting is only ever what is left after small talk is removed (smalltalk.ts): a guess
      // must never make a real message one.
      for (const [intent, p] of posterior) if (intent !== 'greeting') scores.set(intent, (scores.get(intent) ?? 0) + NGRAM_WEIGHT * p);
    }
  }
  const pick = best(scores);
  // Without any rule evidence the fallback stands unless the n-grams chose something else.
  if (pick && (rulesPick || pick.intent !== fallbackIntent)) {
    // Evidence from the weak tier alone, or the n-grams alone, is a guess and says so (≈ 0.5).
    const guess = (!strong && cue) || !rulesPick;
    const confidence = guess ? Math.min(0.5, confidenceOf(pick.top, pick.second)) : confidenceOf(pick.top, pick.second);
    return { ...base, intent: pick.intent, confidence, fallback: !cue };
  }
  if (fallbackIntent === 'track') return { ...base, intent: 'track', confidence: 0.4, fallback: true };
  return { ...base, intent: 'other', confidence: 0.3, fallback: true };
}
