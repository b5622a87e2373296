// Adapts the Official Account API client to outbound's ChannelSender: 客服消息 inside the window,
// a template message outside it (PROTOCOL.md §3.2–3.3).
import type { ChannelSender } from '../../outbound/sender.js';
import type { Reply } from '../../conversation/handler.js';
import { UnrecoverableError } from 'bullmq';
import { OA_TEXT_LIMIT_BYTES, type OaApi } from './api.js';
import type { ProofPhotoLoader } from '../../domain/media.js';

/** Template keyword values are short; longer texts are cut with an ellipsis and an invitation to reply. */
const TEMPLATE_VALUE_CHARS = 180;
/** A URL's own characters (RFC 3986, without parentheses): it ends where Chinese text resumes. */
const LINK = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]+/;

export class OaSender implements ChannelSender {
  readonly textLimitBytes = OA_TEXT_LIMIT_BYTES;
  constructor(
    private readonly api: OaApi,
    private readonly templateId: string,
    private readonly loadPhoto?: ProofPhotoLoader,
  ) {}

  async send(to: string, reply: Reply): Promise<void> {
    if (reply.kind === 'text') return this.api.sendText(to, reply.text);
    await this.api.sendImage(to, await this.mediaIdOf(reply));
  }

  /** A delivery-proof photo is uploaded as temporary media first (PROTOCOL.md §3.5). */
  private async mediaIdOf(reply: Extract<Reply, { kind: 'image' }>): Promise<string> {
    if (reply.mediaId) return reply.mediaId;
    if (!reply.photo || !this.loadPhoto) throw new UnrecoverableError('image reply without media or a photo source');
    const file = await this.loadPhoto(reply.photo.waybill);
    return (await this.api.uploadMedia('image', file.data, file.filename, file.contentType)).mediaId;
  }

  async sendTemplate(to: string, text: string, clientMsgId: string): Promise<void> {
    // A link in the text (确认收款) becomes the template's own url, so a cut text cannot lose it.
    const link = LINK.exec(text);
    const url = link?.[0];
    const chars = [...(link ? text.slice(0, link.index).replace(/[：:]\s*$/, '') + text.slice(link.index + link[0].length) : text)];
    const value = chars.length > TEMPLATE_VALUE_CHARS ? `${chars.slice(0, TEMPLATE_VALUE_CHARS).join('')}…` : chars.join('');
    await this.api.sendTemplate({
      touser: to,
      templateId: this.templateId,
      clientMsgId,
      ...(url && { url }),
      data: {
        title: { value: '快递服务通知' },
        content: { value },
        remark: { value: '回复任意消息即可继续咨询' },
      },
    });
  }

  async typing(to: string): Promise<void> {
    await this.api.typing(to, 'Typing');
  }
}
