// TaskCards: the one mechanism for "a task to a person with buttons" in WeCom. create() stores the
// task and sends each recipient their own button_interaction card (own task_id, own response_code,
// PROTOCOL.md §4.3–4.4); a click reaches the owner's onOutcome handler exactly once — the first
// click wins atomically (store.ts) — and every recipient's card is then greyed into
// 已处理：<button>（<who>）. Texts naming a task's `#code`, and photos right after, reach onMessage.
// Staff events arrive through the staff worker (jobs/staff-worker.ts → handle()).
import { CourierError } from '../../domain/errors.js';
import type { StaffEvent } from '../../domain/staff.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Directory } from '../../config/directory.js';
import type { WecomApi } from '../../channels/wecom/api.js';
import { newCode, newTaskId } from './codes.js';
import { missingOutcomes } from './outcomes.js';
import { deliverCards, updateCards } from './cards.js';
import type { TaskStore } from './store.js';
import { abandonStaffEvent, handleStaffEvent } from './events.js';
import { CreateTaskInput, type MessageHandler, type OutcomeHandler, type Task } from './types.js';

export interface TaskCardsDeps {
  api: WecomApi;
  store: TaskStore;
  directory: Directory;
  clock: Clock;
  logger: Logger;
}

/** Consumes a staff text or photo that names no task (e.g. a supervisor's chat relay); true = taken. */
export type UnmatchedHandler = (event: StaffEvent) => Promise<boolean>;

export class TaskCards {
  private readonly outcomeHandlers = new Map<string, OutcomeHandler>();
  private readonly messageHandlers = new Map<string, MessageHandler>();
  private readonly unmatchedHandlers: UnmatchedHandler[] = [];

  constructor(readonly deps: TaskCardsDeps) {}

  /** Registers the owner's outcome handler (one per owner). Must be idempotent on task.id. */
  onOutcome(owner: string, handler: OutcomeHandler): void {
    if (this.outcomeHandlers.has(owner)) throw new Error(`an outcome handler for "${owner}" is already registered`);
    this.outcomeHandlers.set(owner, handler);
  }

  /** Registers the owner's handler for staff texts and photos about its tasks. */
  onMessage(owner: string, handler: MessageHandler): void {
    if (this.messageHandlers.has(owner)) throw new Error(`a message handler for "${owner}" is already registered`);
    this.messageHandlers.set(owner, handler);
  }

  /** Asked, in order, about texts and photos naming no task, before the help text is sent. */
  onUnmatched(handler: UnmatchedHandler): void {
    this.unmatchedHandlers.push(handler);
  }

  /**
   * Stores the task and sends every recipient a card. With `idempotencyKey`, a second call returns
   * the same task and only sends to recipients still pending (a retried workflow step). Throws
   * TASK_INVALID for bad input, TASK_UNDELIVERED when nobody could receive it, and the platform's
   * retryable errors as they are (the caller's job retries).
   */
  async create(input: CreateTaskInput): Promise<Task> {
    const spec = parseInput(input);
    const { store } = this.deps;
    let id = spec.idempotencyKey ? await store.byIdempotency(spec.owner, spec.idempotencyKey) : null;
    if (!id) {
      const now = this.deps.clock.now();
      const reserved = await this.reserveCode(spec.owner, now);
      id = reserved.id;
      // Saved before the idempotency key is bound, so whoever holds the key has a complete task.
      await store.save(id, reserved.code, spec, now);
      if (spec.idempotencyKey) {
        const holder = await store.bindIdempotency(spec.owner, spec.idempotencyKey, id);
        if (holder !== id) await store.discard(id, reserved.code);
        id = holder;
      }
    }
    const stored = await store.get(id);
    if (!stored) throw new CourierError('TASK_INVALID', `task ${id} vanished while being created`, 500);
    await deliverCards(this.deps, stored.task);
    const task = (await store.get(id))?.task ?? stored.task;
    if (!task.recipients.some((r) => r.status === 'sent')) {
      throw new CourierError('TASK_UNDELIVERED', `no recipient of task ${id} could receive it`, 502);
    }
    this.deps.logger.info({ taskId: id, owner: spec.owner, recipients: task.recipients.map((r) => `${r.userid}:${r.status}`) }, 'task card sent');
    return task;
  }

  async get(taskId: string): Promise<Task | null> {
    return (await this.deps.store.get(taskId))?.task ?? null;
  }

  async byCode(code: string): Promise<Task | null> {
    const id = await this.deps.store.byCode(code.replace(/^[#＃]/, '').toUpperCase());
    return id ? this.get(id) : null;
  }

  /** A WeCom text to members (handlers use it for anything beyond their one reply). */
  async notify(userids: readonly string[], text: string): Promise<void> {
    if (userids.length) await this.deps.api.sendText(userids, text);
  }

  /** The staff worker's entry: one verified, deduplicated WeCom event. Throws to be retried. */
  handle(event: StaffEvent): Promise<void> {
    return handleStaffEvent(this, event);
  }

  /** The staff worker gave up on an event: reopen a click's claim and tell the member. */
  abandon(event: StaffEvent, err: unknown): Promise<void> {
    return abandonStaffEvent(this, event, err);
  }

  outcomeHandler(owner: string): OutcomeHandler | undefined {
    return this.outcomeHandlers.get(owner);
  }

  messageHandler(owner: string): MessageHandler | undefined {
    return this.messageHandlers.get(owner);
  }

  async unmatched(event: StaffEvent): Promise<boolean> {
    for (const h of this.unmatchedHandlers) if (await h(event)) return true;
    return false;
  }

  /** Greys every reached recipient's buttons into the outcome, once each (codes are one-shot). */
  updateCards(taskId: string): Promise<void> {
    return updateCards(this.deps, taskId);
  }

  private async reserveCode(owner: string, now: number): Promise<{ code: string; id: string }> {
    for (let i = 0; i < 8; i++) {
      const code = newCode();
      const id = newTaskId(owner, code, now);
      if (await this.deps.store.reserveCode(code, id)) return { code, id };
    }
    throw new CourierError('TASK_INVALID', 'could not find a free task code', 503);
  }
}

function parseInput(input: CreateTaskInput) {
  const parsed = CreateTaskInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(task)'}: ${i.message}`).join('; ');
    throw new CourierError('TASK_INVALID', `invalid task: ${issues}`, 400);
  }
  const missing = missingOutcomes(parsed.data.owner, parsed.data.buttons.map((b) => b.key));
  if (missing.length) {
    throw new CourierError('TASK_INVALID', `a ${parsed.data.owner} card must carry the outcome keys ${missing.join(', ')} (SCENARIOS.md)`, 400);
  }
  return parsed.data;
}
