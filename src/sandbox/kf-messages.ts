// The emulated 微信客服 message store behind `kf/sync_msg` (PROTOCOL.md §5.2), by the sandbox clock:
// - every item gets a position; a cursor is an opaque random string naming a position (unknown
//   cursors are refused), so the client cannot compute one;
// - no cursor = from the oldest message of the last 3 days; older messages are gone;
// - pages of at most `limit` (default = max = 1000; `pageCap` lowers it for tests), has_more when
//   more remain; `emptyPagesNext(n)` makes the next n calls answer an empty page with has_more=1;
// - the callback Token (valid 10 min) lifts the strict rate limit of token-less calls (⚠ 10/min here).
// Messages the bot sent via the API are never stored here: the platform does not return them.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { kfError, kfOk, type KfReply } from './kf-rules.js';

type Obj = Record<string, unknown>;

const RETENTION_MS = 3 * 86_400_000;
const SYNC_TOKEN_MS = 10 * 60_000;
const MAX_LIMIT = 1000;
const TOKENLESS_PER_MINUTE = 10;
const CURSOR_CAP = 10_000;

export interface KfStoredItem {
  seq: number;
  openKfId: string;
  /** Epoch ms. */
  sendTime: number;
  /** The msg_list item as sync_msg returns it. */
  item: Obj;
}

export interface KfLogData {
  seq: number;
  items: KfStoredItem[];
  cursors: Map<string, number>;
  syncTokens: Map<string, { openKfId: string; expiresAt: number }>;
  tokenless: number[];
  emptyPages: number;
  pageCap: number;
  syncCalls: number;
}

export class KfMessageLog {
  data: KfLogData = emptyLog();

  constructor(private readonly clock: Clock) {}

  /** Stores an item (msgid and send_time filled in) and returns its msgid. */
  append(openKfId: string, item: Obj): string {
    const now = this.clock.now();
    this.data.items = this.data.items.filter((i) => i.sendTime >= now - RETENTION_MS);
    this.data.seq += 1;
    const msgid = typeof item.msgid === 'string' ? item.msgid : `sbxmsg_${randomBytes(12).toString('hex')}`;
    this.data.items.push({ seq: this.data.seq, openKfId, sendTime: now, item: { msgid, send_time: Math.floor(now / 1000), ...item } });
    return msgid;
  }

  /** The Token a kf_msg_or_event callback carries (§5.1). */
  issueSyncToken(openKfId: string): string {
    const token = `sbxsync_${randomBytes(24).toString('base64url')}`;
    const now = this.clock.now();
    for (const [k, t] of this.data.syncTokens) if (t.expiresAt < now) this.data.syncTokens.delete(k);
    this.data.syncTokens.set(token, { openKfId, expiresAt: now + SYNC_TOKEN_MS });
    return token;
  }

  emptyPagesNext(n = 1): void {
    this.data.emptyPages += n;
  }

  /** POST /cgi-bin/kf/sync_msg {cursor?, token?, limit?, voice_format?, open_kfid?}. */
  sync(b: Obj): KfReply {
    const now = this.clock.now();
    this.data.syncCalls += 1;
    const openKfId = typeof b.open_kfid === 'string' && b.open_kfid ? b.open_kfid : undefined;
    let pos = 0;
    if (b.cursor !== undefined && b.cursor !== '') {
      const p = typeof b.cursor === 'string' ? this.data.cursors.get(b.cursor) : undefined;
      if (p === undefined) return kfError(40058, 'cursor'); // ⚠ the real code for a bad cursor is not documented
      pos = p;
    }
    const bad = this.checkToken(b.token, openKfId, now);
    if (bad) return kfError(bad);
    const limit = b.limit === undefined ? MAX_LIMIT : b.limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return kfError(40058, 'limit');

    if (this.data.emptyPages > 0) {
      this.data.emptyPages -= 1;
      return kfOk({ next_cursor: this.mint(pos), has_more: 1, msg_list: [] });
    }
    const after = this.data.items.filter((i) => i.seq > pos && i.sendTime >= now - RETENTION_MS && (!openKfId || i.openKfId === openKfId));
    const page = after.slice(0, Math.min(limit, this.data.pageCap));
    const last = page[page.length - 1];
    return kfOk({
      next_cursor: this.mint(last ? last.seq : pos),
      has_more: after.length > page.length ? 1 : 0,
      msg_list: page.map((i) => structuredClone(i.item)),
    });
  }

  reset(): void {
    this.data = emptyLog();
  }

  /** 0, 95007 (a Token that is unknown, expired or another account's), 45009 (token-less limit). */
  private checkToken(token: unknown, openKfId: string | undefined, now: number): number {
    if (typeof token === 'string' && token !== '') {
      const t = this.data.syncTokens.get(token);
      return !t || t.expiresAt <= now || (openKfId !== undefined && t.openKfId !== openKfId) ? 95007 : 0;
    }
    this.data.tokenless = this.data.tokenless.filter((at) => at > now - 60_000);
    if (this.data.tokenless.length >= TOKENLESS_PER_MINUTE) return 45009;
    this.data.tokenless.push(now);
    return 0;
  }

  private mint(pos: number): string {
    if (this.data.cursors.size >= CURSOR_CAP) this.data.cursors.delete(this.data.cursors.keys().next().value as string);
    const cursor = randomBytes(18).toString('base64url');
    this.data.cursors.set(cursor, pos);
    return cursor;
  }
}

function emptyLog(): KfLogData {
  return { seq: 0, items: [], cursors: new Map(), syncTokens: new Map(), tokenless: [], emptyPages: 0, pageCap: MAX_LIMIT, syncCalls: 0 };
}
