// The WeCom side of a task: one card per recipient (own task_id, own response_code — PROTOCOL.md
// §4.3), and after the outcome, each recipient's card greyed into 已处理：<button>（<who>） with
// update_template_card (§4.4: each response_code works once, for 72 h).
import { CourierError } from '../../domain/errors.js';
import { WECOM_ERRCODES } from '../../channels/wecom/errors.js';
import { PlatformApiError } from '../../channels/shared/api-error.js';
import { taskCard, texts } from './render.js';
import type { TaskCardsDeps } from './task-cards.js';
import type { Task } from './types.js';

/** Sends the card to every recipient still pending; throws what a retry may fix. */
export async function deliverCards(deps: TaskCardsDeps, task: Task): Promise<void> {
  for (const r of task.recipients) {
    if (r.status !== 'pending') continue;
    try {
      const res = await deps.api.sendTemplateCard([r.userid], taskCard(task, r.cardTaskId));
      await deps.store.recipient(task.id, r.userid, res.invalidUsers.includes(r.userid) ? 'failed' : 'sent', res.responseCode);
    } catch (e) {
      if (!(e instanceof PlatformApiError) || e.kind !== 'permanent') throw e;
      if (e.errcode === WECOM_ERRCODES.allRecipientsInvalid) {
        await deps.store.recipient(task.id, r.userid, 'failed');
      } else if (e.errcode === WECOM_ERRCODES.taskIdInvalid) {
        // Our task_ids are unique by construction: a reused one means an earlier attempt of this
        // very send got through (its answer was lost). The card is there; only its code is not.
        deps.logger.warn({ taskId: task.id, userid: r.userid }, 'card already delivered by an earlier attempt');
        await deps.store.recipient(task.id, r.userid, 'sent');
      } else {
        throw new CourierError('TASK_UNDELIVERED', `the platform refused the card of task ${task.id}: ${e.message}`, 502, { cause: e });
      }
    }
  }
}

/** Greys every reached recipient's buttons into the outcome, once each. */
export async function updateCards(deps: TaskCardsDeps, taskId: string): Promise<void> {
  const { store, api, directory, logger } = deps;
  const s = await store.get(taskId);
  const outcome = s?.task.outcome;
  if (!s || !outcome) return;
  const replaceName = texts.replaced(outcome.text, directory.nameOf(outcome.by));
  for (const r of s.task.recipients) {
    const code = s.codes[r.userid];
    if (r.status !== 'sent' || !code || (await store.isUpdateSettled(taskId, r.userid))) continue;
    try {
      await api.updateCardButton({ userids: [r.userid], responseCode: code, replaceName });
      await store.markUpdated(taskId, r.userid, true);
    } catch (e) {
      if (!(e instanceof PlatformApiError) || e.kind !== 'permanent') throw e;
      // A used or expired code will not work on a retry either.
      logger.warn({ taskId, userid: r.userid, errcode: e.errcode }, 'task card could not be updated');
      await store.markUpdated(taskId, r.userid, false);
    }
  }
}
