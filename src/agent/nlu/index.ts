// Public surface of the rules understanding model.
export { understand, type UnderstandOptions } from './understand.js';
export { defaultNgram } from './corpus.js';
export { resolvePick } from './slots.js';
export { isValidS10 } from './identifiers.js';
export { INTENTS } from './types.js';
export type { Intent, Place, Sentiment, Slots, TimeSlot, Understanding, UnderstandContext } from './types.js';
