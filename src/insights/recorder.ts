// Records one event: decides whether a turn is a new contact (the first of its category in the
// conversation within a day, so a customer writing five times is one complaint), then stores the
// event and adds its counts in one step. Safe to repeat: a retried job changes nothing.
import { countsOf } from './fields.js';
import type { InsightsStore } from './store.js';
import { isMonitored, type InsightEvent } from './types.js';

export class Recorder {
  constructor(private readonly store: InsightsStore) {}

  async record(event: InsightEvent): Promise<boolean> {
    const ev: InsightEvent = { ...event };
    if (ev.kind === 'turn' && ev.conversationId && isMonitored(ev.category)) {
      ev.contact = await this.store.claimContact(ev.conversationId, ev.category, ev.id, ev.at);
    }
    return this.store.commit(ev, countsOf(ev));
  }
}
