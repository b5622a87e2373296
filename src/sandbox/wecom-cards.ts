// Interactive template cards in the emulated WeCom (PROTOCOL.md §4.3–4.4): each member's copy of
// a card, the task_ids already used by the app (42014 on reuse), and the one-shot response codes
// a send or a click hands out — each usable once, for 72 h (§4.4, current doc; ⚠ older: 24 h).
// Tests read a member's card state here: its buttons, and what an update replaced them with.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';

const CODE_TTL_MS = 72 * 3_600_000;

export interface CardButtonState {
  key: string;
  text: string;
  style?: number;
}

export interface CardUpdate {
  at: number;
  replaceName?: string;
  card?: Record<string, unknown>;
}

/** One member's copy of one card. */
export interface CardState {
  taskId: string;
  userid: string;
  sentAt: number;
  /** The template_card as sent. */
  card: Record<string, unknown>;
  buttons: CardButtonState[];
  /** Set once update_template_card greyed the buttons (button.replace_name). */
  replaceName?: string;
  /** Set once update_template_card replaced the whole card. */
  replacedBy?: Record<string, unknown>;
  updates: CardUpdate[];
}

interface Code {
  taskId: string;
  userids: string[];
  expiresAt: number;
  used: boolean;
}

export class WecomCards {
  private cards = new Map<string, Map<string, CardState>>();
  private sentOrder: CardState[] = [];
  private codes = new Map<string, Code>();

  constructor(private readonly clock: Clock) {}

  isUsed(taskId: string): boolean {
    return this.cards.has(taskId);
  }

  /** Records a sent card for its recipients and returns the send's response_code. */
  sent(taskId: string, userids: string[], card: Record<string, unknown>, buttons: CardButtonState[]): string {
    const perUser = new Map<string, CardState>();
    const sentAt = this.clock.now();
    for (const userid of userids) {
      const state: CardState = { taskId, userid, sentAt, card, buttons, updates: [] };
      perUser.set(userid, state);
      this.sentOrder.push(state);
    }
    this.cards.set(taskId, perUser);
    return this.mint(taskId, userids);
  }

  /** A member clicked a button on this card: the click event carries a fresh code for them. */
  clickCode(taskId: string, userid: string): string {
    return this.mint(taskId, [userid]);
  }

  /**
   * update_template_card with a code: the members whose card changed, or errcode 40058 when the
   * code is unknown, used or expired, or a userid was not given that code (⚠ the platform's exact
   * errcode is not documented in §4.4). `all` = everyone the code was handed to (atall).
   */
  update(code: string, userids: string[] | 'all', change: { replaceName?: string; card?: Record<string, unknown> }): { errcode: number; taskId?: string; userids: string[] } {
    const c = this.codes.get(code);
    if (!c || c.used || c.expiresAt <= this.clock.now()) return { errcode: 40058, userids: [] };
    const targets = userids === 'all' ? c.userids : userids;
    if (!targets.length || targets.some((u) => !c.userids.includes(u))) return { errcode: 40058, userids: [] };
    c.used = true;
    const at = this.clock.now();
    for (const u of targets) {
      const state = this.cards.get(c.taskId)?.get(u);
      if (!state) continue;
      if (change.replaceName !== undefined) state.replaceName = change.replaceName;
      if (change.card) state.replacedBy = change.card;
      state.updates.push({ at, ...change });
    }
    return { errcode: 0, taskId: c.taskId, userids: targets };
  }

  /** A member's cards, oldest first. */
  cardsOf(userid: string): CardState[] {
    return this.sentOrder.filter((c) => c.userid === userid);
  }

  card(userid: string, taskId: string): CardState | undefined {
    return this.cards.get(taskId)?.get(userid);
  }

  reset(): void {
    this.cards.clear();
    this.sentOrder = [];
    this.codes.clear();
  }

  private mint(taskId: string, userids: string[]): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { taskId, userids, expiresAt: this.clock.now() + CODE_TTL_MS, used: false });
    return code;
  }
}
