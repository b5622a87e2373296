// The outcome keys of the task cards (SCENARIOS.md "Task outcomes"): scenario files click buttons
// by these keys, so they are a contract. A card of one of these kinds must carry its keys;
// TaskCards.create() refuses one that does not. Cards may carry more buttons.
import type { TaskButton } from './types.js';

export const URGE_OUTCOMES = { willDeliver: 'will_deliver', delivered: 'delivered', cannotDeliver: 'cannot_deliver' } as const;
export const VERIFICATION_OUTCOMES = { found: 'found', deliveredOk: 'delivered_ok', lost: 'lost', needInfo: 'need_info' } as const;
export const CLAIM_REVIEW_OUTCOMES = { approve: 'approve', reject: 'reject' } as const;
/** `accept` takes a chat over; `end` (on the card of a chat a supervisor owns) returns it to the bot. */
export const HANDOFF_OUTCOMES = { accept: 'accept', end: 'end' } as const;

export const TASK_KINDS = ['urge', 'verification', 'claim_review', 'handoff'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_OUTCOMES: Readonly<Record<TaskKind, readonly string[]>> = {
  urge: Object.values(URGE_OUTCOMES),
  verification: Object.values(VERIFICATION_OUTCOMES),
  claim_review: Object.values(CLAIM_REVIEW_OUTCOMES),
  handoff: Object.values(HANDOFF_OUTCOMES),
};

/** Suggested buttons per kind (zh-CN labels staff see); owners may relabel or add buttons. */
export const DEFAULT_BUTTONS: Readonly<Record<TaskKind, readonly TaskButton[]>> = {
  urge: [
    { key: URGE_OUTCOMES.willDeliver, text: '今天送达', style: 1 },
    { key: URGE_OUTCOMES.delivered, text: '已送达', style: 1 },
    { key: URGE_OUTCOMES.cannotDeliver, text: '无法派送', style: 2 },
  ],
  verification: [
    { key: VERIFICATION_OUTCOMES.found, text: '已找到', style: 1 },
    { key: VERIFICATION_OUTCOMES.deliveredOk, text: '已按约定投递', style: 1 },
    { key: VERIFICATION_OUTCOMES.lost, text: '确认丢失', style: 2 },
    { key: VERIFICATION_OUTCOMES.needInfo, text: '需补充信息', style: 3 },
  ],
  claim_review: [
    { key: CLAIM_REVIEW_OUTCOMES.approve, text: '同意理赔', style: 1 },
    { key: CLAIM_REVIEW_OUTCOMES.reject, text: '驳回', style: 2 },
  ],
  handoff: [{ key: HANDOFF_OUTCOMES.accept, text: '接入会话', style: 1 }],
};

/** The card of a chat a supervisor owns: one button that hands it back to the bot. */
export const HANDOFF_ACTIVE_BUTTONS: readonly TaskButton[] = [{ key: HANDOFF_OUTCOMES.end, text: '结束，交还机器人', style: 2 }];

const isKind = (owner: string): owner is TaskKind => (TASK_KINDS as readonly string[]).includes(owner);

/**
 * The outcome keys a card of this owner lacks ([] when complete, or for other owners). A handoff
 * task is one of two stages, so it needs `accept` (the takeover card) or `end` (the active chat).
 */
export function missingOutcomes(owner: string, keys: readonly string[]): string[] {
  if (!isKind(owner)) return [];
  if (owner === 'handoff') return keys.includes(HANDOFF_OUTCOMES.accept) || keys.includes(HANDOFF_OUTCOMES.end) ? [] : [HANDOFF_OUTCOMES.accept];
  return TASK_OUTCOMES[owner].filter((k) => !keys.includes(k));
}
