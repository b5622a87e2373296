// Adapts the 微信客服 API client to outbound's ChannelSender (PROTOCOL.md §5.3). There is no
// template fallback on this platform: outside the session rules the platform refuses, and the
// refusal is reported as the 'window' kind so outbound closes its window and gives the message up
// instead of retrying. Outbound's window already tracks the 48 h / 5-per-customer-message rule
// for channel 'wecom-kf' (outbound/window.ts), so most such sends are not even attempted.
import { UnrecoverableError } from 'bullmq';
import type { ChannelSender } from '../../outbound/sender.js';
import type { Reply } from '../../conversation/handler.js';
import { PlatformApiError } from '../shared/api-error.js';
import type { KfApi } from './api.js';
import { KF_TEXT_LIMIT_BYTES, type KfContent } from './messages.js';
import type { KfState } from './state.js';

/** 95018 session state does not allow sending, 95001 send-count limit (§5.3, §5.7). */
export const KF_WINDOW_ERRCODES: ReadonlySet<number> = new Set([95018, 95001]);
/** 45009 is WeCom's API frequency limit (§4.6): back off and retry. */
const KF_RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([45009]);

export class KfSender implements ChannelSender {
  readonly textLimitBytes = KF_TEXT_LIMIT_BYTES;

  /**
   * @param defaultOpenKfId the configured account, used for a customer not seen through sync yet
   *   (a deployment usually has one kf account); '' = refuse such a send.
   */
  constructor(
    private readonly api: Pick<KfApi, 'sendMsg'>,
    private readonly state: Pick<KfState, 'accountOf'>,
    private readonly defaultOpenKfId: string,
  ) {}

  async send(to: string, reply: Reply): Promise<void> {
    const openKfId = (await this.state.accountOf(to)) ?? this.defaultOpenKfId;
    if (!openKfId) {
      throw new PlatformApiError({ api: 'kf/send_msg', errcode: 95000, errmsg: 'no open_kfid known for this customer', kind: 'permanent' });
    }
    const content = contentOf(reply);
    try {
      await this.api.sendMsg(to, openKfId, content);
    } catch (err) {
      throw remap(err);
    }
  }
}

/**
 * An image's caption has no place in a kf image message; like the OA sender, it is not sent. A
 * delivery-proof photo without a media id would need WeCom's media/upload first — not built for
 * 微信客服 yet, so such a reply is given up (logged by outbound) rather than retried.
 */
function contentOf(reply: Reply): KfContent {
  if (reply.kind === 'text') return { msgtype: 'text', text: reply.text };
  if (!reply.mediaId) throw new UnrecoverableError('kf image reply without a media id (kf media upload is not built yet)');
  return { msgtype: 'image', mediaId: reply.mediaId };
}

/** Re-kinds the kf-specific codes the shared classifier (api-error.ts) does not know. */
export function remap(err: unknown): unknown {
  if (!(err instanceof PlatformApiError) || err.httpStatus !== undefined) return err;
  const kind = KF_WINDOW_ERRCODES.has(err.errcode) ? 'window' : KF_RETRYABLE_ERRCODES.has(err.errcode) ? 'retryable' : undefined;
  if (!kind || kind === err.kind) return err;
  return new PlatformApiError({ api: err.api, errcode: err.errcode, errmsg: err.errmsg, kind, cause: err });
}
