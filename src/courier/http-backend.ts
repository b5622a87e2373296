// The courier backend over the courier's REST API (docs/courier-api.md, courier-api.openapi.yaml).
// Every response is validated at this edge; anything that is not a clean answer — timeout, network
// error, 5xx, an unexpected status, a body that is not the documented JSON — becomes a
// BackendUnavailableError, so the bot says the system is busy instead of guessing. 404 on a single
// resource means "unknown" and gives null.
import { z } from 'zod';
import { createLogger, type Logger } from '../lib/logger.js';
import {
  BackendUnavailableError,
  type CourierBackend,
  type DeliveryProof,
  type PartyParcel,
  type UnavailableReason,
  type VolumeCount,
  type VolumeQuery,
} from './backend.js';
import { isParcelStatus, normaliseScan, type ParcelStatus } from './status.js';
import { Product, normalisePhone, normaliseWaybill, type Parcel, type ScanEvent, type Station } from './types.js';

export interface HttpBackendOptions {
  /** COURIER_API_URL, e.g. https://courier.example.com/kefu/v1 (paths are appended). */
  baseUrl: string;
  /** Per request, body included. */
  timeoutMs?: number;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** Absent and null are the same on the wire; both become undefined. */
const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const Text = z.string().min(1);
const Time = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));

const PartyDto = z.object({
  name: Text,
  phone: Text.transform(normalisePhone),
  city: Text,
  address: opt(Text),
  community: opt(Text),
  district: opt(Text),
});
const EventDto = z.object({
  at: Time,
  action: Text,
  /** Our taxonomy when the API knows it; otherwise normalised from `action`. */
  status: opt(z.string()),
  site: Text,
  courier: opt(Text),
  note: opt(Text),
});
const ParcelDto = z.object({
  waybill: Text,
  product: Product,
  item: opt(Text),
  declaredValue: opt(z.number().nonnegative()),
  insured: opt(z.boolean()),
  sender: PartyDto,
  receiver: PartyDto,
  stationId: opt(Text),
  events: z.array(EventDto),
  exception: opt(z.object({ site: Text, reason: Text, eta: opt(Time) })),
  proof: opt(z.object({ photo: Text, placedAt: Text, note: opt(Text) })),
  route: opt(z.object({ originHub: Text, destHub: Text })),
});
const StationDto = z.object({ id: Text, name: Text, staff: z.array(Text), phone: opt(Text), address: opt(Text) });
const ProofDto = z.object({
  waybill: Text,
  photo: Text,
  placedAt: Text,
  note: opt(Text),
  deliveredAt: opt(Time),
  courier: opt(Text),
  site: opt(Text),
});
const PartyParcelsDto = z.object({ items: z.array(z.object({ role: z.enum(['sender', 'receiver']), parcel: ParcelDto })) });
const StationsDto = z.object({ items: z.array(StationDto) });
const VolumesDto = z.object({ items: z.array(z.object({ key: Text, count: z.number().int().nonnegative() })) });

type ParcelDto = z.output<typeof ParcelDto>;

/** A 404 on a single resource; distinct from a body that is JSON `null` (which is malformed). */
const NOT_FOUND = Symbol('not found');

/** Drops undefined members so domain objects carry only what the API said. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export class HttpCourierBackend implements CourierBackend {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly log: Logger;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpBackendOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.log = options.logger ?? createLogger('warn');
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async parcel(waybill: string): Promise<Parcel | null> {
    const wb = normaliseWaybill(waybill);
    const body = await this.get('GET /parcels/{waybill}', `/parcels/${encodeURIComponent(wb)}`, { allow404: true });
    if (body === NOT_FOUND) return null;
    const parcel = this.toParcel(this.decode('GET /parcels/{waybill}', ParcelDto, body));
    if (parcel.waybill !== wb) this.malformed('GET /parcels/{waybill}', 'answered for another waybill');
    return parcel;
  }

  async parcelsByPhone(phone: string): Promise<PartyParcel[]> {
    const query = new URLSearchParams({ phone: normalisePhone(phone) });
    const body = await this.get('GET /parcels?phone', `/parcels?${query}`);
    const dto = this.decode('GET /parcels?phone', PartyParcelsDto, body);
    return dto.items.map((i) => ({ role: i.role, parcel: this.toParcel(i.parcel) }));
  }

  async station(id: string): Promise<Station | null> {
    const body = await this.get('GET /stations/{id}', `/stations/${encodeURIComponent(id)}`, { allow404: true });
    return body === NOT_FOUND ? null : defined(this.decode('GET /stations/{id}', StationDto, body));
  }

  async stations(): Promise<Station[]> {
    const body = await this.get('GET /stations', '/stations');
    return this.decode('GET /stations', StationsDto, body).items.map(defined);
  }

  async deliveryProof(waybill: string): Promise<DeliveryProof | null> {
    const wb = encodeURIComponent(normaliseWaybill(waybill));
    const body = await this.get('GET /parcels/{waybill}/proof', `/parcels/${wb}/proof`, { allow404: true });
    return body === NOT_FOUND ? null : defined(this.decode('GET /parcels/{waybill}/proof', ProofDto, body));
  }

  async volumes(q: VolumeQuery): Promise<VolumeCount[]> {
    const query = new URLSearchParams({ by: q.by });
    if (q.from !== undefined) query.set('from', new Date(q.from).toISOString());
    if (q.to !== undefined) query.set('to', new Date(q.to).toISOString());
    const body = await this.get('GET /volumes', `/volumes?${query}`);
    return this.decode('GET /volumes', VolumesDto, body).items;
  }

  /**
   * One GET. Returns the parsed JSON body, or NOT_FOUND for a 404 when the endpoint allows it.
   * `endpoint` names the route template for logs, so waybills and phones stay out of them.
   */
  private async get(endpoint: string, path: string, opts: { allow404?: boolean } = {}): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const signal = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await this.fetch(`${this.baseUrl}${path}`, { headers, signal });
      status = res.status;
      if (status === 404 && opts.allow404) {
        await res.body?.cancel();
        return NOT_FOUND;
      }
      text = await res.text();
    } catch (e) {
      const timedOut = signal.aborted || (e as Error).name === 'TimeoutError';
      throw this.unavailable(endpoint, timedOut ? 'timeout' : 'network', timedOut ? `no answer within ${this.timeoutMs} ms` : 'request failed', e);
    }
    if (status < 200 || status >= 300) {
      throw this.unavailable(endpoint, 'http_status', `answered HTTP ${status}`, undefined, status);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      return this.malformed(endpoint, 'body is not JSON', e);
    }
  }

  private decode<T extends z.ZodType>(endpoint: string, schema: T, body: unknown): z.output<T> {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    // Paths and messages only: the values may be personal data.
    const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    return this.malformed(endpoint, `body does not match the contract (${issues.join('; ')})`, result.error);
  }

  private malformed(endpoint: string, detail: string, cause?: unknown): never {
    throw this.unavailable(endpoint, 'malformed', detail, cause);
  }

  private unavailable(endpoint: string, reason: UnavailableReason, detail: string, cause?: unknown, status?: number) {
    const level = reason === 'malformed' || (status !== undefined && status < 500 && status !== 429) ? 'error' : 'warn';
    this.log[level]({ api: 'courier', endpoint, reason, status, detail }, 'courier backend unavailable');
    return new BackendUnavailableError(reason, `courier backend ${endpoint}: ${detail}`, { cause, ...(status !== undefined && { status }) });
  }

  private toParcel(dto: ParcelDto): Parcel {
    let previous: ParcelStatus | undefined;
    const events: ScanEvent[] = [...dto.events]
      .sort((a, b) => a.at - b.at)
      .map((e) => {
        const status = this.statusOf(e.status, e.action, e.site, previous);
        previous = status;
        return defined({ ...e, status });
      });
    return defined({
      ...dto,
      waybill: normaliseWaybill(dto.waybill),
      sender: defined(dto.sender),
      receiver: defined(dto.receiver),
      events,
      exception: dto.exception && defined(dto.exception),
      proof: dto.proof && defined(dto.proof),
    });
  }

  /**
   * The API's status when it is one of ours, else the action normalised. A scan nobody can read
   * keeps the parcel's previous status (or in_transit) and is logged so the taxonomy can grow;
   * the raw action is kept either way for replies to quote.
   */
  private statusOf(given: string | undefined, action: string, site: string, previous?: ParcelStatus): ParcelStatus {
    if (given && isParcelStatus(given)) return given;
    const normalised = normaliseScan(action, site);
    if (normalised) return normalised;
    this.log.warn({ api: 'courier', action }, 'unrecognised scan description');
    return previous ?? 'in_transit';
  }
}
