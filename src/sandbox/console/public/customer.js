// The customer's pane: their WeChat (公众号, with the menu from config/menu.json) or 微信客服 chat.
// Typing, a photo or a menu click is noted in the journal and posted to the sandbox phone, which
// sends the real signed callback to the real webhook; the bot's replies come back via the outbox.
import { api, photoName } from './api.js';
import { $, h, memo, replaceChildren, toast } from './dom.js';
import { inBubble, merge, outBubble, systemLine } from './timeline.js';

const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export function customerPane({ onAction }) {
  const chat = $('customer-chat');
  const input = $('customer-input');
  const menuBar = $('customer-menu');
  let person;
  let menu = { button: [] };

  const render = memo((items) => {
    const nodes = items.map((i) => (i.journal ? outBubble(i.journal) : i.side === 'system' ? systemLine('短信验证码', i.entry) : inBubble(i.entry, { mediaBase: '/sandbox/oa/mmbiz' })));
    replaceChildren(chat, nodes.length ? nodes : [h('div', { class: 'empty' }, '还没有消息。以客户身份发一句试试：“我的快递到哪了”')], { stickToBottom: true });
  });

  async function act(kind, text, action) {
    if (!person) return;
    const who = person;
    try {
      await api.note(who.id, kind, text);
      await api.customer(who, action);
    } catch (err) {
      toast(`发送失败：${err.message}`, 'error');
    }
    onAction();
  }

  $('customer-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void act('text', text, { text });
  });
  const sendPhoto = () => {
    const name = photoName();
    void act('image', name, { image: name });
  };
  $('customer-photo').addEventListener('click', sendPhoto);

  function leafButton(b) {
    const click = () => {
      closeMenus();
      if (b.type === 'click') void act('menu', b.name, { menu: b.key });
      else if (String(b.type).startsWith('pic_')) sendPhoto();
      else toast(`沙盒不支持「${b.name}」类型的菜单`, 'error');
    };
    return h('button', { type: 'button', class: 'menu-item', 'data-menu-key': b.key, onclick: click }, b.name);
  }
  const closeMenus = () => menuBar.querySelectorAll('.submenu').forEach((s) => s.classList.remove('open'));

  function renderMenu() {
    const kf = person?.channel === 'wecom-kf';
    menuBar.hidden = kf || !menu.button.length;
    menuBar.replaceChildren(
      ...menu.button.map((b) => {
        if (!b.sub_button) return h('div', { class: 'menu-top' }, leafButton(b));
        const sub = h('div', { class: 'submenu' }, b.sub_button.map(leafButton));
        const toggle = () => {
          const open = !sub.classList.contains('open');
          closeMenus();
          sub.classList.toggle('open', open);
        };
        return h('div', { class: 'menu-top' }, sub, h('button', { type: 'button', class: 'menu-item parent', onclick: toggle }, b.name));
      }),
    );
  }

  return {
    async loadMenu() {
      menu = await api.menu().catch(() => ({ button: [] }));
      renderMenu();
    },
    select(p) {
      if (person?.id === p?.id && person?.channel === p?.channel) {
        person = p;
        return;
      }
      person = p;
      $('customer-channel').textContent = p?.channel === 'wecom-kf' ? '微信客服' : '微信公众号';
      renderMenu();
    },
    info(p) {
      $('customer-info').textContent = !p ? '' : p.bound ? `已绑定手机 ${p.phone}` : '未绑定手机：可发运单号查询，用手机尾号验证';
    },
    async refresh() {
      if (!person) return;
      const who = person.id;
      const [messages, journal] = await Promise.all([api.messages(who), api.journal(who)]);
      // SMS codes go to the phone number the customer typed to bind it.
      const phones = [...new Set(journal.flatMap((j) => (j.kind === 'text' ? (j.text.match(PHONE) ?? []) : [])))];
      const sms = (await Promise.all(phones.map((p) => api.messages(p)))).flat().filter((e) => e.channel === 'sms');
      if (person?.id !== who) return; // switched meanwhile
      render(merge(messages.filter((e) => e.channel !== 'sms'), journal, sms));
    },
    fill(text) {
      input.value = input.value ? `${input.value} ${text}` : text;
      input.focus();
    },
    get person() {
      return person;
    },
  };
}
