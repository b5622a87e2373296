// Cue features: named patterns over the normalised, lower-cased text (identifiers blanked).
// A feature says one thing about the message ("says it shows as signed", "names a fresh product");
// rules.ts combines features into weighted evidence for intents. The patterns live in cues-*.ts,
// grouped by topic.
import { DELIVERY_CUES } from './cues-delivery.js';
import { HINT_CUES } from './cues-hints.js';
import { PARCEL_CUES } from './cues-parcel.js';
import { SERVICE_CUES } from './cues-service.js';

export const FEATURES = { ...PARCEL_CUES, ...DELIVERY_CUES, ...SERVICE_CUES, ...HINT_CUES } as const;

export type Feature = keyof typeof FEATURES;

/**
 * Positive cues that a negator right in front cancels: 不是催你, 我不想投诉, 没有丢, 不要人工.
 * Features whose patterns carry their own negation (notReceived, noNotice, refuseDoor…) are not here.
 */
const NEGATABLE: ReadonlySet<Feature> = new Set<Feature>([
  'urgeStrong', 'urgeFast', 'lost', 'damage', 'spoil', 'spoilStrong', 'humanExplicit', 'photoWord', 'shipRequest', 'bindExplicit',
  'customsStrong', 'offTopic', 'hintDamage', 'hintUrge', 'hintHuman', 'hintShip', 'changeAddress', 'changeRedirect', 'changeDefer', 'trackAsk',
]);
// The negator may be separated from the cue by a couple of light words: 不是要改地址, 没说要寄件.
const NEGATOR_BEFORE = /(?:不是|不想|不要|不用|不需要|没有|没|别|并非|无需|不必|不)((?:要|想|说|在|去|让|叫|帮|我|你|他)*)$/;
// Questions and rhetoric are not negations: 还不快点, 怎么不催, 是不是丢了, 有没有真人, 能不能催.
const RHETORICAL_BEFORE = /(?:(?:还|怎么|咋|为什么|为啥|能|可)不|是不是|有没有|是否|会不会|能不能|可不可以)$/;

function negatedAt(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 7), index);
  const m = NEGATOR_BEFORE.exec(before);
  if (!m || (m[1]?.length ?? 0) > 2) return false;
  return !RHETORICAL_BEFORE.test(before.slice(0, before.length - (m[1]?.length ?? 0)));
}

const GLOBAL: ReadonlyArray<[Feature, RegExp]> = (Object.entries(FEATURES) as Array<[Feature, RegExp]>).map(
  ([name, pattern]) => [name, new RegExp(pattern.source, 'g')],
);

/** Every feature that matches the text at least once without being negated. */
export function detectFeatures(text: string): Set<Feature> {
  const found = new Set<Feature>();
  for (const [name, pattern] of GLOBAL) {
    for (const m of text.matchAll(pattern)) {
      if (NEGATABLE.has(name) && negatedAt(text, m.index)) continue;
      found.add(name);
      break;
    }
  }
  return found;
}
