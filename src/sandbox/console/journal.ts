// What people did from the console (a customer's text, a staff member's photo, a menu click): the
// outbox holds only what the bot sent, so the console notes each action here just before it posts
// the real callback. `afterSeq` is the outbox's last sequence number at that moment, so a pane can
// place the action between the bot's messages. In memory and bounded, like the outbox.
import type { Clock } from '../../lib/clock.js';
import type { Outbox } from '../outbox.js';

export const JOURNAL_KINDS = ['text', 'image', 'menu', 'click'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

export interface JournalInput {
  /** The openid, external_userid or WeCom userid who acted. */
  who: string;
  kind: JournalKind;
  /** What they typed, the photo's name, the menu item's or the button's label. */
  text: string;
}

export interface JournalEntry extends JournalInput {
  id: number;
  at: number;
  afterSeq: number;
}

export class ConsoleJournal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly capacity = 5_000,
  ) {}

  record(input: JournalInput): JournalEntry {
    this.seq += 1;
    const entry: JournalEntry = { ...input, id: this.seq, at: this.clock.now(), afterSeq: this.outbox.lastSeq };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries = this.entries.slice(-this.capacity);
    return entry;
  }

  of(who: string): JournalEntry[] {
    return this.entries.filter((e) => e.who === who);
  }
}
