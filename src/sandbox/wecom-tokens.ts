// access_token issuance of the emulated WeCom app (PROTOCOL.md §4.1), by the sandbox clock: gettoken
// returns the SAME token while it is valid (⚠ per the WeCom doc, unlike OA's /cgi-bin/token) and
// mints a new one once it expired or was revoked. Also the platform's error bodies (§4.6).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';

const TOKEN_TTL_S = 7200;

export interface WecomReply {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

export const WECOM_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system busy',
  40001: 'invalid secret',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40056: 'invalid agentid',
  40058: 'invalid parameter',
  41001: 'access_token missing',
  41005: 'media data missing',
  42001: 'access_token expired',
  42014: 'invalid task_id or task_id already used',
  44004: 'empty content',
  45009: 'api freq out of limit',
  81013: 'user & party & tag all invalid',
  93000: 'invalid webhook url',
};

/** An error body; errmsg ends with a hint like the real one, so nobody matches on it. */
export function wecomError(errcode: number, hint?: string): WecomReply {
  const msg = WECOM_ERRMSG[errcode] ?? 'error';
  return { errcode, errmsg: `${msg}${hint ? `, hint: [${hint}]` : ''}, from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}` };
}

export const wecomOk = (extra: Record<string, unknown> = {}): WecomReply => ({ errcode: 0, errmsg: 'ok', ...extra });

export class WecomTokens {
  /** Successful gettoken answers, and distinct tokens minted. */
  readonly counters = { tokenIssues: 0, tokensMinted: 0 };
  private tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  private current: string | undefined;

  constructor(private readonly o: { clock: Clock; corpId: string; secret: string }) {}

  /** GET /cgi-bin/gettoken?corpid=&corpsecret= — expires_in is the time the token has left. */
  issue(q: Record<string, unknown>): WecomReply {
    if (q.corpid !== this.o.corpId) return wecomError(40013);
    if (q.corpsecret !== this.o.secret) return wecomError(40001);
    const now = this.o.clock.now();
    const cur = this.current ? this.tokens.get(this.current) : undefined;
    if (!this.current || !cur || cur.revoked || cur.expiresAt <= now) {
      this.current = `sbxw_${randomBytes(40).toString('base64url')}`;
      this.tokens.set(this.current, { expiresAt: now + TOKEN_TTL_S * 1000, revoked: false });
      this.counters.tokensMinted += 1;
    }
    this.counters.tokenIssues += 1;
    const expiresAt = this.tokens.get(this.current)?.expiresAt ?? now;
    return wecomOk({ access_token: this.current, expires_in: Math.floor((expiresAt - now) / 1000) });
  }

  /** 0 when the token may call APIs; 41001 missing, 40014 unknown or revoked, 42001 expired. */
  check(token: string | undefined): number {
    if (!token) return 41001;
    const t = this.tokens.get(token);
    if (!t || t.revoked) return 40014;
    return t.expiresAt <= this.o.clock.now() ? 42001 : 0;
  }

  /** Every token issued so far stops working (a secret reset). */
  invalidateAll(): void {
    for (const t of this.tokens.values()) t.revoked = true;
    this.current = undefined;
  }

  reset(): void {
    this.tokens.clear();
    this.current = undefined;
    Object.assign(this.counters, { tokenIssues: 0, tokensMinted: 0 });
  }
}
