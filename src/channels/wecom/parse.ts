// WeCom app callback fields → StaffEvent (PROTOCOL.md §4.2 messages, §4.4 card clicks). Runs once at
// the edge after verification and decryption. Types we do not handle become `unknown` (logged and
// acknowledged) so a new event type is not retried three times by the platform.
// https://developer.work.weixin.qq.com/document/path/90240 (接收消息与事件)
import { CourierError } from '../../domain/errors.js';
import { StaffEvent, type SelectedItem } from '../../domain/staff.js';

type Fields = Record<string, unknown>;

/** MsgId is 64-bit: kept as its decimal string, never a JS number. */
const MSG_ID = /^\d{1,20}$/;

export function parseWecomEvent(fields: Fields): StaffEvent {
  const from = str(fields, 'FromUserName');
  const createTime = str(fields, 'CreateTime');
  const msgType = str(fields, 'MsgType');
  if (!from || !createTime || !msgType) throw invalid('FromUserName, CreateTime and MsgType are required');
  if (!/^\d{1,12}$/.test(createTime)) throw invalid('CreateTime is not an integer number of seconds');

  const common = { corpId: raw(fields, 'ToUserName') ?? '', agentId: str(fields, 'AgentID'), from, at: Number(createTime) * 1000 };
  const type = msgType.toLowerCase();
  const candidate = type === 'event' ? eventOf(fields, common, createTime) : messageOf(fields, common, type, createTime);

  const parsed = StaffEvent.safeParse(defined(candidate));
  if (!parsed.success) {
    // Paths and zod's wording only: field values may be personal data.
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
    throw invalid(`${msgType} does not match its schema: ${issues}`, parsed.error);
  }
  return parsed.data;
}

type Common = { corpId: string; agentId: string | undefined; from: string; at: number };

function messageOf(f: Fields, common: Common, type: string, createTime: string): Record<string, unknown> {
  const msgId = str(f, 'MsgId');
  const id = msgId && MSG_ID.test(msgId) ? msgId : undefined;
  const key = id ? `wecom:msg:${id}` : `wecom:evt:${common.from}:${createTime}:${type}`;
  const m = { ...common, key, msgId: id };
  switch (type) {
    case 'text':
      return requireId({ ...m, type: 'text', text: raw(f, 'Content') }, msgId);
    case 'image':
      return requireId({ ...m, type: 'image', mediaId: str(f, 'MediaId'), picUrl: str(f, 'PicUrl') }, msgId);
    case 'voice':
      return requireId({ ...m, type: 'voice', mediaId: str(f, 'MediaId'), format: str(f, 'Format') }, msgId);
    default:
      return { ...m, type: 'unknown', rawType: type };
  }
}

function eventOf(f: Fields, common: Common, createTime: string): Record<string, unknown> {
  const rawEvent = str(f, 'Event');
  if (!rawEvent) throw invalid('event without Event');
  const event = rawEvent.toLowerCase();
  const eventKey = str(f, 'EventKey');
  const stem = `wecom:evt:${common.from}:${createTime}:${event}`;
  if (event === 'enter_agent') return { ...common, key: stem, type: 'enter_agent', eventKey };
  if (event !== 'template_card_event') return { ...common, key: stem, type: 'unknown', rawType: 'event', rawEvent };

  const taskId = str(f, 'TaskId');
  if (!taskId || !eventKey) throw invalid('template_card_event without TaskId or EventKey');
  return {
    ...common,
    key: `${stem}:${taskId}:${eventKey}`,
    type: 'card_click',
    taskId,
    eventKey,
    responseCode: str(f, 'ResponseCode'),
    cardType: str(f, 'CardType'),
    selected: selectedItems(f),
  };
}

/**
 * SelectedItems.SelectedItem is one object or an array; the option nodes are spelled
 * `OptionIds/OptionId` in some payloads and `OpitonIds/OpitonId` (sic) in the doc and SDKs
 * (PROTOCOL.md §4.4 ⚠, §9 item 6) — both are read, and a mix of the two is merged.
 */
function selectedItems(f: Fields): SelectedItem[] {
  const items = many(group(f, 'SelectedItems')?.['SelectedItem']);
  return items.flatMap((item) => {
    if (!isRecord(item)) return [];
    const optionIds = [group(item, 'OptionIds')?.['OptionId'], group(item, 'OpitonIds')?.['OpitonId']]
      .flatMap(many)
      .filter((o): o is string => typeof o === 'string' && o !== '');
    return [{ questionKey: str(item, 'QuestionKey') ?? '', optionIds }];
  });
}

function requireId(m: Record<string, unknown>, msgId: string | undefined): Record<string, unknown> {
  if (!msgId) throw invalid(`${String(m.type)} message without MsgId`);
  if (!MSG_ID.test(msgId)) throw invalid('MsgId is not a decimal integer');
  return m;
}

// ---- field access: xml2js gives strings, nested records, or arrays for repeated elements ----

const isRecord = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const many = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function raw(f: Fields, name: string): string | undefined {
  const v = Object.hasOwn(f, name) ? f[name] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function str(f: Fields, name: string): string | undefined {
  const v = raw(f, name);
  return v === '' ? undefined : v;
}

function group(f: Fields | undefined, name: string): Fields | undefined {
  const v = f && Object.hasOwn(f, name) ? f[name] : undefined;
  return isRecord(v) ? v : undefined;
}

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const invalid = (reason: string, cause?: unknown) => new CourierError('MESSAGE_INVALID', reason, 400, { cause });
