// intake.accept(): the only thing a webhook does with a verified message. Dedupe + store + enqueue,
// all fast Redis work, so the callback answers well inside WeChat's 5-second deadline
// (PROTOCOL.md §2.3) whatever the model or the courier backend is doing.
import type { Queue } from 'bullmq';
import { conversationIdOf, type InboundMessage } from '../domain/inbound.js';
import { jobIdFor } from '../lib/ids.js';
import type { Inbox } from './inbox.js';

export type AcceptResult = 'accepted' | 'duplicate';

export interface RespondJobData {
  conversationId: string;
  key: string;
}

export interface IntakeDeps {
  inbox: Inbox;
  respondQueue: Queue;
}

export async function accept(deps: IntakeDeps, msg: InboundMessage): Promise<AcceptResult> {
  const conversationId = conversationIdOf(msg);
  const fresh = await deps.inbox.add(conversationId, msg);
  if (!fresh) return 'duplicate';
  const data: RespondJobData = { conversationId, key: msg.key };
  try {
    await deps.respondQueue.add('respond', data, { jobId: jobIdFor('respond', msg.key) });
  } catch (err) {
    // Without a job nobody would drain this message: undo, and let the caller answer 5xx so the
    // platform retries the delivery.
    await deps.inbox.forget(conversationId, msg.key).catch(() => {});
    throw err;
  }
  return 'accepted';
}
