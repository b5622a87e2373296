// The insight event: one handled turn or one step of a case, with the parcel's dimensions and a
// few scan-derived features. Events carry ids and area-level dimensions only — never a phone, a
// name or an address (DESIGN.md "Personal data"); the customer's words are redacted before they
// get here (redact.ts).
import { z } from 'zod';
import { INTENTS } from '../agent/nlu/types.js';

/** The understanding's intents, with greeting, bind and ship folded into `other`. */
export const CategorySchema = z.enum(INTENTS).exclude(['greeting', 'bind', 'ship']);
export const CATEGORIES = CategorySchema.options;
export type Category = z.infer<typeof CategorySchema>;

/** `other` (greetings, binding, off-topic) is counted in outcomes but never monitored for spikes. */
export const isMonitored = (c: Category): boolean => c !== 'other';

/** The parcel dimensions complaints are grouped by; `all` is the category as a whole. */
export const DIMENSIONS = ['community', 'district', 'station', 'route', 'product', 'courier'] as const;
export const DimensionSchema = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof DimensionSchema>;
export type SeriesDimension = Dimension | 'all';
export const ALL_VALUE = '*';

export const OUTCOMES = ['answered', 'workflow', 'handoff', 'failed', 'kept', 'late', 'missed'] as const;
export const OutcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const DimsSchema = z.object({
  community: z.string().min(1).optional(),
  district: z.string().min(1).optional(),
  station: z.string().min(1).optional(),
  route: z.string().min(1).optional(),
  product: z.string().min(1).optional(),
  courier: z.string().min(1).optional(),
});
export type Dims = z.infer<typeof DimsSchema>;

/** What the parcel's scans show at the time of the event; the raw material of "likely cause". */
export const FeaturesSchema = z.object({
  /** Hours from the origin hub to the destination hub (or until now, when not arrived yet). */
  transitH: z.number().nonnegative().optional(),
  /** The site of the last valid scan when the parcel has had no new scan for a long time. */
  stalledAt: z.string().min(1).optional(),
  stalledH: z.number().nonnegative().optional(),
  status: z.string().min(1).optional(),
});
export type Features = z.infer<typeof FeaturesSchema>;

export const InsightEventSchema = z.object({
  /** Idempotency key: `t:<messageKey>` for a turn, `k:<caseId>:<step>` for a case step. */
  id: z.string().min(1),
  at: z.number().int(),
  kind: z.enum(['turn', 'case']),
  category: CategorySchema,
  outcome: OutcomeSchema,
  conversationId: z.string().min(1).optional(),
  caseId: z.string().min(1).optional(),
  waybill: z.string().min(1).optional(),
  /** The customer's words, redacted and shortened (examples in alerts and drill-down). */
  excerpt: z.string().optional(),
  dims: DimsSchema.default({}),
  features: FeaturesSchema.optional(),
  /** Set by the recorder: the first turn of this category in the conversation within a day. */
  contact: z.boolean().optional(),
});
export type InsightEvent = z.infer<typeof InsightEventSchema>;

/** One monitored time series: a category, overall or for one value of one dimension. */
export interface SeriesKey {
  category: Category;
  dim: SeriesDimension;
  value: string;
}

export const seriesId = (s: SeriesKey): string => `${s.category}|${s.dim}|${s.value}`;

export function matchesSeries(ev: Pick<InsightEvent, 'category' | 'dims'>, s: SeriesKey): boolean {
  if (ev.category !== s.category) return false;
  return s.dim === 'all' || ev.dims[s.dim] === s.value;
}
