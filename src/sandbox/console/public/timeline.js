// One person's conversation in order: what the bot sent them (outbox entries, by seq) and what they
// did from the console (journal entries, placed after the outbox message they had seen).
import { h } from './dom.js';
import { fmtTime } from './format.js';

/** [{side: 'in' | 'out' | 'system', at, entry}], oldest first. */
export function merge(outbox, journal, extra = []) {
  const items = [
    ...outbox.map((e) => ({ key: e.seq, side: 'in', at: Date.parse(e.at), entry: e })),
    ...extra.map((e) => ({ key: e.seq, side: 'system', at: Date.parse(e.at), entry: e })),
    ...journal.map((j) => ({ key: j.afterSeq + 0.5 + j.id / 1e9, side: 'out', at: j.at, journal: j })),
  ];
  return items.sort((a, b) => a.key - b.key);
}

const JOURNAL_TEXT = {
  text: (j) => j.text,
  image: (j) => `[照片] ${j.text}`,
  menu: (j) => `点击菜单「${j.text}」`,
  click: (j) => `点击了「${j.text}」`,
};

/** What the person did, on the right. */
export function outBubble(j) {
  const note = j.kind === 'menu' || j.kind === 'click';
  return h('div', { class: `msg out${note ? ' note' : ''}`, 'data-testid': 'msg-out' },
    h('div', { class: 'bubble' }, JOURNAL_TEXT[j.kind]?.(j) ?? j.text),
    h('div', { class: 'meta' }, fmtTime(j.at)));
}

const KIND_LABEL = { template: '模板消息', news: '图文消息', msgmenu: '菜单消息', miniprogrampage: '小程序卡片', markdown: 'Markdown', robot: '运营群机器人', voice: '语音', video: '视频', file: '文件', link: '链接' };

const URL_RE = /(https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]+)/;

/** WeChat makes links in 客服消息 text tappable; so does the console. */
function linkified(text) {
  return text.split(URL_RE).map((part, i) => (i % 2 ? h('a', { href: part, target: '_blank', rel: 'noopener' }, part) : part));
}

/** What the bot sent, on the left; `image` entries show the picture when the platform has it. */
export function inBubble(e, { mediaBase } = {}) {
  const label = KIND_LABEL[e.kind];
  const body = [];
  if (label) body.push(h('div', { class: 'kind' }, label));
  if (e.kind === 'image') {
    body.push(e.mediaId && mediaBase ? h('img', { src: `${mediaBase}/${encodeURIComponent(e.mediaId)}`, alt: '图片' }) : h('div', { class: 'photo' }, '[图片]'));
    if (e.text) body.push(h('div', {}, e.text));
  } else {
    body.push(h('div', { class: 'text' }, e.text ? linkified(e.text) : `[${label ?? e.kind}]`));
  }
  // A template message's 详情 opens its url, as in WeChat (the 确认收款 page, for one).
  if (e.url) body.push(h('a', { class: 'detail', href: e.url, target: '_blank', rel: 'noopener' }, '详情 ›'));
  return h('div', { class: `msg in kind-${e.kind}`, 'data-testid': 'msg-in', 'data-seq': e.seq },
    h('div', { class: 'bubble' }, body),
    h('div', { class: 'meta' }, fmtTime(Date.parse(e.at))));
}

/** A system line (an SMS code, a group robot's alert), centred. */
export function systemLine(title, e) {
  return h('div', { class: 'msg system', 'data-testid': 'msg-system' },
    h('div', { class: 'bubble' }, h('div', { class: 'kind' }, title), h('div', { class: 'text' }, e.text)),
    h('div', { class: 'meta' }, fmtTime(Date.parse(e.at))));
}
