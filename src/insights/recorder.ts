// Records one event: decides whether a turn is a new contact (the first of its category in the
// conversation within a day, so a customer writing five times is one complaint) and whether a
// handoff is the conversation's first of the day, then stores the event and adds its counts in
// one step. Safe to repeat: a retried job changes nothing.
import { countsOf } from './fields.js';
import type { InsightsStore } from './store.js';
import { isMonitored, type InsightEvent } from './types.js';

export class Recorder {
  constructor(private readonly store: InsightsStore) {}

  async record(event: InsightEvent): Promise<boolean> {
    const ev: InsightEvent = { ...event };
    const conv = ev.conversationId;
    if (ev.kind === 'turn' && conv && isMonitored(ev.category)) ev.contact = await this.store.claim(`${conv}|${ev.category}`, ev.id, ev.at);
    // The handoff tool and the handoff case both report a handoff: a conversation counts once a day.
    const firstHandoff = ev.outcome === 'handoff' && (!conv || (await this.store.claim(`${conv}|handoff`, ev.id, ev.at)));
    return this.store.commit(ev, countsOf(ev, { firstHandoff }));
  }
}
