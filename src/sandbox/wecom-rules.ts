// Pure payload rules of the emulated WeCom message/send (PROTOCOL.md §4.3): what each msgtype must
// carry, and the searchable outbox text of each. Independent of the bot's own types, so the
// emulator catches what the bot lets through. No state here.
import { TASK_ID_PATTERN } from '../channels/wecom/messages.js';
import type { CardButtonState } from './wecom-cards.js';

type Obj = Record<string, unknown>;
export const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
const join = (...xs: unknown[]) => xs.filter((x): x is string => typeof x === 'string' && x !== '').join('\n');

/** What one message/send body becomes in the outbox, or the errcode the platform answers. */
export type Content =
  | { kind: 'text' | 'markdown' | 'textcard'; text: string; url?: string }
  | { kind: 'card'; text: string; taskId: string; card: Obj; buttons: CardButtonState[] };

export function contentOf(body: Obj): Content | number {
  const msgtype = str(body.msgtype) ?? '';
  const part = asObj(body[msgtype]);
  if (!part) return msgtype ? 40058 : 40008;
  switch (msgtype) {
    case 'text':
    case 'markdown': {
      const text = str(part.content);
      if (!text) return 44004;
      // Beyond 2048 bytes the platform truncates rather than refusing (§4.3).
      return { kind: msgtype, text: truncate(text, 2048) };
    }
    case 'textcard': {
      const url = str(part.url);
      if (!str(part.title) || !str(part.description) || !url) return 40058;
      if (bytes(part.title) > 128 || bytes(part.description) > 512 || bytes(url) > 2048) return 40058;
      return { kind: 'textcard', text: join(part.title, part.description), url };
    }
    case 'template_card':
      return cardOf(part);
    default:
      return 40008;
  }
}

/** button_interaction only: the one card type the bot sends (§4.3). */
function cardOf(card: Obj): Content | number {
  if (card.card_type !== 'button_interaction') return 40058;
  const taskId = str(card.task_id);
  if (!taskId || !TASK_ID_PATTERN.test(taskId) || bytes(taskId) > 128) return 42014;
  const title = asObj(card.main_title);
  if (!str(title?.title)) return 40058;
  const rows = card.horizontal_content_list === undefined ? [] : card.horizontal_content_list;
  if (!Array.isArray(rows) || rows.length > 6) return 40058;
  const list = card.button_list;
  if (!Array.isArray(list) || list.length < 1 || list.length > 6) return 40058;
  const buttons: CardButtonState[] = [];
  for (const raw of list) {
    const b = asObj(raw);
    const key = str(b?.key);
    const text = str(b?.text);
    if (!b || (b.type ?? 0) !== 0 || !key || !text || bytes(key) > 1024 || buttons.some((x) => x.key === key)) return 40058;
    buttons.push({ key, text, ...(typeof b.style === 'number' && { style: b.style }) });
  }
  const quote = asObj(card.quote_area);
  const values = rows.map((r) => {
    const row = asObj(r);
    return row ? `${String(row.keyname ?? '')}：${String(row.value ?? '')}` : '';
  });
  const text = join(title?.title, title?.desc, quote?.title, quote?.quote_text, card.sub_title_text, ...values, ...buttons.map((b) => b.text));
  return { kind: 'card', text, taskId, card, buttons };
}

/** The searchable text of a replacement card: the same fields as a sent one. */
export function cardText(card: Obj): string {
  const c = cardOf(card);
  return typeof c === 'number' ? '' : c.text;
}

export function truncate(text: string, maxBytes: number): string {
  if (bytes(text) <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (bytes(out + ch) > maxBytes) break;
    out += ch;
  }
  return out;
}
