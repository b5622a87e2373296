// What station staff and supervisors do in the WeCom app, parsed once at the edge
// (channels/wecom/parse.ts) and checked with zod — the staff-side sibling of InboundMessage.
// Job payloads carry only `key` and `from`; the event itself waits in Redis (intake/staff-inbox).
import { z } from 'zod';

/** A selection a card carried (button_selection / vote cards); both wire spellings end up here. */
export const SelectedItem = z.object({ questionKey: z.string(), optionIds: z.array(z.string()) });
export type SelectedItem = z.infer<typeof SelectedItem>;

const base = {
  /**
   * Dedupe key (PROTOCOL.md §4.2 ⚠ retries like OA): `wecom:msg:<MsgId>` for messages,
   * `wecom:evt:<FromUserName>:<CreateTime>:<Event>` for events, plus `:<TaskId>:<EventKey>` for
   * card clicks — two buttons clicked within one second are two events, not one retry.
   */
  key: z.string().min(1),
  /** ToUserName: our CorpID. */
  corpId: z.string(),
  /** AgentID of the app the event came through (absent on a few corp-level events). */
  agentId: z.string().optional(),
  /** The member's WeCom userid. */
  from: z.string().min(1),
  /** Platform CreateTime in milliseconds. */
  at: z.number().int().nonnegative(),
  /** 64-bit MsgId as a decimal string. */
  msgId: z.string().optional(),
};

export const StaffEvent = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text'), text: z.string() }),
  z.object({ ...base, type: z.literal('image'), mediaId: z.string().min(1), picUrl: z.string().optional() }),
  z.object({ ...base, type: z.literal('voice'), mediaId: z.string().min(1), format: z.string().optional() }),
  /** The member opened the app (Event=enter_agent). */
  z.object({ ...base, type: z.literal('enter_agent'), eventKey: z.string().optional() }),
  /** A button on a template card (Event=template_card_event, PROTOCOL.md §4.4). */
  z.object({
    ...base,
    type: z.literal('card_click'),
    taskId: z.string().min(1),
    eventKey: z.string().min(1),
    /** One-shot code for update_template_card on this member's card (§4.4 option 2). */
    responseCode: z.string().optional(),
    cardType: z.string().optional(),
    selected: z.array(SelectedItem),
  }),
  /** Anything else (location, link, contact changes…): acknowledged and logged, never thrown. */
  z.object({ ...base, type: z.literal('unknown'), rawType: z.string(), rawEvent: z.string().optional() }),
]);
export type StaffEvent = z.infer<typeof StaffEvent>;
export type StaffEventType = StaffEvent['type'];
