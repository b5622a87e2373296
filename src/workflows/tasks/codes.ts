// Task short codes and card task_ids. Staff refer to a task in a text by its code (`#K7M2QX`,
// shown on the card, so a quoted card carries it too); the alphabet leaves out 0/O, 1/I/L so a code
// read off a phone screen is typed back right. A card's task_id must be unique per app and match
// `[0-9a-zA-Z_-@]`, ≤128 bytes (PROTOCOL.md §4.3): one card per recipient, `<task id>@<n>`.
import { randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 6;

export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** `urge-K7M2QX-lt0b9k2a`: owner, code and time keep it unique across Redis flushes too. */
export function newTaskId(owner: string, code: string, now: number): string {
  return `${owner}-${code}-${now.toString(36)}${randomInt(36 ** 2).toString(36)}`;
}

export const cardTaskIdOf = (taskId: string, index: number) => `${taskId}@${index}`;

/** `<task id>@<n>` → the task id; undefined for a task_id this app did not make. */
export function taskIdOfCard(cardTaskId: string): string | undefined {
  const m = /^([a-z][a-z0-9_]*-[0-9A-Z]{6}-[0-9a-z]+)@\d{1,3}$/.exec(cardTaskId);
  return m?.[1];
}

/**
 * Every `#CODE` in a text, upper-cased, in order, without repeats. A full-width ＃ (Chinese input)
 * counts, and lower case too; a code must stand alone (not inside a longer word).
 */
export function codesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[#＃]\s?([0-9A-Za-z]{6})(?![0-9A-Za-z])/g)) {
    const code = (m[1] ?? '').toUpperCase();
    if (!out.includes(code)) out.push(code);
  }
  return out;
}
