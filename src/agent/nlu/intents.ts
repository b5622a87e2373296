// Intent scoring: features → weighted rules → best intent, ties broken by PRIORITY.
import { detectFeatures, type Feature } from './lexicon.js';
import { INTENT_RULES, PRIORITY, WEAK_RULES, type IntentRule } from './rules.js';
import { isSmallTalk } from './smalltalk.js';
import type { Intent } from './types.js';

export interface Classification {
  intent: Intent;
  confidence: number;
  /** Score of the winning intent from cue words alone (without the identifier bonuses). */
  cueScore: number;
  /** No cue matched: the intent is a fallback (bare waybill, courier noun, or other). */
  fallback: boolean;
  features: ReadonlySet<Feature>;
  scores: ReadonlyMap<Intent, number>;
}

export interface Evidence {
  hasWaybill: boolean;
  hasPhone: boolean;
}

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
export function classify(text: string, evidence: Evidence): Classification {
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
  const pick = best(scores);
  if (pick) {
    // Evidence from the weak tier alone is a guess, and says so (≈ 0.5).
    const confidence = !strong && cue ? Math.min(0.5, confidenceOf(pick.top, pick.second)) : confidenceOf(pick.top, pick.second);
    return { ...base, intent: pick.intent, confidence, fallback: !cue };
  }
  if (features.has('courierNoun')) return { ...base, intent: 'track', confidence: 0.4, fallback: true };
  return { ...base, intent: 'other', confidence: 0.3, fallback: true };
}
