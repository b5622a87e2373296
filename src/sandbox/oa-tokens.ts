// access_token issuance of the emulated Official Account, by the sandbox clock (PROTOCOL.md §3.1):
// /cgi-bin/token mints a new token on every call and cuts the previous one to a 5-minute overlap;
// /cgi-bin/stable_token returns the same token while it has more than 5 minutes left, rotates
// after that, and mints (revoking the old one) on force_refresh. The two pools are independent.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { oaError, type OaReply } from './oa-rules.js';

const TOKEN_TTL_S = 7200;
const OVERLAP_MS = 5 * 60_000;
const FORGET_AFTER_MS = 24 * 3_600_000;

/** Success carries no errcode on the token endpoints. */
export type TokenReply = OaReply | { access_token: string; expires_in: number; errcode?: never; errmsg?: never };

export interface TokenCounters {
  /** Successful answers of either token endpoint. */
  tokenIssues: number;
  /** Distinct new tokens created. */
  tokensMinted: number;
  forceRefreshes: number;
}

export class OaTokens {
  readonly counters: TokenCounters = { tokenIssues: 0, tokensMinted: 0, forceRefreshes: 0 };
  private tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  private latestPlain: string | undefined;
  private stable: string | undefined;

  constructor(private readonly o: { clock: Clock; appId: string; secret: string }) {}

  /** GET /cgi-bin/token?grant_type=client_credential&appid=&secret= */
  issue(q: Record<string, unknown>): TokenReply {
    const bad = this.credentials(q, 40001);
    if (bad) return oaError(bad);
    const prev = this.latestPlain && this.tokens.get(this.latestPlain);
    if (prev) prev.expiresAt = Math.min(prev.expiresAt, this.o.clock.now() + OVERLAP_MS);
    this.latestPlain = this.mint();
    this.counters.tokenIssues += 1;
    return { access_token: this.latestPlain, expires_in: TOKEN_TTL_S };
  }

  /** POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh?}; expires_in = time left. */
  issueStable(body: Record<string, unknown>): TokenReply {
    const bad = this.credentials(body, 40125);
    if (bad) return oaError(bad);
    const force = body.force_refresh === true || body.force_refresh === 'true';
    const now = this.o.clock.now();
    const cur = this.stable ? this.tokens.get(this.stable) : undefined;
    if (force) {
      this.counters.forceRefreshes += 1;
      if (cur) cur.revoked = true;
    }
    let token = this.stable;
    if (force || !token || !cur || cur.revoked || now >= cur.expiresAt - OVERLAP_MS) token = this.stable = this.mint();
    const expiresAt = this.tokens.get(token)?.expiresAt ?? now;
    this.counters.tokenIssues += 1;
    return { access_token: token, expires_in: Math.floor((expiresAt - now) / 1000) };
  }

  /** 0 when the token may call APIs; 41001 missing, 40001 unknown or revoked, 42001 expired. */
  check(token: string | undefined): number {
    if (!token) return 41001;
    const t = this.tokens.get(token);
    if (!t || t.revoked) return 40001;
    return t.expiresAt <= this.o.clock.now() ? 42001 : 0;
  }

  /** Every token issued so far stops working, as after a secret reset. */
  invalidateAll(): void {
    for (const t of this.tokens.values()) t.revoked = true;
    this.latestPlain = this.stable = undefined;
  }

  reset(): void {
    this.tokens.clear();
    this.latestPlain = this.stable = undefined;
    Object.assign(this.counters, { tokenIssues: 0, tokensMinted: 0, forceRefreshes: 0 });
  }

  private credentials(p: Record<string, unknown>, badSecret: number): number {
    if (p.grant_type !== 'client_credential') return 40002;
    if (p.appid !== this.o.appId) return 40013;
    return p.secret === this.o.secret ? 0 : badSecret;
  }

  private mint(): string {
    const now = this.o.clock.now();
    // Expired tokens are kept a day so they answer 42001 (expired) rather than 40001 (unknown).
    for (const [k, t] of this.tokens) if (t.expiresAt < now - FORGET_AFTER_MS) this.tokens.delete(k);
    const token = `sbx_${randomBytes(48).toString('base64url')}`;
    this.tokens.set(token, { expiresAt: now + TOKEN_TTL_S * 1000, revoked: false });
    this.counters.tokensMinted += 1;
    return token;
  }
}
