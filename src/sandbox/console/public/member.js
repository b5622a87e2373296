// A WeCom member's pane (a station staff member or a supervisor): the task cards and texts the app
// sent them, with working buttons — a click is posted through /sandbox/wecom/member/:userid, the
// real signed template_card_event into /wecom — and a text box for replies or the bridged chat.
import { api, photoName } from './api.js';
import { $, h, memo, replaceChildren, toast } from './dom.js';
import { cardView } from './card.js';
import { inBubble, merge, outBubble, systemLine } from './timeline.js';

/** `prefix`: the element ids' prefix (staff | supervisor); `robot`: also show the operations group's robot. */
export function memberPane(prefix, { robot = false, onAction }) {
  const chat = $(`${prefix}-chat`);
  const input = $(`${prefix}-input`);
  let userid;

  const render = memo(({ items, cards }) => {
    const byTask = new Map(cards.map((c) => [c.taskId, c]));
    const nodes = items.map((i) => {
      if (i.journal) return outBubble(i.journal);
      if (i.side === 'system') return systemLine('运营群机器人', i.entry);
      if (i.entry.kind === 'card') return cardView(i.entry, byTask.get(i.entry.taskId), click);
      return inBubble(i.entry, { mediaBase: '/sandbox/wecom/media' });
    });
    replaceChildren(chat, nodes.length ? nodes : [h('div', { class: 'empty' }, '暂无任务卡片或消息')], { stickToBottom: true });
  });

  async function act(kind, text, action) {
    if (!userid) return;
    try {
      await api.note(userid, kind, text);
      await api.member(userid, action);
    } catch (err) {
      toast(`操作失败：${err.message}`, 'error');
      render.reset(); // give the card its buttons back
    }
    onAction();
  }

  function click(taskId, button, el) {
    el.closest('.card-buttons')?.querySelectorAll('button').forEach((b) => (b.disabled = true));
    void act('click', button.text, { click: button.key, taskId });
  }

  $(`${prefix}-form`).addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void act('text', text, { text });
  });
  $(`${prefix}-photo`).addEventListener('click', () => {
    const name = photoName();
    void act('image', name, { image: name });
  });

  return {
    select(id) {
      userid = id;
    },
    async refresh() {
      if (!userid) return;
      const who = userid;
      const [messages, cardStates, journal, group] = await Promise.all([api.messages(who), api.cards(who), api.journal(who), robot ? api.messages('robot') : []]);
      if (userid !== who) return;
      // card_update entries are shown on the card itself (已处理).
      const own = messages.filter((e) => e.channel === 'wecom' && e.kind !== 'card_update');
      render({ items: merge(own, journal, group), cards: cardStates });
    },
  };
}
