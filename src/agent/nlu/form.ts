// The matching form of a message, shared by the understanding and the n-gram corpus: normalised,
// slots extracted (identifiers blanked), lower case, injection spans blanked, canonical wording.
import { canonicalize } from './canon.js';
import { scanInjection } from './flags.js';
import { normalize } from './normalize.js';
import { extractSlots } from './slots.js';
import type { Slots, UnderstandContext } from './types.js';

export interface PreparedText {
  slots: Slots;
  injection: boolean;
  /** What cue words and n-grams are matched against. */
  form: string;
}

export function prepare(text: string, ctx: UnderstandContext = {}): PreparedText {
  const { slots, rest } = extractSlots(normalize(text), ctx);
  const scan = scanInjection(rest.toLowerCase());
  return { slots, injection: scan.injection, form: canonicalize(scan.cleaned) };
}
