import { describe, expect, it } from 'vitest';
import { canTransition, initialStatuses, isOpenStatus, nextStatuses, statusesOf } from '../../src/workflows/case-machine.js';
import { CASE_ID, CASE_TYPES, newCaseId } from '../../src/workflows/case-types.js';

describe('case state machine', () => {
  it('lets a station task move open → in_progress → resolved, and not back', () => {
    expect(canTransition('urge', 'open', 'in_progress')).toBe(true);
    expect(canTransition('urge', 'in_progress', 'resolved')).toBe(true);
    expect(canTransition('urge', 'resolved', 'in_progress')).toBe(false);
    expect(canTransition('verification', 'in_progress', 'awaiting_customer')).toBe(true);
    expect(canTransition('delivery_change', 'open', 'paid')).toBe(false);
  });

  it('runs a claim through evidence and review to payment', () => {
    const path = ['open', 'awaiting_evidence', 'under_review', 'approved', 'paid'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition('claim', path[i - 1]!, path[i]!)).toBe(true);
    expect(canTransition('claim', 'rejected', 'paid')).toBe(false);
    expect(canTransition('claim', 'open', 'approved')).toBe(false);
  });

  it('runs a handoff queued → human → closed', () => {
    expect(canTransition('handoff', 'queued', 'human')).toBe(true);
    expect(canTransition('handoff', 'human', 'closed')).toBe(true);
    expect(canTransition('handoff', 'closed', 'human')).toBe(false);
    expect(canTransition('handoff', 'queued', 'resolved')).toBe(false);
  });

  it('counts a status as open exactly when it has a way out', () => {
    for (const type of CASE_TYPES) {
      for (const s of statusesOf(type)) expect(isOpenStatus(type, s)).toBe(nextStatuses(type, s).length > 0);
      // Every status reachable from a transition is a status of that type, and initial ones are open.
      for (const s of statusesOf(type)) for (const to of nextStatuses(type, s)) expect(statusesOf(type)).toContain(to);
      for (const s of initialStatuses(type)) expect(isOpenStatus(type, s)).toBe(true);
    }
    expect(isOpenStatus('claim', 'approved')).toBe(true);
    expect(isOpenStatus('claim', 'paid')).toBe(false);
  });

  it('makes short readable ids with a letter per type', () => {
    expect(newCaseId('urge')).toMatch(/^U-/);
    expect(newCaseId('verification')).toMatch(/^V-/);
    expect(newCaseId('claim')).toMatch(/^C-/);
    expect(newCaseId('delivery_change')).toMatch(/^D-/);
    expect(newCaseId('handoff')).toMatch(/^H-/);
    const ids = Array.from({ length: 500 }, () => newCaseId('urge'));
    for (const id of ids) expect(id).toMatch(CASE_ID);
    expect(ids.join('')).not.toMatch(/[01IO]/);
    expect(new Set(ids).size).toBe(500);
  });
});
