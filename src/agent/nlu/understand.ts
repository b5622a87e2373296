// The deterministic understanding model: one message (plus the conversation's context) →
// intent, confidence and slots. Pure and synchronous; the LangChain wrapper turns it into tool calls.
import { canonicalize } from './canon.js';
import { applyContext, PARCEL_INTENTS } from './context.js';
import { hasRegulatorThreat, isAbuseRequest, isInsult, scanInjection, sentimentOf } from './flags.js';
import { classify } from './intents.js';
import { normalize } from './normalize.js';
import { extractSlots } from './slots.js';
import type { Understanding, UnderstandContext } from './types.js';

/** A courier intent this strong survives an injection or abuse attempt in the same message. */
const CLEAR_INTENT = 4;

export function understand(text: string, ctx: UnderstandContext = {}): Understanding {
  const norm = normalize(text);
  const { slots, rest } = extractSlots(norm, ctx);
  const form = rest.toLowerCase();
  const scan = scanInjection(form);
  const injection = scan.injection;
  const cleaned = canonicalize(scan.cleaned);

  const cls = classify(cleaned, { hasWaybill: !!slots.waybill, hasPhone: !!slots.phone });
  let intent = cls.intent;
  let confidence = cls.confidence;

  const courier = PARCEL_INTENTS.has(intent) || intent === 'human' || intent === 'bind' || intent === 'ship';
  const clear = courier && (cls.cueScore >= CLEAR_INTENT || (!!slots.waybill && cls.cueScore >= 1.5));
  const abuseRequest = isAbuseRequest(cleaned);
  const insultOnly = isInsult(cleaned) && cls.fallback;

  if (injection) slots.injection = true;
  if (abuseRequest || insultOnly) slots.abuse = true;
  if ((injection || abuseRequest) && !clear) {
    intent = 'other';
    confidence = 0.9;
  } else if (insultOnly) {
    intent = 'other';
    confidence = 0.8;
  }

  if (cls.features.has('amountDispute')) slots.amountDispute = true;
  if (hasRegulatorThreat(cleaned)) slots.regulatorThreat = true;
  slots.sentiment = slots.regulatorThreat ? 'angry' : sentimentOf(cleaned);

  const u: Understanding = { intent, confidence, slots };
  return slots.injection || slots.abuse ? u : applyContext(u, cls, ctx, cleaned);
}
