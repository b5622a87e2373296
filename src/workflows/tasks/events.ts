// What a staff event does to tasks. A click claims the task (first click wins, store.ts); the winner's
// job runs the owner's handler once (`handled` survives a retried job) and then updates every card.
// A later click — a second member, a double click, a click on a finished task — changes nothing;
// the clicker is told who took it. A text naming `#CODE` (typed, or inside a quoted card) goes to
// the owner's onMessage; a photo goes to the task the member acted on last. Anything else gets a
// short help text. Handlers may throw: the staff worker retries, and in the end abandons.
import { CourierError } from '../../domain/errors.js';
import type { StaffEvent } from '../../domain/staff.js';
import { codesIn, taskIdOfCard } from './codes.js';
import { texts } from './render.js';
import type { StoredTask } from './store.js';
import type { TaskCards } from './task-cards.js';
import type { MessageContext } from './types.js';

type Click = Extract<StaffEvent, { type: 'card_click' }>;
type Media = Extract<StaffEvent, { type: 'image' | 'voice' }>;

/** How long a photo without a code still belongs to the task the member just acted on. */
const CURRENT_TASK_TTL_S = 30 * 60;

export async function handleStaffEvent(tc: TaskCards, event: StaffEvent): Promise<void> {
  switch (event.type) {
    case 'card_click':
      return click(tc, event);
    case 'text':
      return text(tc, event);
    case 'image':
    case 'voice':
      return media(tc, event);
    default:
      // enter_agent fires on every visit to the app: greeting each time would be noise.
      return;
  }
}

async function click(tc: TaskCards, e: Click): Promise<void> {
  const { store, directory, logger, clock } = tc.deps;
  const taskId = taskIdOfCard(e.taskId);
  const s = taskId ? await store.get(taskId) : null;
  if (!s) return tc.notify([e.from], texts.unknownTask());
  const { task } = s;
  if (!isRecipient(s, e.from)) return tc.notify([e.from], texts.notYours());
  if (!task.buttons.some((b) => b.key === e.eventKey)) {
    logger.warn({ taskId: task.id, key: e.eventKey }, 'click on a button the task does not have');
    return tc.notify([e.from], texts.unknownTask());
  }
  const handler = tc.outcomeHandler(task.owner);
  // Checked before claiming: without a handler the click must stay unclaimed (retried, maybe on
  // a worker that has it, e.g. during a rolling deploy).
  if (!handler) throw ownerUnknown(task.owner);
  await store.setCurrent(e.from, task.id, CURRENT_TASK_TTL_S);

  const claim = await store.claim(task.id, { outcome: e.eventKey, user: e.from, at: clock.now(), claimKey: e.key, responseCode: e.responseCode });
  if (claim === 'missing') return tc.notify([e.from], texts.unknownTask());
  if (claim === 'taken') {
    const now = await store.get(task.id);
    // The winner's job updates the cards once its handler is done; the clicker's fresh code
    // (kept by the claim) is used then, or here when that already happened.
    if (now?.handled) await tc.updateCards(task.id);
    const o = now?.task.outcome;
    return tc.notify([e.from], texts.taken(o?.text ?? '', directory.nameOf(o?.by ?? '')));
  }

  let won = (await store.get(task.id)) ?? s;
  if (!won.handled) {
    const note = e.selected.map((x) => `${x.questionKey}: ${x.optionIds.join(',')}`).join('; ');
    const reply = await handler({ task: won.task, outcome: e.eventKey, user: e.from, ...(note && { note }) });
    await store.markHandled(task.id, typeof reply === 'string' ? reply : undefined);
    logger.info({ taskId: task.id, owner: task.owner, outcome: e.eventKey, by: e.from }, 'task outcome handled');
    won = (await store.get(task.id)) ?? won;
  }
  await tc.updateCards(task.id);
  if (won.reply !== undefined && !won.replied) {
    await tc.notify([e.from], won.reply);
    await store.markReplied(task.id);
  }
}

async function text(tc: TaskCards, e: Extract<StaffEvent, { type: 'text' }>): Promise<void> {
  const codes = codesIn(e.text);
  if (!codes.length) {
    if (await tc.unmatched(e)) return;
    return tc.notify([e.from], texts.help());
  }
  for (const code of codes) {
    const id = await tc.deps.store.byCode(code);
    const s = id ? await tc.deps.store.get(id) : null;
    if (s && isRecipient(s, e.from)) return message(tc, s, e.from, { text: e.text });
  }
  return tc.notify([e.from], texts.unknownCode(codes[0] ?? ''));
}

async function media(tc: TaskCards, e: Media): Promise<void> {
  const id = await tc.deps.store.current(e.from);
  const s = id ? await tc.deps.store.get(id) : null;
  if (!s || !isRecipient(s, e.from)) {
    if (await tc.unmatched(e)) return;
    return tc.notify([e.from], texts.photoWithoutTask());
  }
  const part = e.type === 'image' ? { image: { mediaId: e.mediaId, ...(e.picUrl && { picUrl: e.picUrl }) } } : { voice: { mediaId: e.mediaId } };
  return message(tc, s, e.from, part);
}

async function message(tc: TaskCards, s: StoredTask, user: string, part: Omit<MessageContext, 'task' | 'user'>): Promise<void> {
  const handler = tc.messageHandler(s.task.owner);
  if (!handler) throw ownerUnknown(s.task.owner);
  await tc.deps.store.setCurrent(user, s.task.id, CURRENT_TASK_TTL_S);
  const reply = await handler({ task: s.task, user, ...part });
  await tc.notify([user], typeof reply === 'string' ? reply : texts.received(s.task.code));
}

/** After the worker's last attempt: a click's claim is reopened so someone can click again. */
export async function abandonStaffEvent(tc: TaskCards, e: StaffEvent, err: unknown): Promise<void> {
  const { store, logger } = tc.deps;
  let tell: string | undefined;
  if (e.type === 'card_click') {
    const taskId = taskIdOfCard(e.taskId);
    if (taskId && (await store.release(taskId, e.key))) tell = texts.failedClick();
  } else if (e.type === 'text' || e.type === 'image' || e.type === 'voice') {
    tell = texts.failedMessage();
  }
  logger.error({ key: e.key, type: e.type, err: err instanceof Error ? err.message : String(err) }, 'staff event abandoned');
  if (tell) await tc.notify([e.from], tell).catch((x: unknown) => logger.warn({ err: String(x) }, 'could not tell the member'));
}

const isRecipient = (s: StoredTask, userid: string) => s.task.recipients.some((r) => r.userid === userid);

const ownerUnknown = (owner: string) => new CourierError('TASK_OWNER_UNKNOWN', `no handler registered for task owner "${owner}"`, 500);
