// access_token issuance of the emulated 微信客服 secret, by the sandbox clock (PROTOCOL.md §4.1):
// `GET /cgi-bin/gettoken?corpid=&corpsecret=` answers 7200 s and, per the WeCom doc (⚠), the same
// token while it is valid; a new one after expiry. The token belongs to the kf secret only.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { kfError, type KfReply } from './kf-rules.js';

const TOKEN_TTL_S = 7200;
const FORGET_AFTER_MS = 24 * 3_600_000;

export interface KfTokenData {
  tokens: Map<string, { expiresAt: number; revoked: boolean }>;
  current?: string;
  issues: number;
}

export class KfTokens {
  data: KfTokenData = { tokens: new Map(), issues: 0 };

  constructor(private readonly o: { clock: Clock; corpId: string; secret: string }) {}

  /** 40013 unknown corpid, 40001 wrong secret (§4.1); success carries errcode 0 like WeCom's. */
  issue(q: Record<string, unknown>): KfReply {
    if (q.corpid !== this.o.corpId) return kfError(40013);
    if (q.corpsecret !== this.o.secret) return kfError(40001);
    const now = this.o.clock.now();
    const cur = this.data.current ? this.data.tokens.get(this.data.current) : undefined;
    if (!this.data.current || !cur || cur.revoked || cur.expiresAt <= now) this.data.current = this.mint(now);
    const expiresAt = this.data.tokens.get(this.data.current)?.expiresAt ?? now;
    this.data.issues += 1;
    return { errcode: 0, errmsg: 'ok', access_token: this.data.current, expires_in: Math.floor((expiresAt - now) / 1000) };
  }

  /** 0 when the token may call APIs; 41001 missing, 40014 unknown or revoked, 42001 expired. */
  check(token: string | undefined): number {
    if (!token) return 41001;
    const t = this.data.tokens.get(token);
    if (!t || t.revoked) return 40014;
    return t.expiresAt <= this.o.clock.now() ? 42001 : 0;
  }

  /** Every issued token stops working, as after a secret reset. */
  invalidateAll(): void {
    for (const t of this.data.tokens.values()) t.revoked = true;
    this.data.current = undefined;
  }

  private mint(now: number): string {
    // Expired tokens are kept a day so they answer 42001 (expired) rather than 40014 (unknown).
    for (const [k, t] of this.data.tokens) if (t.expiresAt < now - FORGET_AFTER_MS) this.data.tokens.delete(k);
    const token = `sbxkf_${randomBytes(48).toString('base64url')}`;
    this.data.tokens.set(token, { expiresAt: now + TOKEN_TTL_S * 1000, revoked: false });
    return token;
  }
}
