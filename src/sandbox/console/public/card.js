// A WeCom template card (button_interaction) as the member sees it: title, quote, fields and
// buttons. Once the app updated it (update_template_card), the buttons give way to the grey
// replace_name text (已处理：…), or the card shows what replaced it.
import { h } from './dom.js';
import { fmtTime } from './format.js';

const STYLE = { 1: 'primary', 2: 'danger', 3: 'plain', 4: 'plain' };

export function cardView(entry, state, onClick) {
  const card = state?.replacedBy ?? state?.card ?? {};
  const title = card.main_title?.title ?? entry.text.split('\n')[0];
  const done = state?.replaceName ?? (state?.replacedBy ? '已处理' : undefined);
  const buttons = state?.buttons ?? entry.buttons ?? [];
  const fields = Array.isArray(card.horizontal_content_list) ? card.horizontal_content_list : [];
  return h('div', { class: `msg in card${done ? ' done' : ''}`, 'data-testid': 'task-card', 'data-task-id': entry.taskId },
    h('div', { class: 'bubble' },
      card.source?.desc ? h('div', { class: 'kind' }, card.source.desc) : null,
      h('div', { class: 'card-title' }, title),
      card.main_title?.desc ? h('div', { class: 'card-desc' }, card.main_title.desc) : null,
      card.quote_area?.quote_text ? h('div', { class: 'card-quote' }, card.quote_area.title ? h('b', {}, `${card.quote_area.title}：`) : null, card.quote_area.quote_text) : null,
      card.sub_title_text ? h('div', { class: 'card-sub' }, card.sub_title_text) : null,
      fields.length ? h('dl', { class: 'card-fields' }, fields.map((f) => [h('dt', {}, f.keyname), h('dd', {}, f.value ?? '')])) : null,
      done
        ? h('div', { class: 'card-done', 'data-testid': 'card-done' }, done)
        : buttons.length
          ? h('div', { class: 'card-buttons' }, buttons.map((b) => h('button', { type: 'button', class: `btn ${STYLE[b.style] ?? 'plain'}`, 'data-key': b.key, onclick: (ev) => onClick(entry.taskId, b, ev.currentTarget) }, b.text)))
          : null,
    ),
    h('div', { class: 'meta' }, fmtTime(Date.parse(entry.at))));
}
