// What a task looks like in WeCom: the button_interaction template card (PROTOCOL.md §4.3) with
// the short code on it, and the zh-CN texts staff see (templates/wecom.yaml).
import type { ButtonInteractionCard } from '../../channels/wecom/messages.js';
import { render } from '../../lib/templates.js';
import type { Task } from './types.js';

const T = 'wecom.yaml';

export function taskCard(task: Task, cardTaskId: string): ButtonInteractionCard {
  return {
    card_type: 'button_interaction',
    task_id: cardTaskId,
    source: { desc: render(T, 'card_source'), desc_color: 0 },
    main_title: { title: task.title, ...(task.description !== '' && { desc: task.description }) },
    ...(task.quote && { quote_area: { type: 0, ...(task.quote.title && { title: task.quote.title }), quote_text: task.quote.text } }),
    // The code is on the card itself: a member quoting the card quotes the code with it.
    sub_title_text: render(T, 'card_code', { code: task.code }),
    ...(task.fields.length > 0 && { horizontal_content_list: task.fields.map((f) => ({ type: 0, keyname: f.key, value: f.value })) }),
    button_list: task.buttons.map((b) => ({ type: 0, text: b.text, key: b.key, ...(b.style !== undefined && { style: b.style }) })),
  };
}

export const texts = {
  /** The label that replaces every recipient's buttons once the task is taken. */
  replaced: (outcome: string, name: string) => render(T, 'replaced', { outcome, name }),
  taken: (outcome: string, name: string) => render(T, 'taken', { outcome, name }),
  unknownTask: () => render(T, 'unknown_task'),
  notYours: () => render(T, 'not_yours'),
  unknownCode: (code: string) => render(T, 'unknown_code', { code }),
  received: (code: string) => render(T, 'received', { code }),
  help: () => render(T, 'help'),
  photoWithoutTask: () => render(T, 'photo_without_task'),
  failedClick: () => render(T, 'failed_click'),
  failedMessage: () => render(T, 'failed_message'),
};
