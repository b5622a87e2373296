// Conversation-aware follow-ups: "2" after a parcel list, a bare SMS code after the bot asked for
// it, "那个件呢", a bare waybill after the bot asked which parcel. The previous turn's intent is
// kept only when this message carries no cue of its own.
import type { Classification } from './intents.js';
import { resolvePick } from './slots.js';
import type { Intent, Understanding, UnderstandContext } from './types.js';

/** Intents that are about one parcel and so can continue with a waybill, a pick or a reference. */
export const PARCEL_INTENTS: ReadonlySet<Intent> = new Set<Intent>([
  'track', 'urge', 'lost', 'damaged', 'fresh_delay', 'signed_not_received', 'delivery_photo', 'customs',
  'locker_notice', 'change_delivery', 'claim_status',
]);

/** Below this cue score the message has no clear intent of its own. */
const OWN_INTENT = 4;

const PHOTO_SENT = /发了|发过了|拍了|拍好了|传了|上传了|已发|给你了|看图|见图|如图|拍不了|没拍/;

export function applyContext(u: Understanding, cls: Classification, ctx: UnderstandContext, text: string): Understanding {
  const slots = { ...u.slots };
  const last = ctx.lastIntent;
  const continuing = last && PARCEL_INTENTS.has(last) ? last : undefined;
  const weak = cls.cueScore < OWN_INTENT;
  let { intent, confidence } = u;

  if (ctx.awaiting === 'bind_code' && slots.code && weak) {
    intent = 'bind';
    confidence = 0.9;
  } else if (ctx.awaiting === 'phone' && (slots.phone || slots.phoneLast4) && weak) {
    intent = 'bind';
    confidence = 0.9;
  } else if (ctx.awaiting === 'pick_parcel' && slots.pick !== undefined && weak) {
    intent = continuing ?? 'track';
    confidence = 0.85;
  } else if (ctx.awaiting === 'photo' && continuing && weak && PHOTO_SENT.test(text)) {
    intent = continuing;
    confidence = 0.8;
  } else if ((slots.reference || slots.waybill || slots.pick !== undefined) && cls.fallback) {
    // "那个件呢" / a bare waybill: carry on with what we were doing, or track.
    intent = continuing ?? 'track';
    confidence = continuing ? 0.75 : 0.6;
  } else if (cls.fallback && continuing && intent !== 'greeting' && !cls.features.has('offTopic')) {
    // No cue at all ("还要多久", "那怎么办"): most likely still the same topic.
    intent = continuing;
    confidence = 0.5;
  }

  const discussed = ctx.discussedWaybills ?? [];
  if (!slots.waybill && discussed.length > 0) {
    const index = slots.pick !== undefined ? resolvePick(slots.pick, discussed.length) : slots.reference ? discussed.length - 1 : undefined;
    const chosen = index === undefined ? undefined : discussed[index];
    if (chosen) {
      slots.waybill = chosen;
      slots.waybills = [chosen];
    }
  }
  return { intent, confidence, slots };
}
