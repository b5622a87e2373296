// Weighted evidence: each rule names the features that must all be present and how strongly that
// combination points at an intent. Compound situations get their own, heavier rule, which is how
// priorities are expressed (生鲜 + 坏 beats 坏 alone; 显示签收 + 没收到 beats either alone).
//
// Weight bands: ≥ 8 an explicit request that overrides the topic (人工, 理赔进度, 金额争议);
// 6–7 a compound that decides the scenario; 4–5 one clear cue; ≤ 3 supporting cues; a negative
// weight is a cue that argues against an intent another cue suggested.
import type { Feature } from './lexicon.js';
import type { Intent } from './types.js';

export interface IntentRule {
  intent: Intent;
  all: readonly Feature[];
  weight: number;
}

const r = (intent: Intent, weight: number, ...all: Feature[]): IntentRule => ({ intent, all, weight });

export const INTENT_RULES: readonly IntentRule[] = [
  r('human', 10, 'amountDispute'),
  r('human', 8, 'humanExplicit'),
  r('human', 8, 'refuseDoor'),
  r('human', 6, 'misconduct'),
  // 打你们电话没人接 is a complaint; a question in the same message (哪天能到) is the request.
  r('human', 2.5, 'cantReach'),

  r('claim_status', 9, 'claimNounStrong', 'claimProgress'),
  r('claim_status', 8.5, 'claimNounWeak', 'claimProgressSpecific'),
  r('claim_status', 8, 'claimLookup'),
  r('claim_status', 7, 'claimPromise'),
  // 理赔 on its own (理赔需要什么材料) — any named problem outweighs it.
  r('claim_status', 2, 'claimNounStrong'),

  r('fresh_delay', 7, 'fresh', 'spoil'),
  r('fresh_delay', 7, 'fresh', 'delay'),
  // 发霉 / 馊了 / 化成水 only happen to perishables.
  r('fresh_delay', 4, 'spoilStrong'),

  r('locker_notice', 7, 'lockerPlace', 'noNotice'),
  r('locker_notice', 7, 'pickupCodeMissing'),
  r('locker_notice', 6, 'lockerPlace', 'overdue'),
  r('locker_notice', 6, 'placedAt', 'noNotice'),
  // 放驿站不通知 stays a locker complaint even when it mentions 不送上门.
  r('locker_notice', 2, 'lockerPlace', 'noNotice', 'refuseDoor'),

  r('signed_not_received', 6.5, 'signed', 'notReceived'),
  r('signed_not_received', 6.5, 'whoSigned'),
  r('signed_not_received', 6.5, 'signed', 'presence'),
  r('signed_not_received', 6.5, 'signed', 'notArrived'),
  r('signed_not_received', 6, 'signed', 'noNotice'),
  // 显示签收了 件去哪了: where a delivered parcel is, asked by someone who does not have it.
  r('signed_not_received', 5, 'signed', 'trackWhere'),
  // Delivered, but to the wrong door: the same check (photo + station verification).
  r('signed_not_received', 5, 'wrongPlace'),

  // A sender whose buyer says it never arrived wants proof, not a claim of their own.
  r('delivery_photo', 5.5, 'photoWord'),
  r('delivery_photo', 4, 'thirdParty', 'notReceived'),
  r('delivery_photo', 3, 'thirdParty', 'signed'),
  r('delivery_photo', 3, 'proofWord'),
  r('delivery_photo', 3, 'placedWhere'),
  // 我这有照片 / 需要拍照给你们吗: the customer's own photos are evidence, not a request for ours.
  r('delivery_photo', -4, 'customerPhoto'),

  r('customs', 6, 'customsStrong'),
  r('customs', 4, 'intl', 'customsHold'),
  r('customs', 2, 'intl'),
  r('customs', -4, 'customsDone'),

  r('bind', 6, 'bindExplicit'),
  r('bind', 3, 'bindPhoneIntro'),
  r('track', 8, 'lookupByPhone'),
  // 对方是否已经签收: asking whether it was delivered, not saying it was not.
  r('track', 7, 'signedQuestion'),
  // 绑定之后能看到家人名下的快递吗: a question about binding, not a look-up.
  r('bind', 3, 'bindExplicit', 'lookupByPhone'),

  r('lost', 4.5, 'lost'),
  // No movement for weeks: 物流一个月不动.
  r('lost', 5, 'stuck', 'longTime'),
  r('damaged', 4, 'damage'),
  // 破损了 想申请赔偿 / 丢了要理赔: filing a claim for the problem named, not asking about one.
  r('damaged', 2, 'damage', 'claimNounStrong'),
  r('lost', 2, 'lost', 'claimNounStrong'),
  r('damaged', 3, 'damage', 'customerPhoto'),
  // The box came, the contents did not: a damage/shortage claim, not a lost parcel.
  r('damaged', 6, 'contentsMissing'),

  r('change_delivery', 5, 'changeAddress'),
  r('change_delivery', 7, 'changeRecipient'),
  r('change_delivery', 5, 'intercept'),
  r('change_delivery', 5, 'changeRedirect'),
  r('change_delivery', 5, 'changeNegSend'),
  r('change_delivery', 5, 'changePlace'),
  r('change_delivery', 4, 'changeDefer'),
  r('change_delivery', 3, 'changeFutureSend'),

  r('ship', 5, 'shipRequest'),

  r('urge', 5, 'urgeStrong'),
  r('urge', 4, 'urgeFast'),
  r('urge', 4, 'urgeWhyNot'),
  r('urge', 2.5, 'urgeToday'),
  r('urge', 2, 'urgeNeed'),
  r('urge', -4, 'notUrging'),
  r('track', 2, 'notUrging'),

  r('track', 3, 'trackWhere'),
  r('track', 4, 'trackAsk'),
  r('track', 2, 'stuck'),
  r('track', 2, 'detour'),
  r('track', 1.5, 'trackWord'),

  r('other', 3, 'offTopic'),
  // 先问声好 / 过来打声招呼: a greeting said in a sentence, outweighed by any real request.
  r('greeting', 3.5, 'greetingPhrase'),
];

/**
 * Weak evidence, counted only when INTENT_RULES found no cue at all and the message is not a
 * thank-you (cues-hints.ts `resolved`): a topic word says what the message is about, not what is
 * wanted, so it must never tip a real decision.
 */
export const WEAK_RULES: readonly IntentRule[] = [
  // 取件码呢 / 驿站取件码发我一下: asking for the code (取件码收到了 谢谢 is a thank-you).
  r('locker_notice', 3, 'pickupCode'),
  // "显示签收了??" — a delivered status questioned, with nothing else — is someone who has not got it.
  r('signed_not_received', 3, 'signed', 'query'),
  // A locker or station named with no other cue (谁让你放快递柜的) is most likely a complaint about it.
  r('locker_notice', 2.5, 'lockerPlace'),
  // Single topic words (cues-hints.ts).
  r('urge', 1.5, 'hintUrge'),
  r('damaged', 1.5, 'hintDamage'),
  r('fresh_delay', 1, 'hintFresh'),
  r('delivery_photo', 1, 'hintPhoto'),
  r('locker_notice', 1, 'hintLocker'),
  r('change_delivery', 1, 'hintChange'),
  r('claim_status', 1.5, 'hintClaim'),
  r('human', 1.5, 'hintHuman'),
  r('bind', 1, 'hintBind'),
  r('ship', 1.5, 'hintShip'),
  r('customs', 1, 'hintCustoms'),
];

/** Tie-break order: the more specific (and more costly to miss) intent first. */
export const PRIORITY: readonly Intent[] = [
  'human',
  'claim_status',
  'fresh_delay',
  'locker_notice',
  'signed_not_received',
  'delivery_photo',
  'customs',
  'lost',
  'damaged',
  'bind',
  'change_delivery',
  'ship',
  'urge',
  'track',
  'other',
  'greeting',
];
