// Wire shapes of WeCom app messages (PROTOCOL.md §4.3) and the group robot (§4.5), in the
// platform's own snake_case so a payload can be compared with the doc field by field.
// https://developer.work.weixin.qq.com/document/path/90236 (发送应用消息)

/** text ≤2048 bytes (truncated by the platform beyond that). */
export const WECOM_TEXT_LIMIT_BYTES = 2048;
/** markdown ≤2048 bytes for app messages; the robot takes ≤4096 (§4.5). */
export const WECOM_MARKDOWN_LIMIT_BYTES = 2048;
/** task_id: unique per app, `[0-9a-zA-Z_-@]`, ≤128 bytes (§4.3); 42014 otherwise. */
export const TASK_ID_PATTERN = /^[0-9a-zA-Z_\-@]{1,128}$/;

export interface TextCard {
  /** ≤128 bytes */
  title: string;
  /** ≤512 bytes; the platform renders a few `<div class="gray|highlight|normal">` classes. */
  description: string;
  /** ≤2048 bytes */
  url: string;
  /** ≤4 characters, default 详情 */
  btntxt?: string;
}

/** A callback button (type 0); style 1..4 is the platform's colour set. */
export interface CardButton {
  type?: 0;
  text: string;
  style?: 1 | 2 | 3 | 4;
  /** ≤1024 bytes, unique within the card: arrives as EventKey on a click. */
  key: string;
}

export interface ButtonInteractionCard {
  card_type: 'button_interaction';
  task_id: string;
  source?: { icon_url?: string; desc?: string; desc_color?: 0 | 1 | 2 | 3 };
  main_title: { title: string; desc?: string };
  quote_area?: { type?: 0; title?: string; quote_text?: string };
  sub_title_text?: string;
  /** ≤6 rows of `keyname: value`. */
  horizontal_content_list?: { type?: 0; keyname: string; value: string }[];
  /** 1..6 buttons */
  button_list: CardButton[];
}

/** The answer to message/send: who could not be reached and, for interactive cards, a response_code. */
export interface SendResult {
  msgid?: string;
  /** `invaliduser` split; non-empty means those members got nothing (81013 when it is everyone). */
  invalidUsers: string[];
  /** One-shot code for update_template_card (§4.4), valid 72 h. */
  responseCode?: string;
}

export type RobotMessage =
  | { msgtype: 'text'; text: { content: string; mentioned_list?: string[] } }
  | { msgtype: 'markdown'; markdown: { content: string } };

export type WecomMediaType = 'image' | 'voice' | 'video' | 'file';
