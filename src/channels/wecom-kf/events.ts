// What the sync does with 微信客服 system events (PROTOCOL.md §5.2 event list, §5.4):
// - enter_session: the customer opened the chat. The conversation is told (intake), and when the
//   event carries a welcome_code the welcome goes out at once via send_msg_on_event — the code is
//   single-use and lives 20 s, so it cannot wait for the respond queue.
// - msg_send_fail, session_status_change: logged and recorded per customer (the handoff reads them).
// - anything else (servicer_status_change, recalls, …): logged at debug level.
import type { Logger } from '../../lib/logger.js';
import type { InboundMessage } from '../../domain/inbound.js';
import type { AcceptResult } from '../../intake/accept.js';
import type { KfApi } from './api.js';
import { kfMsgId, type KfEventContent } from './messages.js';
import type { KfEvent } from './normalize.js';
import type { KfState } from './state.js';

export interface KfEventDeps {
  api: Pick<KfApi, 'sendMsgOnEvent'>;
  state: KfState;
  accept: (m: InboundMessage) => Promise<AcceptResult>;
  logger: Logger;
  /** The welcome for enter_session; none = no welcome. */
  welcome?: () => KfEventContent;
}

const RECORDED = new Set(['msg_send_fail', 'session_status_change']);
/** The fields worth keeping of a recorded event; ids and codes only, no message content. */
const KEPT = ['fail_msgid', 'fail_type', 'change_type', 'old_servicer_userid', 'new_servicer_userid', 'msg_code', 'scene', 'scene_param'];

export async function handleKfEvent(deps: KfEventDeps, event: KfEvent, message: InboundMessage | undefined): Promise<void> {
  const log = deps.logger.child({ msgid: event.msgid, event: event.type });
  if (event.externalUserId && event.openKfId) await deps.state.rememberAccount(event.externalUserId, event.openKfId);

  if (event.type === 'enter_session') {
    const fresh = message ? (await deps.accept(message)) === 'accepted' : await deps.state.claim(event.msgid);
    const code = typeof event.data.welcome_code === 'string' ? event.data.welcome_code : undefined;
    if (fresh && code && deps.welcome) await sendWelcome(deps, log, event, code);
    return;
  }

  if (!RECORDED.has(event.type)) {
    log.debug('kf event ignored');
    return;
  }
  if (!(await deps.state.claim(event.msgid))) return; // a re-read page
  const kept = Object.fromEntries(KEPT.filter((k) => event.data[k] !== undefined).map((k) => [k, event.data[k]]));
  if (event.type === 'msg_send_fail') log.warn(kept, 'kf message could not be delivered');
  else log.info(kept, 'kf session state changed');
  if (event.externalUserId) await deps.state.recordEvent(event.externalUserId, { msgid: event.msgid, type: event.type, at: event.at, ...kept });
}

async function sendWelcome(deps: KfEventDeps, log: Logger, event: KfEvent, code: string): Promise<void> {
  try {
    // msgid from the event: a retried call names the same message (§5.3 msgid rule).
    await deps.api.sendMsgOnEvent(code, deps.welcome!(), kfMsgId(`welcome:${event.msgid}`));
    log.debug('kf welcome sent');
  } catch (err) {
    // The code is single-use and lives 20 s: retrying the job later cannot help. Logged, not thrown.
    log.warn({ err: (err as Error).message }, 'kf welcome could not be sent');
  }
}
