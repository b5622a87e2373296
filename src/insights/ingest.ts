// The insights worker's step for one event: look the parcel up for its dimensions and scan
// features, then record. A courier backend that is down makes the job retry; on its last attempt
// the event is recorded without dimensions rather than lost.
import type { CourierBackend } from '../courier/backend.js';
import { isBackendUnavailable } from '../courier/backend.js';
import { dimensionsOf, featuresOf } from './parcel-facts.js';
import type { Recorder } from './recorder.js';
import type { InsightEvent } from './types.js';

export class Ingest {
  constructor(
    private readonly courier: CourierBackend,
    private readonly recorder: Recorder,
  ) {}

  async handle(event: InsightEvent, lastAttempt: boolean): Promise<boolean> {
    let ev = event;
    if (ev.waybill) {
      try {
        const parcel = await this.courier.parcel(ev.waybill);
        if (parcel) ev = { ...ev, dims: dimensionsOf(parcel), features: featuresOf(parcel, ev.at) };
      } catch (err) {
        if (!isBackendUnavailable(err) || !lastAttempt) throw err;
      }
    }
    return this.recorder.record(ev);
  }
}
