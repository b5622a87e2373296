// The interface the respond worker calls for every turn. The embedded BasicHandler implements it
// until the agent lands; the agent implements the same interface (DESIGN.md "One message").
import type { ChannelName, InboundMessage } from '../domain/inbound.js';

export type Reply =
  | { kind: 'text'; text: string }
  /** An image by platform media id, or a delivery-proof photo the channel uploads first. */
  | { kind: 'image'; mediaId?: string; photo?: { waybill: string }; caption?: string };

export interface TurnContext {
  conversationId: string;
  channel: ChannelName;
  /** Platform id of the customer (openid / external_userid). */
  customerId: string;
}

export interface TurnHandler {
  /** Handles one inbound message and returns what to say. Must be safe to run twice for one
   * message (a crashed turn is retried): effects are keyed by `msg.key`. */
  handle(msg: InboundMessage, ctx: TurnContext): Promise<Reply[]>;
}
