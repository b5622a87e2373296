// Every message the bot sent through an emulated platform, in order, as `GET /sandbox/messages`
// shows it (DESIGN.md "Interfaces others depend on": `{at, channel, to, kind, text, ...}`).
// In memory and bounded: the sandbox is one process, and a peak-day benchmark must not grow it
// without limit. `text` is always a searchable string so scenario `contains` checks work on every
// kind (a template's data values joined with newlines, a card's title and description).
import { systemClock, type Clock } from '../lib/clock.js';

// 'sms': verification codes from SandboxSmsSender, so the console can show them.
export type OutboxChannel = 'wechat' | 'wecom' | 'wecom-kf' | 'sms';
export type OutboxKind =
  | 'text'
  | 'image'
  | 'voice'
  | 'video'
  | 'news'
  | 'msgmenu'
  | 'miniprogrampage'
  | 'template'
  | 'card'
  | 'markdown'
  | 'file'
  | (string & {});

/** What a platform emulator records; id, seq and (by default) at are filled in. */
export interface OutboxInput {
  channel: OutboxChannel;
  to: string;
  kind: OutboxKind;
  /** Searchable text of the message, never undefined ('' for a bare image). */
  text: string;
  /** ISO 8601; defaults to now on the sandbox clock. */
  at?: string;
  mediaId?: string;
  templateId?: string;
  data?: Record<string, { value: string }>;
  url?: string;
  msgid?: string;
  /** Platform-specific extras (card buttons, kf ids, …). */
  [extra: string]: unknown;
}

export interface OutboxEntry extends OutboxInput {
  id: string;
  /** Monotonic sequence number; `list({ afterSeq })` reads only what came later. */
  seq: number;
  at: string;
}

export interface OutboxQuery {
  to?: string;
  channel?: OutboxChannel;
  /** ISO time or epoch ms; entries at or after it. */
  since?: string | number;
  afterSeq?: number;
}

export interface OutboxOptions {
  clock?: Clock;
  capacity?: number;
}

/** A template message's data as one searchable text: the values, one per line. */
export function templateText(data: Record<string, { value: string }>): string {
  return Object.values(data)
    .map((d) => d.value)
    .join('\n');
}

export class Outbox {
  private entries: OutboxEntry[] = [];
  private seq = 0;
  private readonly clock: Clock;
  private readonly capacity: number;

  constructor(opts: OutboxOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.capacity = opts.capacity ?? 50_000;
  }

  record(input: OutboxInput): OutboxEntry {
    this.seq += 1;
    const entry: OutboxEntry = {
      ...input,
      id: `out_${this.seq}`,
      seq: this.seq,
      at: input.at ?? new Date(this.clock.now()).toISOString(),
    };
    this.entries.push(entry);
    // Trim in batches so a full outbox does not copy 50k entries on every send.
    if (this.entries.length > this.capacity + Math.ceil(this.capacity / 10)) {
      this.entries = this.entries.slice(-this.capacity);
    }
    return entry;
  }

  list(q: OutboxQuery = {}): OutboxEntry[] {
    const since = q.since === undefined ? undefined : typeof q.since === 'number' ? q.since : Date.parse(q.since);
    return this.entries.filter(
      (e) =>
        (q.to === undefined || e.to === q.to) &&
        (q.channel === undefined || e.channel === q.channel) &&
        (q.afterSeq === undefined || e.seq > q.afterSeq) &&
        (since === undefined || Number.isNaN(since) || Date.parse(e.at) >= since),
    );
  }

  /** The sequence number of the newest entry (0 when empty): a cursor for `afterSeq`. */
  get lastSeq(): number {
    return this.seq;
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
  }
}
