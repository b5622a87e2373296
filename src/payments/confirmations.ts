// The customer side of WAIT_USER_CONFIRM: the link to the 确认收款 page for a claim's payout, for
// the announcer's message and for 理赔进度 while the bill still waits (a link expires; the bill
// may not). Without PUBLIC_BASE_URL there is no page to link to: callers fall back to a person.
import type { Clock } from '../lib/clock.js';
import { CONFIRM_PATH } from './confirm-page.js';
import type { ConfirmLinks } from './confirm-link.js';
import type { PayoutStore } from './store.js';

export interface ConfirmationsDeps {
  links: ConfirmLinks;
  store: PayoutStore;
  clock: Clock;
  publicBase?: () => string;
}

export class PayoutConfirmations {
  constructor(private readonly d: ConfirmationsDeps) {}

  /** A fresh link for the claim, or undefined when this deployment has no public base URL. */
  linkFor(claimId: string): string | undefined {
    if (!this.d.publicBase) return undefined;
    return `${this.d.publicBase()}${CONFIRM_PATH}/${this.d.links.token(claimId, this.d.clock.now())}`;
  }

  /**
   * A link only while the claim's payout waits, and only for the payee: WeChat lets no one else
   * confirm (你的微信号与商家指定的微信号不一致), so another party of the claim gets none.
   */
  async pendingLink(claimId: string, asker: { channel: string; id: string }): Promise<string | undefined> {
    const p = await this.d.store.get(claimId);
    const payee = asker.channel === 'wechat' && asker.id === p?.openid;
    return payee && p?.state === 'WAIT_USER_CONFIRM' && p.packageInfo ? this.linkFor(claimId) : undefined;
  }
}
