// How workflows speak: to every customer of a case through outbound/ (客服消息 in the window,
// template outside it; idempotent per case event), and to staff or supervisors as WeCom texts.
import type { Outbound } from '../outbound/dispatch.js';
import type { WecomApi } from '../channels/wecom/api.js';
import type { Logger } from '../lib/logger.js';
import type { Case } from './cases.js';

/** Asked before a message to a customer; true = held back (a person is serving them, handoff/held.ts). */
export type Diversion = (n: { conversationId: string; idempotencyKey: string; text: string }) => Promise<boolean>;

export class Notifier {
  private divert?: Diversion;

  constructor(
    private readonly outbound: Outbound,
    private readonly wecom: WecomApi | undefined,
    private readonly logger: Logger,
  ) {}

  /** `event` makes the message idempotent: the same case event never reaches a customer twice. */
  async customers(c: Case, event: string, text: string, except?: string): Promise<void> {
    for (const cu of c.customers) {
      if (except && `${cu.channel}:${cu.id}` === except) continue; // told in the reply of their own turn
      await this.customer(c, cu, event, text);
    }
  }

  /** One customer of the case (the payee of a transfer, say), idempotent like customers(). */
  async customer(c: Case, cu: Case['customers'][number], event: string, text: string): Promise<void> {
    if (cu.channel !== 'wechat' && cu.channel !== 'wecom-kf') return;
    const conversationId = `${cu.channel}:${cu.id}`;
    const idempotencyKey = `case:${c.id}:${event}:${cu.id}`;
    // The bot must not talk over a person serving this customer: the notice waits for the chat's end.
    if (this.divert && (await this.divert({ conversationId, idempotencyKey, text }))) return;
    await this.outbound.send({ channel: cu.channel, to: cu.id, conversationId, idempotencyKey, reply: { kind: 'text', text } });
  }

  /** Installs the handoff's diversion (runtime-handoff.ts). */
  divertWith(fn: Diversion): void {
    this.divert = fn;
  }

  async staff(userids: string[], text: string): Promise<void> {
    if (!userids.length || !this.wecom) return;
    try {
      // A follow-up re-run after a crash sends the same notice again; WeCom drops the repeat.
      await this.wecom.sendText(userids, text, { duplicateCheck: true });
    } catch (err) {
      // A reminder that does not arrive must not undo the escalation; it is logged for operations.
      this.logger.error({ err: (err as Error).message, recipients: userids.length }, 'WeCom reminder not delivered');
    }
  }
}
