// Slot extraction: identifiers, time, place, address, list picks and references. Works on the
// normalised text (case kept); cue matching for intents lives in lexicon.ts.
import { extractIdentifiers } from './identifiers.js';
import { parseSmallNumber, extractTime } from './time.js';
import type { Place, Slots, UnderstandContext } from './types.js';

const PHONE_LAST4 = /(?:尾号|尾数|后四位|后4位|末四位|末4位)(?:是|为|:)?\s*(\d{4})(?!\d)/;
const CODE_AFTER_CUE = /(?:验证码|校验码|短信码)(?:是|为|:)?\s*(\d{4,6})(?!\d)/;
const BARE_CODE = /(?<!\d)(\d{4,6})(?!\d)/;

const PLACES: ReadonlyArray<[RegExp, Place]> = [
  [/家门口|门口|门外/g, 'door'],
  [/快递柜|丰巢|智能柜|柜子|柜里|自提柜/g, 'locker'],
  [/驿站|代收点|菜鸟|自提点|快递点|超市代收/g, 'station'],
  [/邻居/g, 'neighbor'],
  [/前台|物业|门卫|保安室|保安亭|收发室|传达室/g, 'reception'],
];
const PLACE_NEGATION = /(?:别|不要|不用|不想|别给我|不许|不准)(?:放|送)?(?:到|在)?$/;

const ADDRESS_LEAD = /(?:地址(?:是|为|改成|改为|换成)?|改成|改为|改到|换成|送到|派到|寄到)[:\s]*/g;
const ADDRESS_LEAD_AT_START = /^(?:改成|改为|改到|换成|送到|派到|寄到)/;
const ADDRESS_BODY = /^[^\s,，。!?；;]{3,60}/;
const ADDRESS_WORD = /省|市|区|县|镇|乡|村|路|街|道|巷|弄|号|栋|幢|楼|室|单元|小区|大厦|广场|花园|公寓|园区/;
const WORKPLACE = /(?:送到|送去|派到|改到)(公司|单位|学校|店里|办公室|公司前台)/;

const ORDINAL = /第\s*([一二两三四五六七八九十\d]{1,3})\s*(?:个|件|单|条|项|那个|$)/;
const LAST = /最后(?:一个|那个|一件|一单|的)|后面(?:那个|一个|的那个|那件|那单)|下面(?:那个|一个)/;
const FIRST = /前面(?:那个|一个|的那个|那件)|上面(?:那个|一个)/;
const BARE_PICK = /^\s*([1-9])\s*(?:个|号)?\s*$/;

const REFERENCE = /那个(?:件|包裹|快递|单|货)|这个(?:件|包裹|快递|单|货)|那件|这件|那单|这单|刚才(?:那个|的那个|说的)|(?<!其)它(?!们)/;

function extractPlace(text: string): Place | undefined {
  let best: { at: number; place: Place } | undefined;
  for (const [re, place] of PLACES) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (PLACE_NEGATION.test(text.slice(Math.max(0, m.index - 5), m.index))) continue;
      if (!best || m.index > best.at) best = { at: m.index, place };
    }
  }
  return best?.place;
}

function extractAddress(text: string): string | undefined {
  for (const m of text.matchAll(ADDRESS_LEAD)) {
    const body = ADDRESS_BODY.exec(text.slice(m.index + m[0].length))?.[0];
    // 地址 改成XX: the later lead (改成) carries the address.
    if (!body || ADDRESS_LEAD_AT_START.test(body)) continue;
    if (ADDRESS_WORD.test(body)) return body.replace(/(?:吧|吗|可以吗|行吗|谢谢)$/, '');
  }
  return WORKPLACE.exec(text)?.[1];
}

function extractPick(text: string, awaitingPick: boolean): number | undefined {
  const ord = ORDINAL.exec(text);
  if (ord) return parseSmallNumber(ord[1] ?? '');
  if (LAST.test(text)) return -1;
  if (FIRST.test(text)) return 1;
  if (awaitingPick) {
    const bare = BARE_PICK.exec(text);
    if (bare) return Number(bare[1]);
  }
  return undefined;
}

/** 1-based pick (or -1 = last) → 0-based index into a list of `count`, or undefined when out of range. */
export function resolvePick(pick: number, count: number): number | undefined {
  const index = pick === -1 ? count - 1 : pick - 1;
  return index >= 0 && index < count ? index : undefined;
}

export interface ExtractedSlots {
  slots: Slots;
  /** The text with waybills and phones blanked out, for cue matching. */
  rest: string;
}

/** Everything except the flags and intent: those come from lexicon.ts and flags.ts. */
export function extractSlots(text: string, ctx: UnderstandContext = {}): ExtractedSlots {
  const ids = extractIdentifiers(text);
  const slots: Slots = {};
  if (ids.waybills.length > 0) {
    slots.waybill = ids.waybills[0];
    slots.waybills = ids.waybills;
  }
  if (ids.phones[0]) slots.phone = ids.phones[0];

  const rest = ids.rest;
  const last4 = PHONE_LAST4.exec(rest)?.[1];
  if (last4) slots.phoneLast4 = last4;
  const code = CODE_AFTER_CUE.exec(rest)?.[1] ?? (ctx.awaiting === 'bind_code' && !last4 ? BARE_CODE.exec(rest)?.[1] : undefined);
  if (code) slots.code = code;

  const pick = extractPick(rest, ctx.awaiting === 'pick_parcel');
  if (pick !== undefined) slots.pick = pick;
  if (REFERENCE.test(rest)) slots.reference = 'that';

  const time = extractTime(rest);
  if (time) slots.time = time;
  const place = extractPlace(rest);
  if (place) slots.place = place;
  const address = extractAddress(text);
  if (address) slots.address = address;
  return { slots, rest };
}
