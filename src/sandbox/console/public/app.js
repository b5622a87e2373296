// The console's entry point: polls the state every second, keeps the three panes and the side
// panels current, and moves the sandbox clock. The chosen people live in the URL
// (?customer=&staff=&supervisor=) so a view can be shared or reloaded.
import { api } from './api.js';
import { $, h, toast } from './dom.js';
import { fmtClock } from './format.js';
import { customerPane } from './customer.js';
import { memberPane } from './member.js';
import { worldPanels } from './world.js';

const POLL_MS = 1000;
const params = new URLSearchParams(location.search);
const chosen = { customer: params.get('customer'), staff: params.get('staff'), supervisor: params.get('supervisor') };
let state;
// One refresh at a time; an action during a refresh asks for another one right after it.
let timer;
let running = false;
let again = false;

const refreshSoon = () => {
  if (running) {
    again = true;
    return;
  }
  clearTimeout(timer);
  timer = setTimeout(tick, 150);
};
const customer = customerPane({ onAction: refreshSoon });
const staff = memberPane('staff', { onAction: refreshSoon });
const supervisor = memberPane('supervisor', { robot: true, onAction: refreshSoon });
const world = worldPanels({ onWaybill: (w) => customer.fill(w) });

const customerLabel = (c) => [c.name ?? (c.bound ? '客户' : '访客'), c.id, c.bound ? c.phone : '未绑定', c.channel === 'wecom-kf' ? '微信客服' : null].filter(Boolean).join(' · ');
const memberName = (m) => (m.name && m.name !== m.userid ? `${m.name}（${m.userid}）` : m.userid);
const staffLabel = (m) => [memberName(m), m.stationName, m.pending ? `${m.pending} 张待处理` : null].filter(Boolean).join(' · ');
const supervisorLabel = (m) => [memberName(m), m.onDuty ? '值班' : '不在班', m.pending ? `${m.pending} 张待处理` : null].filter(Boolean).join(' · ');

/** Fills a select once and afterwards only updates its labels, so an open dropdown stays open. */
function syncSelect(select, items, idOf, labelOf, key) {
  const ids = items.map(idOf);
  const same = select.options.length === ids.length && ids.every((id, i) => select.options[i].value === id);
  if (!same) select.replaceChildren(...items.map((it) => h('option', { value: idOf(it) }, labelOf(it))));
  else items.forEach((it, i) => (select.options[i].textContent = labelOf(it)));
  if (!chosen[key] || !ids.includes(chosen[key])) chosen[key] = ids[0] ?? null;
  if (chosen[key]) select.value = chosen[key];
}

function remember() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(chosen)) if (v) q.set(k, v);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

function applyPeople() {
  const { customers, staff: staffList, supervisors } = state.people;
  syncSelect($('customer-select'), customers, (c) => c.id, customerLabel, 'customer');
  syncSelect($('staff-select'), staffList, (m) => m.userid, staffLabel, 'staff');
  syncSelect($('supervisor-select'), supervisors, (m) => m.userid, supervisorLabel, 'supervisor');
  const c = customers.find((x) => x.id === chosen.customer);
  customer.select(c);
  customer.info(c);
  const s = staffList.find((m) => m.userid === chosen.staff);
  $('staff-info').textContent = s ? `${s.stationName ?? ''}${s.pending ? ` · ${s.pending} 张任务卡待处理` : ''}` : '';
  staff.select(chosen.staff);
  const v = supervisors.find((m) => m.userid === chosen.supervisor);
  $('supervisor-info').textContent = v ? `${v.onDuty ? '值班中' : '不在班'} · 转人工卡片、理赔审核和运营群消息` : '';
  supervisor.select(chosen.supervisor);
}

for (const key of ['customer', 'staff', 'supervisor']) {
  $(`${key}-select`).addEventListener('change', (ev) => {
    chosen[key] = ev.target.value;
    remember();
    if (state) applyPeople();
    refreshSoon();
  });
}

for (const button of document.querySelectorAll('[data-advance]')) {
  button.addEventListener('click', async () => {
    const minutes = Number(button.dataset.advance);
    const all = document.querySelectorAll('[data-advance]');
    all.forEach((b) => (b.disabled = true));
    try {
      const res = await api.advance(minutes);
      toast(`时间已前进 ${minutes >= 60 ? `${minutes / 60} 小时` : `${minutes} 分钟`}，到期的跟进已执行${res.settled ? '' : '（仍有任务在处理）'}`);
    } catch (err) {
      toast(`时间没能前进：${err.message}`, 'error');
    }
    all.forEach((b) => (b.disabled = !state?.clockControl));
    refreshSoon();
  });
}

async function tick() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  clearTimeout(timer);
  try {
    state = await api.state();
    $('clock-now').textContent = fmtClock(state.now);
    $('world-name').textContent = state.world ?? '';
    document.querySelectorAll('[data-advance]').forEach((b) => {
      if (!state.clockControl) {
        b.disabled = true;
        b.title = '此进程的时钟不可调（非 ManualClock）';
      }
    });
    const first = !$('customer-select').options.length;
    applyPeople();
    if (first) remember();
    world.render(state, chosen.customer);
    await Promise.all([customer.refresh(), staff.refresh(), supervisor.refresh()]);
    document.body.classList.remove('offline');
  } catch (err) {
    document.body.classList.add('offline');
    console.warn('console refresh failed', err);
  }
  running = false;
  clearTimeout(timer);
  timer = setTimeout(tick, again ? 150 : POLL_MS);
  again = false;
}

await customer.loadMenu();
void tick();
