// Labelled utterances, one JSON object per line (SCENARIOS.md "Utterance evaluation"):
// {"text", "intent", "waybill"?, "phone"?}. The same format is the eval input and the n-gram
// model's training corpus (data/nlu/), so one parser serves both.
import { z } from 'zod';
import { INTENTS } from './types.js';

const lineSchema = z.object({
  text: z.string().min(1, 'must be a non-empty string'),
  intent: z.enum(INTENTS),
  waybill: z.string().min(1).optional(),
  phone: z.string().regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number').optional(),
});

export type LabelledLine = z.infer<typeof lineSchema>;

export class LabelledInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LabelledInputError';
  }
}

/** Parses JSONL; every malformed line is reported as `FILE:LINE: reason`. Blank lines are skipped. */
export function parseLabelledJsonl(content: string, file: string): LabelledLine[] {
  const lines: LabelledLine[] = [];
  const problems: string[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    const where = `${file}:${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      problems.push(`${where}: invalid JSON (${(err as Error).message})`);
      return;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${where}: ${issue.path.join('.') || '(line)'} ${issue.message}`);
      return;
    }
    lines.push(parsed.data);
  });
  if (problems.length > 0) throw new LabelledInputError(problems);
  if (lines.length === 0) throw new LabelledInputError([`${file}: no utterances`]);
  return lines;
}
