// Types shared by the deterministic understanding model (DESIGN.md "Understanding").

/** The 16 intents of SCENARIOS.md "Utterance evaluation", in that order. */
export const INTENTS = [
  'track',
  'urge',
  'lost',
  'damaged',
  'fresh_delay',
  'signed_not_received',
  'delivery_photo',
  'customs',
  'locker_notice',
  'change_delivery',
  'claim_status',
  'human',
  'bind',
  'greeting',
  'ship',
  'other',
] as const;

export type Intent = (typeof INTENTS)[number];

export type Place = 'door' | 'locker' | 'station' | 'neighbor' | 'reception';

export type Sentiment = 'neutral' | 'upset' | 'angry';

export interface TimeSlot {
  /** The time expression as the customer wrote it: 明天下午3点, 今晚8点以后, 周六. */
  text: string;
  /** 0–23 when an hour was given (下午3点 → 15). */
  hour?: number;
  /** Days from today when a relative day was given (今天 0, 明天 1, 后天 2). */
  dayOffset?: number;
  /** 1 = Monday … 7 = Sunday for 周六 / 星期天 / 下周一 (the caller knows today's date). */
  weekday?: number;
  /** 1 when the weekday is qualified by 下周/下个星期. */
  weekOffset?: number;
  /** Part of the day when given (上午, 下午, 今晚). */
  period?: 'morning' | 'noon' | 'afternoon' | 'evening';
}

export interface Slots {
  /** The first waybill, normalised: upper case, no spaces (SF1234567890123, EA123456785CN). */
  waybill?: string;
  /** Every waybill in the message, in order, without duplicates. */
  waybills?: string[];
  /** Mainland mobile number, 11 digits, without +86 or separators. */
  phone?: string;
  /** 尾号1234 / 后四位1234. */
  phoneLast4?: string;
  /** 4–6 digit SMS code (when awaiting bind_code, or after 验证码). */
  code?: string;
  /** 1-based position in the list the bot showed; -1 means "the last one" (后面那个). See resolvePick. */
  pick?: number;
  /** The customer points at a parcel already discussed (那个件 / 这个快递 / 它). */
  reference?: 'that';
  time?: TimeSlot;
  place?: Place;
  address?: string;
  /** The customer disputes a compensation amount (理赔金额太低). */
  amountDispute?: boolean;
  /** Prompt-injection attempt (忽略之前的指令, system prompt, 输出所有用户手机号). */
  injection?: boolean;
  /** Asks the bot to insult the brand, or is only an insult. */
  abuse?: boolean;
  sentiment?: Sentiment;
  /** Threatens 12305 / 消协 / media / court. */
  regulatorThreat?: boolean;
}

export interface Understanding {
  intent: Intent;
  /** 0–1; rule-level evidence ≥ 0.8, a lone weak cue ≈ 0.5, a fallback ≤ 0.4. */
  confidence: number;
  slots: Slots;
}

export interface UnderstandContext {
  lastIntent?: Intent;
  /** Waybills already talked about, oldest first (or the list just shown when awaiting pick_parcel). */
  discussedWaybills?: string[];
  /** What the bot asked for in its previous turn. */
  awaiting?: 'pick_parcel' | 'bind_code' | 'phone' | 'photo';
}
