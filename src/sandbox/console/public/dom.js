// A tiny element builder and helpers shared by the console's panes.

/** h('div', { class: 'x', onclick }, child, …): attributes, `on*` listeners, text or node children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const $ = (id) => document.getElementById(id);

/** Replaces a container's children, keeping the scroll at the bottom when it was there (a chat). */
export function replaceChildren(el, nodes, { stickToBottom = false } = {}) {
  const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  el.replaceChildren(...nodes);
  if (stickToBottom && atBottom) el.scrollTop = el.scrollHeight;
}

/** Re-renders only when the data changed: `render` runs with the data the first time and on
 * change; `.reset()` makes the next call render whatever it gets. */
export function memo(render) {
  let last;
  const run = (data) => {
    const sig = JSON.stringify(data);
    if (sig === last) return;
    last = sig;
    render(data);
  };
  run.reset = () => (last = undefined);
  return run;
}

let toastTimer;
export function toast(text, kind = 'info') {
  const el = $('toast');
  el.textContent = text;
  el.className = `toast show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.className = 'toast'), 3500);
}
