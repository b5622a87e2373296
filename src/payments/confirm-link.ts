// Links to the 确认收款 page (商家转账 user confirmation, PROTOCOL.md §7.1): a bill in
// WAIT_USER_CONFIRM reaches the customer only after they confirm in WeChat, on a page of ours that
// calls requestMerchantTransfer with the bill's package_info. The link names the claim and expires;
// an HMAC keeps claim ids from being walked. WeChat itself checks that the confirming user is the
// payee, so the link is not a credential for the money — only for seeing that a payout waits.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** How long a link works; a new one comes with 理赔进度 (check_case_status) while the bill waits. */
export const CONFIRM_LINK_TTL_SECONDS = 24 * 3600;

export type LinkRefusal = 'malformed' | 'forged' | 'expired';

export class ConfirmLinks {
  private readonly key: Buffer;

  /** The key is derived from the APIv3 key, so no new secret is needed and none is reused raw. */
  constructor(apiV3Key: string) {
    this.key = Buffer.from(hkdfSync('sha256', apiV3Key, '', 'courier-kefu/payout-confirm-link', 32));
  }

  /** A token for `claimId`, valid from `nowMs` for CONFIRM_LINK_TTL_SECONDS. */
  token(claimId: string, nowMs: number): string {
    const body = `${Buffer.from(claimId).toString('base64url')}.${Math.floor(nowMs / 1000) + CONFIRM_LINK_TTL_SECONDS}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The claim id, or why the token is refused. */
  verify(token: string, nowMs: number): { claimId: string } | { refused: LinkRefusal } {
    const parts = token.split('.');
    if (parts.length !== 3 || !/^[A-Za-z0-9_-]{1,96}$/.test(parts[0]!) || !/^\d{1,12}$/.test(parts[1]!)) return { refused: 'malformed' };
    const body = `${parts[0]}.${parts[1]}`;
    const given = Buffer.from(parts[2]!);
    const expected = Buffer.from(this.mac(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { refused: 'forged' };
    if (Number(parts[1]) * 1000 < nowMs) return { refused: 'expired' };
    return { claimId: Buffer.from(parts[0]!, 'base64url').toString() };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
