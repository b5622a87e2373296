// Shared helpers for the cue files (cues-*.ts): an alternation builder and the negation prefix.

/** Negation words that flip the verb after them: 没收到, 未签收, 冇收到, 根本没拿到. */
export const NEG = '(?:没有?|未|冇|并没有?|根本没有?|都没有?|也没有?|还没有?|一直没有?|从来没有?)';

export const re = (...alternatives: string[]) => new RegExp(alternatives.join('|'));
