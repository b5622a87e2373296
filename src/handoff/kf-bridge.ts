// 微信客服 customers use the platform's own session states (PROTOCOL.md §5.5): on accept the session
// goes to 3 (人工接待) with the supervisor's userid, so the chat appears in their WeCom client's
// 微信客服 and they talk there directly — send_msg is refused in state 3 (§5.3), so nothing is relayed
// through the bot. Ending moves it to 4 (3→1 is not an edge of the table); the customer's next
// message restarts the session at 0, where the bot answers. The msg_code a change returns (§5.4)
// carries the “已接入” and the goodbye summary. A supervisor who is not a receiving servicer
// (95014), or a session the API may not move, falls back to relaying through the bot.
import { PlatformApiError } from '../channels/shared/api-error.js';
import { kfMsgId } from '../channels/wecom-kf/messages.js';
import type { Bridge } from '../conversation/state.js';
import type { HandoffDeps } from './deps.js';

async function accountOf(d: HandoffDeps, ext: string): Promise<string> {
  return (await d.kf?.state.accountOf(ext)) ?? d.kf?.openKfId ?? '';
}

const refused = (err: unknown) => err instanceof PlatformApiError && err.kind === 'permanent';

/** Hands the session to `user` (→3). A retry that finds it already theirs changes nothing. */
export async function kfStart(d: HandoffDeps, ext: string, user: string): Promise<{ bridge: Bridge; msgCode?: string }> {
  if (!d.kf) return { bridge: 'relay' };
  const openKfId = await accountOf(d, ext);
  try {
    const now = await d.kf.api.getServiceState(openKfId, ext);
    if (now.state === 3 && now.servicerUserId === user) return { bridge: 'kf' };
    return { bridge: 'kf', ...(await d.kf.api.transServiceState(openKfId, ext, 3, user)) };
  } catch (err) {
    if (!refused(err)) throw err;
    d.logger.warn({ errcode: (err as PlatformApiError).errcode }, '微信客服 session not handed to the supervisor; relaying through the bot');
    return { bridge: 'relay' };
  }
}

/** Ends the session (→4); returns the goodbye code, or undefined when it had ended already. */
export async function kfStop(d: HandoffDeps, ext: string): Promise<string | undefined> {
  if (!d.kf) return undefined;
  try {
    return (await d.kf.api.transServiceState(await accountOf(d, ext), ext, 4)).msgCode;
  } catch (err) {
    if (!refused(err)) throw err;
    d.logger.info({ errcode: (err as PlatformApiError).errcode }, '微信客服 session was not open any more');
    return undefined;
  }
}

/** One text on a single-use event code; a lost or expired code is logged, never retried. */
export async function kfSay(d: HandoffDeps, code: string | undefined, text: string, key: string): Promise<void> {
  if (!d.kf || !code) return;
  try {
    await d.kf.api.sendMsgOnEvent(code, { msgtype: 'text', text }, kfMsgId(key));
  } catch (err) {
    d.logger.warn({ err: (err as Error).message }, '微信客服 event message not sent');
  }
}

export type KfSession = { state: 'serving' } | { state: 'ended' } | { state: 'transferred'; to: string };

/** Whether the platform still has `user` serving: a servicer may end or transfer in the client. */
export async function kfSession(d: HandoffDeps, ext: string, user: string): Promise<KfSession> {
  if (!d.kf) return { state: 'serving' };
  const now = await d.kf.api.getServiceState(await accountOf(d, ext), ext);
  if (now.state !== 3) return { state: 'ended' };
  return now.servicerUserId && now.servicerUserId !== user ? { state: 'transferred', to: now.servicerUserId } : { state: 'serving' };
}
