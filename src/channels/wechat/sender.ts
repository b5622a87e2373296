// Adapts the Official Account API client to outbound's ChannelSender: 客服消息 inside the window,
// a template message outside it (PROTOCOL.md §3.2–3.3).
import type { ChannelSender } from '../../outbound/sender.js';
import type { Reply } from '../../conversation/handler.js';
import { OA_TEXT_LIMIT_BYTES, type OaApi } from './api.js';

/** Template keyword values are short; longer texts are cut with an ellipsis and an invitation to reply. */
const TEMPLATE_VALUE_CHARS = 180;

export class OaSender implements ChannelSender {
  readonly textLimitBytes = OA_TEXT_LIMIT_BYTES;
  constructor(
    private readonly api: OaApi,
    private readonly templateId: string,
  ) {}

  async send(to: string, reply: Reply): Promise<void> {
    if (reply.kind === 'text') await this.api.sendText(to, reply.text);
    else await this.api.sendImage(to, reply.mediaId);
  }

  async sendTemplate(to: string, text: string, clientMsgId: string): Promise<void> {
    const chars = [...text];
    const value = chars.length > TEMPLATE_VALUE_CHARS ? `${chars.slice(0, TEMPLATE_VALUE_CHARS).join('')}…` : text;
    await this.api.sendTemplate({
      touser: to,
      templateId: this.templateId,
      clientMsgId,
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
