// The one door to the courier's own systems. Tools and workflows depend on this interface only;
// `COURIER_BACKEND` picks the implementation: the in-memory sandbox world (sandbox-backend.ts) or
// the courier's REST API (http-backend.ts, contract in docs/courier-api.md).
//
// Honesty rule (DESIGN.md "never invents a status"): an implementation that cannot reach its
// source throws BackendUnavailableError, so the caller says "系统繁忙，请稍后再试" and never
// answers from a guess. `null` / `[]` mean the backend answered and knows nothing.
import { CourierError } from '../domain/errors.js';
import type { Parcel, PartyRole, Proof, Station } from './types.js';

/** A parcel the phone is party to, and in which role. */
export interface PartyParcel {
  parcel: Parcel;
  role: PartyRole;
}

/** Proof of delivery with the hand-over scan it belongs to. */
export interface DeliveryProof extends Proof {
  waybill: string;
  /** When the parcel was delivered or put in the locker (epoch ms), if scanned. */
  deliveredAt?: number;
  /** The courier who delivered it, if the scan names one. */
  courier?: string;
  /** The site of the delivering scan. */
  site?: string;
}

export type VolumeDimension = 'station' | 'community' | 'route';

export interface VolumeQuery {
  by: VolumeDimension;
  /** Count parcels with a scan at or after this time (epoch ms); open when absent. */
  from?: number;
  /** … and before this time (epoch ms, exclusive); open when absent. */
  to?: number;
}

export interface VolumeCount {
  /** Station.id, the 小区 name, or routeKey(route) (`大连转运中心→上海转运中心`). */
  key: string;
  count: number;
}

export interface CourierBackend {
  /** The parcel with this waybill (case-insensitive), or null when the courier has none. */
  parcel(waybill: string): Promise<Parcel | null>;

  /**
   * Every parcel this phone is sender or receiver of, newest activity first. The phone is
   * normalised (spaces, dashes, +86). A parcel sent to oneself is listed once, as receiver.
   */
  parcelsByPhone(phone: string): Promise<PartyParcel[]>;

  /** The station with this id, or null. */
  station(id: string): Promise<Station | null>;

  /** All stations. */
  stations(): Promise<Station[]>;

  /**
   * The delivery proof of a delivered (or locker-placed) parcel; null when the parcel is
   * unknown or has no proof yet.
   */
  deliveryProof(waybill: string): Promise<DeliveryProof | null>;

  /**
   * Parcel counts per station, 小区 or route in a time window: the denominators insights use to
   * turn complaint counts into rates. Optional: a backend that cannot count leaves it out and
   * insights fall back to raw counts.
   */
  volumes?(query: VolumeQuery): Promise<VolumeCount[]>;
}

export type UnavailableReason = 'timeout' | 'network' | 'http_status' | 'malformed' | 'outage';

/**
 * The backend could not answer (timeout, network error, 5xx, malformed response). Callers reply
 * honestly that the system is busy and may retry later; they never fill in data themselves.
 */
export class BackendUnavailableError extends CourierError {
  /** The HTTP status the backend answered with, when it answered at all. */
  readonly status: number | undefined;

  constructor(
    readonly reason: UnavailableReason,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super('BACKEND_UNAVAILABLE', message, 503, options);
    this.name = 'BackendUnavailableError';
    this.status = options?.status;
  }
}

export const isBackendUnavailable = (e: unknown): e is BackendUnavailableError =>
  e instanceof BackendUnavailableError;
