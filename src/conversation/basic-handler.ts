// The small real handler that answers until the agent lands: a welcome on follow, the menu texts,
// and an honest "received" for the rest. It implements the same TurnHandler the agent will.
import type { InboundMessage } from '../domain/inbound.js';
import { render } from '../lib/templates.js';
import type { Reply, TurnHandler } from './handler.js';

const T = 'basic.yaml';
const MENU_TEXTS: Record<string, string> = {
  menu_track: 'menu_track',
  menu_urge: 'menu_urge',
  menu_claim: 'menu_claim',
  menu_human: 'menu_human',
  menu_photo: 'menu_photo',
};

const text = (t: string): Reply[] => [{ kind: 'text', text: t }];

export class BasicHandler implements TurnHandler {
  async handle(msg: InboundMessage): Promise<Reply[]> {
    switch (msg.type) {
      case 'text':
        return text(render(T, 'received_text'));
      case 'voice':
        return text(render(T, msg.recognition ? 'received_text' : 'received_media', { what: '语音' }));
      case 'image':
        return text(render(T, 'received_media', { what: '照片' }));
      case 'video':
        return text(render(T, 'received_media', { what: '视频' }));
      case 'file':
        return text(render(T, 'received_media', { what: '文件' }));
      case 'location':
        return text(render(T, 'location', { label: msg.label ?? `${msg.lat},${msg.lng}` }));
      case 'link':
        return text(render(T, 'received_media', { what: '链接' }));
      case 'event':
        return this.event(msg);
      default:
        return [];
    }
  }

  private event(msg: Extract<InboundMessage, { type: 'event' }>): Reply[] {
    switch (msg.event) {
      case 'subscribe':
        return text(render(T, 'welcome'));
      case 'click': {
        const name = msg.eventKey ? MENU_TEXTS[msg.eventKey] : undefined;
        return name ? text(render(T, name)) : [];
      }
      case 'pic_photo_or_album':
      case 'pic_sysphoto':
      case 'pic_weixin':
        // The pictures themselves arrive as separate image messages (PROTOCOL.md §2.6 note).
        return [];
      default:
        // unsubscribe, VIEW, LOCATION reports, template delivery receipts: nothing to say.
        return [];
    }
  }
}
