// Scenario world files (SCENARIOS.md "The world"): the courier data a scenario or the demo runs
// against. The YAML keys are snake_case and times are relative to the scenario clock; loadWorld
// validates them and returns domain objects with absolute epoch-ms times.
//
// Strictness: unknown keys at the scenario level are allowed (the format is extended by other
// parts: `turns`, …), but inside `world` every key is known, so a typo such as `declared_vale`
// is an error naming its key path rather than a silently ignored value.
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { CourierError } from '../domain/errors.js';
import { ChannelName } from '../domain/inbound.js';
import { parseDuration } from '../lib/duration.js';
import { SCAN_ACTIONS, routeFromEvents, statusOfAction } from './status.js';
import {
  Phone,
  Product,
  Waybill,
  normalisePhone,
  normaliseWaybill,
  type Customer,
  type Parcel,
  type ScanEvent,
  type Station,
} from './types.js';

const Text = z.string().trim().min(1, 'must not be empty');

/** Offsets from the scenario clock: `-76h`, `+10h`, `30m`, `2d`, or `0`; parsed to signed ms. */
const RelativeTime = z.unknown().transform((value, ctx): number => {
  if (value === undefined) return fail(ctx, 'is required');
  if (value === 0) return 0;
  if (typeof value !== 'string') return fail(ctx, 'must be a relative time such as -76h, +10h, 30m or 2d');
  try {
    return parseDuration(value);
  } catch (e) {
    return fail(ctx, (e as Error).message);
  }
});

/** An absolute instant; without an offset it is read as China time (+08:00). */
const Instant = z.unknown().transform((value, ctx): number => {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const iso = /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}${value.includes('T') ? '' : 'T00:00:00'}+08:00`;
    const at = Date.parse(iso);
    if (Number.isFinite(at)) return at;
  }
  return fail(ctx, 'must be an ISO 8601 time such as 2026-11-11T10:00:00+08:00');
});

/** An empty YAML key (`parcels:` with nothing under it) is null: read it as absent. */
const blankAsAbsent = (v: unknown) => v ?? undefined;
const list = <T extends z.ZodType>(item: T) => z.preprocess(blankAsAbsent, z.array(item).default([]));

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

/** Unquoted YAML numbers are accepted for phones and all-digit waybills while they stay exact. */
const digitsAsString = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v);
const PhoneIn = z.preprocess(digitsAsString, z.string().transform(normalisePhone).pipe(Phone));
const WaybillIn = z.preprocess(digitsAsString, Waybill.transform(normaliseWaybill));

const PartyIn = z.strictObject({
  name: Text,
  phone: PhoneIn,
  city: Text,
  address: Text.optional(),
  community: Text.optional(),
  district: Text.optional(),
});

const EventIn = z.strictObject({
  at: RelativeTime,
  action: z.enum(SCAN_ACTIONS),
  site: Text,
  courier: Text.optional(),
  note: Text.optional(),
});

const ParcelIn = z.strictObject({
  waybill: WaybillIn,
  product: Product.default('standard'),
  item: Text.optional(),
  declared_value: z.number().nonnegative().optional(),
  insured: z.boolean().optional(),
  sender: PartyIn,
  receiver: PartyIn,
  station: Text.optional(),
  events: list(EventIn),
  exception: z.strictObject({ site: Text, reason: Text, eta: RelativeTime.optional() }).optional(),
  proof: z.strictObject({ photo: Text, placed_at: Text, note: Text.optional() }).optional(),
  route: z.strictObject({ origin_hub: Text, dest_hub: Text }).optional(),
});

const WorldIn = z
  .strictObject({
    customers: list(z.strictObject({ openid: Text, phone: PhoneIn.optional() })),
    stations: list(
      z.strictObject({ id: Text, name: Text, staff: list(Text), phone: Text.optional(), address: Text.optional() }),
    ),
    supervisors: list(Text),
    parcels: list(ParcelIn),
  })
  .superRefine((world, ctx) => {
    const unique = (list: 'customers' | 'stations' | 'parcels', key: string, values: string[]) => {
      const seen = new Map<string, number>();
      values.forEach((v, i) => {
        const first = seen.get(v);
        if (first === undefined) seen.set(v, i);
        else ctx.addIssue({ code: 'custom', path: [list, i, key], message: `duplicate "${v}" (first at ${list}[${first}])` });
      });
    };
    unique('customers', 'openid', world.customers.map((c) => c.openid));
    unique('stations', 'id', world.stations.map((s) => s.id));
    unique('parcels', 'waybill', world.parcels.map((p) => p.waybill));
    const ids = new Set(world.stations.map((s) => s.id));
    world.parcels.forEach((p, i) => {
      if (p.station !== undefined && !ids.has(p.station)) {
        const known = [...ids].join(', ') || 'none declared';
        ctx.addIssue({ code: 'custom', path: ['parcels', i, 'station'], message: `unknown station "${p.station}" (stations: ${known})` });
      }
    });
  });

/** A scenario or world file. Keys other than these are the business of other readers. */
export const ScenarioWorld = z.looseObject({
  name: Text,
  channel: ChannelName.default('wechat'),
  now: Instant.optional(),
  world: z.preprocess(blankAsAbsent, WorldIn.optional()),
});
export type ScenarioWorld = z.output<typeof ScenarioWorld>;

/** The courier world in domain terms, times absolute. */
export interface World {
  name: string;
  channel: ChannelName;
  /** The scenario clock start every relative time was resolved against. */
  now: number;
  customers: Customer[];
  stations: Station[];
  supervisors: string[];
  parcels: Parcel[];
}

type ParcelInput = z.output<typeof ParcelIn>;

/** Resolves a validated file against the clock start: the file's `now`, else `fallbackNow`. */
export function resolveWorld(file: ScenarioWorld, fallbackNow: number): World {
  const now = file.now ?? fallbackNow;
  const w = file.world ?? { customers: [], stations: [], supervisors: [], parcels: [] };
  // zod leaves absent optional keys absent, so validated stations are already domain Stations.
  const stations: Station[] = w.stations;
  const stationNames = new Set(stations.map((s) => s.name));
  return {
    name: file.name,
    channel: file.channel,
    now,
    customers: w.customers.map((c) => ({ id: c.openid, ...(c.phone !== undefined && { phone: c.phone }) })),
    stations,
    supervisors: w.supervisors,
    parcels: w.parcels.map((p) => toParcel(p, now, stationNames)),
  };
}

function toParcel(p: ParcelInput, now: number, stationNames: ReadonlySet<string>): Parcel {
  const events: ScanEvent[] = p.events
    .map((e) => ({
      ...e,
      at: now + e.at,
      // A scan "arrived" at a declared station is at_station whatever the site's name looks like.
      status: e.action === 'arrived' && stationNames.has(e.site) ? 'at_station' : statusOfAction(e.action, e.site),
    }))
    .sort((a, b) => a.at - b.at);
  const route = p.route ? { originHub: p.route.origin_hub, destHub: p.route.dest_hub } : routeFromEvents(events);
  return {
    waybill: p.waybill,
    product: p.product,
    ...(p.item !== undefined && { item: p.item }),
    ...(p.declared_value !== undefined && { declaredValue: p.declared_value }),
    ...(p.insured !== undefined && { insured: p.insured }),
    sender: p.sender,
    receiver: p.receiver,
    ...(p.station !== undefined && { stationId: p.station }),
    events,
    ...(p.exception && {
      exception: {
        site: p.exception.site,
        reason: p.exception.reason,
        ...(p.exception.eta !== undefined && { eta: now + p.exception.eta }),
      },
    }),
    ...(p.proof && {
      proof: { photo: p.proof.photo, placedAt: p.proof.placed_at, ...(p.proof.note !== undefined && { note: p.proof.note }) },
    }),
    ...(route && { route }),
  };
}

/** One problem in a world file: the key path (`world.parcels[3].events[0].at`) and why. */
export interface WorldIssue {
  path: string;
  message: string;
  /** 1-based line in the YAML text, when the text was given. */
  line?: number;
}

/** A malformed world file. `message` lists every issue, one a line, prefixed by the source. */
export class WorldError extends CourierError {
  constructor(
    readonly issues: WorldIssue[],
    readonly source?: string,
  ) {
    super('CONFIG_INVALID', issues.map((i) => formatIssue(i, source)).join('\n'));
    this.name = 'WorldError';
  }
}

export function formatIssue(issue: WorldIssue, source?: string): string {
  const where = [source, issue.line !== undefined ? `line ${issue.line}` : undefined].filter(Boolean).join(':');
  return `${where ? `${where}: ` : ''}${issue.path || '(file)'}: ${issue.message}`;
}

export interface LoadWorldOptions {
  /** The clock start when the file has no `now:` (default: the current time). */
  now?: number;
  /** The file name, for error messages. */
  source?: string;
}

/** Parses and validates a scenario or world YAML text and resolves its times. Throws WorldError. */
export function loadWorld(yamlText: string, options: LoadWorldOptions = {}): World {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new WorldError([{ path: '', message: `YAML syntax: ${syntax.message}`, line }], options.source);
  }
  return worldFromDocument(doc.toJS(), options, (path) => lineOf(doc, lineCounter, path));
}

/** The same for a document already parsed (the scenario runner parses each file once). */
export function worldFromDocument(
  document: unknown,
  options: LoadWorldOptions = {},
  lineOfPath?: (path: PropertyKey[]) => number | undefined,
): World {
  if (document === null || document === undefined) {
    throw new WorldError([{ path: '', message: 'the file is empty; expected a mapping with name and world' }], options.source);
  }
  const result = ScenarioWorld.safeParse(document, {
    error: (iss) => (iss.input === undefined && iss.code === 'invalid_type' ? 'is required' : undefined),
  });
  if (!result.success) throw new WorldError(toIssues(result.error, lineOfPath), options.source);
  return resolveWorld(result.data, options.now ?? Date.now());
}

function toIssues(error: z.ZodError, lineOfPath?: (path: PropertyKey[]) => number | undefined): WorldIssue[] {
  return error.issues.flatMap((iss) => {
    const found = iss.code === 'unrecognized_keys'
      ? iss.keys.map((key) => ({ path: [...iss.path, key], message: 'unknown key' }))
      : [{ path: iss.path, message: iss.message }];
    return found.map(({ path, message }) => {
      const line = lineOfPath?.(path);
      return { path: formatPath(path), message, ...(line !== undefined && { line }) };
    });
  });
}

/** ['world', 'parcels', 3, 'at'] → world.parcels[3].at */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out ? `${out}.${name}` : name;
  }, '');
}

/** The line of the deepest node on `path` that exists (a missing key points at its parent). */
function lineOf(doc: Document, counter: LineCounter, path: PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
