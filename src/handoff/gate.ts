// The respond worker's gate (jobs/respond-worker.ts asks it before the bot): every customer message
// joins the one history and marks the conversation live; a conversation a person owns is relayed
// and the bot stays silent — the most reported failure of support bots is talking over the human.
// The bot's replies are added to the same history afterwards.
import type { InboundMessage } from '../domain/inbound.js';
import type { Reply, TurnContext } from '../conversation/handler.js';
import type { TurnGate } from '../jobs/respond-worker.js';
import { touchLive } from './at-risk.js';
import type { HandoffDeps } from './deps.js';
import { deliverHeld } from './held.js';
import { inboundLine, relayIn } from './relay-in.js';

export class HandoffGate implements TurnGate {
  constructor(private readonly d: HandoffDeps) {}

  async intercept(msg: InboundMessage, turn: TurnContext): Promise<boolean> {
    const { d } = this;
    const now = d.clock.now();
    const line = inboundLine(msg);
    if (line !== null) await d.history.append(turn.conversationId, { at: now, from: 'customer', text: line, key: msg.key });
    await touchLive(d, turn.conversationId, now);
    const st = await d.states.get(turn.conversationId);
    if (st.state === 'human') return (await relayIn(d, msg, turn.conversationId, st)) === 'relayed';
    // A 微信客服 chat ends at session state 4, where nothing can be sent: notices held during it
    // go out now that the customer wrote again.
    if (st.state === 'bot' && msg.channel === 'wecom-kf') await deliverHeld(d, turn.conversationId);
    return false;
  }

  async answered(msg: InboundMessage, turn: TurnContext, replies: Reply[]): Promise<void> {
    const at = this.d.clock.now();
    for (const r of replies) {
      await this.d.history.append(turn.conversationId, { at, from: 'bot', text: r.kind === 'text' ? r.text : `[图片]${r.caption ? ` ${r.caption}` : ''}`, key: msg.key });
    }
  }
}
