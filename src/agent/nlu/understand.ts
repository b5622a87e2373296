// The deterministic understanding model: one message (plus the conversation's context) →
// intent, confidence and slots. Pure and synchronous; the LangChain wrapper turns it into tool calls.
import { applyContext, PARCEL_INTENTS } from './context.js';
import { defaultNgram } from './corpus.js';
import { hasRegulatorThreat, isAbuseRequest, isInsult, sentimentOf } from './flags.js';
import { focusOf } from './focus.js';
import { prepare } from './form.js';
import { classify } from './intents.js';
import type { NgramModel } from './ngram.js';
import type { Understanding, UnderstandContext } from './types.js';

export interface UnderstandOptions {
  /** The n-gram backstop; the one trained on data/nlu/ when omitted, none when null. */
  ngram?: NgramModel | null;
}

/** A courier intent this strong survives an injection or abuse attempt in the same message. */
const CLEAR_INTENT = 4;

export function understand(text: string, ctx: UnderstandContext = {}, opts: UnderstandOptions = {}): Understanding {
  const { slots, injection, form: cleaned } = prepare(text, ctx);
  const ngram = opts.ngram === null ? undefined : (opts.ngram ?? defaultNgram());
  const cls = classify(focusOf(cleaned), { hasWaybill: !!slots.waybill, hasPhone: !!slots.phone }, ngram);
  let intent = cls.intent;
  let confidence = cls.confidence;

  const abuseRequest = isAbuseRequest(cleaned);
  // 转人工 survives an injection attempt; a request that the bot insult the brand is refused even
  // when it also asks for a person (the refusal offers one anyway).
  const courier = PARCEL_INTENTS.has(intent) || (intent === 'human' && !abuseRequest) || intent === 'bind' || intent === 'ship';
  const clear = courier && (cls.cueScore >= CLEAR_INTENT || (!!slots.waybill && cls.cueScore >= 1.5));
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
