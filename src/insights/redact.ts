// What of a conversation may travel into insights: the customer's words with phone numbers,
// long digit runs (ID cards, waybills) and house numbers masked, cut short; conversation ids
// shortened so an alert names a conversation without handing out the openid.
import { maskPhonesIn } from '../lib/mask.js';

const MAX_EXCERPT = 60;
const LANDLINE = /(?<!\d)0\d{2,3}[-\s]?\d{7,8}(?!\d)/g;
const LONG_DIGITS = /\d{7,}/g;
// 3 号楼 502 室, 12 栋 2 单元, 88 弄 6 号, 张江路 1 号: the numbers locate a home, the words do not.
const HOUSE_NUMBER = /\d+\s*(?=(?:号楼|号院|栋|幢|单元|室|弄|号|楼|层|户))/g;

export function redactText(text: string): string {
  const masked = maskPhonesIn(text)
    .replace(LANDLINE, '0**-****')
    .replace(LONG_DIGITS, (d) => `${d.slice(0, 2)}****${d.slice(-2)}`)
    .replace(HOUSE_NUMBER, '*')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...masked];
  return chars.length > MAX_EXCERPT ? `${chars.slice(0, MAX_EXCERPT).join('')}…` : masked;
}

/** `wechat:o_demo_chen` → `wechat:o_de***en`. */
export function maskConversationId(id: string): string {
  const at = id.indexOf(':');
  const channel = at >= 0 ? id.slice(0, at + 1) : '';
  const user = at >= 0 ? id.slice(at + 1) : id;
  if (user.length <= 6) return `${channel}${user.slice(0, 1)}***`;
  return `${channel}${user.slice(0, 4)}***${user.slice(-2)}`;
}

/** SF2000000000012 → SF20****0012 */
export function maskWaybill(waybill: string): string {
  return waybill.length <= 8 ? `${waybill.slice(0, 2)}****` : `${waybill.slice(0, 4)}****${waybill.slice(-4)}`;
}
