// The courier backend of the sandbox and of scenarios: a loaded World held in memory.
// With a clock, a scan dated after the clock has not happened yet and is not shown, so a world can
// script what happens while a scenario `wait`s. Every answer is a copy: callers cannot change the
// world by editing what they got back.
import { readFile } from 'node:fs/promises';
import type { Clock } from '../lib/clock.js';
import {
  BackendUnavailableError,
  type CourierBackend,
  type DeliveryProof,
  type PartyParcel,
  type VolumeCount,
  type VolumeQuery,
} from './backend.js';
import { eventsAsOf, latestEvent, normaliseScan, routeFromEvents } from './status.js';
import { normalisePhone, normaliseWaybill, routeKey, type Parcel, type ScanEvent, type Station } from './types.js';
import { WorldError, loadWorld, type World } from './world.js';

export interface SandboxBackendOptions {
  /** Scans later than this clock stay hidden; without a clock every scan is visible. */
  clock?: Clock;
}

/** A scan recorded while the sandbox runs (a station marking a parcel delivered, …). */
export interface RecordedScan {
  action: string;
  site: string;
  /** Defaults to the clock (or the current time). */
  at?: number;
  courier?: string;
  note?: string;
}

export class SandboxCourierBackend implements CourierBackend {
  private readonly parcels = new Map<string, Parcel>();
  private readonly stationsById = new Map<string, Station>();
  private outage: string | undefined;

  constructor(
    readonly world: World,
    private readonly options: SandboxBackendOptions = {},
  ) {
    for (const p of world.parcels) this.parcels.set(normaliseWaybill(p.waybill), structuredClone(p));
    for (const s of world.stations) this.stationsById.set(s.id, structuredClone(s));
  }

  async parcel(waybill: string): Promise<Parcel | null> {
    this.checkAvailable();
    const p = this.parcels.get(normaliseWaybill(waybill));
    return p ? this.view(p) : null;
  }

  async parcelsByPhone(phone: string): Promise<PartyParcel[]> {
    this.checkAvailable();
    const wanted = normalisePhone(phone);
    const found: PartyParcel[] = [];
    for (const p of this.parcels.values()) {
      // Receiver first: a parcel sent to oneself is listed once, as the receiver's.
      if (p.receiver.phone === wanted) found.push({ parcel: this.view(p), role: 'receiver' });
      else if (p.sender.phone === wanted) found.push({ parcel: this.view(p), role: 'sender' });
    }
    const activity = (x: PartyParcel) => latestEvent(x.parcel)?.at ?? Number.NEGATIVE_INFINITY;
    return found.sort((a, b) => activity(b) - activity(a));
  }

  async station(id: string): Promise<Station | null> {
    this.checkAvailable();
    const s = this.stationsById.get(id);
    return s ? structuredClone(s) : null;
  }

  async stations(): Promise<Station[]> {
    this.checkAvailable();
    return [...this.stationsById.values()].map((s) => structuredClone(s));
  }

  async deliveryProof(waybill: string): Promise<DeliveryProof | null> {
    this.checkAvailable();
    const stored = this.parcels.get(normaliseWaybill(waybill));
    if (!stored?.proof) return null;
    const p = this.view(stored);
    const isHandover = (e: ScanEvent) => e.status === 'delivered' || e.status === 'locker_pickup';
    const handover = p.events.findLast(isHandover);
    // A delivery scripted for later (after the clock) has no proof yet.
    if (!handover && stored.events.some(isHandover)) return null;
    return {
      waybill: p.waybill,
      ...structuredClone(stored.proof),
      ...(handover && { deliveredAt: handover.at, site: handover.site }),
      ...(handover?.courier !== undefined && { courier: handover.courier }),
    };
  }

  async volumes(query: VolumeQuery): Promise<VolumeCount[]> {
    this.checkAvailable();
    const counts = new Map<string, number>();
    for (const stored of this.parcels.values()) {
      const p = this.view(stored);
      const inWindow = p.events.some((e) => (query.from === undefined || e.at >= query.from) && (query.to === undefined || e.at < query.to));
      if (!inWindow) continue;
      const key = volumeKey(p, query.by);
      if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }

  /**
   * Sandbox only: adds a scan as the courier's system would (the status is normalised from the
   * action or text). Returns the updated parcel, or null for an unknown waybill.
   */
  recordScan(waybill: string, scan: RecordedScan): Parcel | null {
    const p = this.parcels.get(normaliseWaybill(waybill));
    if (!p) return null;
    const event: ScanEvent = {
      at: scan.at ?? this.now() ?? Date.now(),
      action: scan.action,
      status: normaliseScan(scan.action, scan.site) ?? 'in_transit',
      site: scan.site,
      ...(scan.courier !== undefined && { courier: scan.courier }),
      ...(scan.note !== undefined && { note: scan.note }),
    };
    p.events = eventsAsOf({ ...p, events: [...p.events, event] });
    return this.view(p);
  }

  /**
   * Sandbox only: simulates the courier's systems being down. While set, every call throws
   * BackendUnavailableError, so scenarios can check the bot answers honestly.
   */
  setOutage(reason: string | false): void {
    this.outage = reason === false ? undefined : reason;
  }

  private checkAvailable(): void {
    if (this.outage !== undefined) throw new BackendUnavailableError('outage', `sandbox courier backend down: ${this.outage}`);
  }

  private now(): number | undefined {
    return this.options.clock?.now();
  }

  /** A copy as of the clock: later scans removed, events in time order. */
  private view(p: Parcel): Parcel {
    const copy = structuredClone(p);
    copy.events = eventsAsOf(copy, this.now());
    return copy;
  }
}

function volumeKey(p: Parcel, by: VolumeQuery['by']): string | undefined {
  switch (by) {
    case 'station':
      return p.stationId;
    case 'community':
      return p.receiver.community;
    case 'route': {
      const route = p.route ?? routeFromEvents(p.events);
      return route ? routeKey(route) : undefined;
    }
  }
}

/** Reads and loads a world file; relative times resolve against `now` unless the file sets `now:`. */
export async function loadWorldFile(path: string, now?: number): Promise<World> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new WorldError([{ path: '', message: `cannot read the file (${reason})` }], path);
  }
  return loadWorld(text, { source: path, ...(now !== undefined && { now }) });
}
