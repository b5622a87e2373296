// Pulls one 微信客服 account's new messages (PROTOCOL.md §5.2, §10.8): `kf/sync_msg` from the cursor
// persisted in Redis, with the latest callback Token, page after page while has_more=1 (a page may
// be empty and still say has_more=1). Customer messages go to the SAME intake.accept() as the
// Official Account, so a kf customer meets the same agent and tools.
//
// The cursor is saved only AFTER every item of the page was handled: a crash mid-page re-reads the
// page and intake's dedupe (key `wecom-kf:msg:<msgid>`) makes that idempotent, so a restart neither
// skips nor doubles a message. One sync per account at a time is the worker's job (kf-sync-worker).
import type { Logger } from '../../lib/logger.js';
import type { InboundMessage } from '../../domain/inbound.js';
import type { AcceptResult } from '../../intake/accept.js';
import type { KfApi, SyncPage } from './api.js';
import type { KfEventContent } from './messages.js';
import { normalizeKfItem, type KfServicerText } from './normalize.js';
import { handleKfEvent } from './events.js';
import { PlatformApiError } from '../shared/api-error.js';
import type { KfState } from './state.js';

/** ⚠ 95007 "invalid msg token" (WeCom kf error list, not re-read for PROTOCOL.md §5.7). */
const INVALID_SYNC_TOKEN = 95007;

export interface KfSyncDeps {
  api: Pick<KfApi, 'syncMsg' | 'sendMsgOnEvent'>;
  state: KfState;
  accept: (m: InboundMessage) => Promise<AcceptResult>;
  logger: Logger;
  welcome?: () => KfEventContent;
  /** What a servicer wrote from the WeCom client; a re-read page may deliver it again (keyed by msgid). */
  onServicerText?: (m: KfServicerText) => Promise<void>;
  /** Page size asked for (the platform's max and default is 1000). */
  limit?: number;
  /** Pages per run; a longer backlog is continued by a follow-up job. */
  maxPages?: number;
}

export interface SyncResult {
  pages: number;
  accepted: number;
  duplicates: number;
  events: number;
  ignored: number;
  /** The run stopped at maxPages with has_more=1: queue another. */
  more: boolean;
}

export class KfSync {
  constructor(private readonly deps: KfSyncDeps) {}

  async run(openKfId: string): Promise<SyncResult> {
    const { api, state, logger } = this.deps;
    const r: SyncResult = { pages: 0, accepted: 0, duplicates: 0, events: 0, ignored: 0, more: false };
    let token = await state.syncToken(openKfId);
    let cursor = await state.cursor(openKfId);
    const maxPages = this.deps.maxPages ?? 50;
    while (r.pages < maxPages) {
      const request = { openKfId, limit: this.deps.limit ?? 1000, ...(cursor ? { cursor } : {}) };
      let page: SyncPage;
      try {
        page = await api.syncMsg({ ...request, ...(token ? { token } : {}) });
      } catch (err) {
        // A Token the platform no longer takes: go on without it (rate-limited, but not stuck).
        if (!token || !(err instanceof PlatformApiError) || err.errcode !== INVALID_SYNC_TOKEN) throw err;
        logger.warn({ openKfId }, 'kf sync Token refused; continuing without it');
        token = undefined;
        page = await api.syncMsg(request);
      }
      r.pages += 1;
      for (const raw of page.msgList) await this.handle(raw, r);
      // Every item of the page is accepted (or deliberately ignored): now the cursor may move.
      if (page.nextCursor && page.nextCursor !== cursor) {
        await state.saveCursor(openKfId, page.nextCursor);
        cursor = page.nextCursor;
      }
      if (!page.hasMore) return r;
    }
    logger.info({ openKfId, pages: r.pages }, 'kf sync paused after maxPages; continuing in a new job');
    return { ...r, more: true };
  }

  private async handle(raw: unknown, r: SyncResult): Promise<void> {
    const item = normalizeKfItem(raw);
    switch (item.kind) {
      case 'ignored':
        r.ignored += 1;
        this.deps.logger.debug({ msgid: item.msgid, reason: item.reason }, 'kf item ignored');
        // A servicer's line is no turn, but it belongs to the chat's one history (handoff/).
        if (item.servicer) await this.deps.onServicerText?.(item.servicer);
        return;
      case 'event':
        r.events += 1;
        await handleKfEvent(this.deps, item.event, item.message);
        return;
      case 'message': {
        const m = item.message;
        // Before accepting: by the time the reply is sent the sender must know the account (§5.3).
        await this.deps.state.rememberAccount(m.from, m.account);
        const result = await this.deps.accept(m);
        if (result === 'accepted') r.accepted += 1;
        else r.duplicates += 1;
      }
    }
  }
}
