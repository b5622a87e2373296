// Public surface of the rules understanding model.
export { understand } from './understand.js';
export { resolvePick } from './slots.js';
export { isValidS10 } from './identifiers.js';
export { INTENTS } from './types.js';
export type { Intent, Place, Sentiment, Slots, TimeSlot, Understanding, UnderstandContext } from './types.js';
