import { randomBytes, randomUUID, createHash } from 'node:crypto';

export const uuid = () => randomUUID();

/** A short, URL- and BullMQ-safe id (no ':' and never all digits, per BullMQ job-ids.md). */
export function shortId(prefix: string, bytes = 8): string {
  return `${prefix}_${randomBytes(bytes).toString('hex')}`;
}

/** A stable, BullMQ-safe job id derived from any key (colons and long keys are hashed away). */
export function jobIdFor(kind: string, key: string): string {
  return `${kind}-${createHash('sha1').update(key).digest('hex').slice(0, 32)}`;
}
