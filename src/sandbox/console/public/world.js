// The side panels: the cases (type, status, who holds it, the promise and its due time on the
// sandbox clock) and the demo world's parcels (status label, newest scan, station, receiver).
import { $, h, memo } from './dom.js';
import { fmtDue, fmtTime } from './format.js';

export function worldPanels({ onWaybill }) {
  const renderCases = memo(({ cases, now }) => {
    const open = cases.filter((c) => c.open);
    const closed = cases.filter((c) => !c.open);
    $('cases-count').textContent = `在办 ${open.length} · 已结束 ${closed.length}`;
    const rows = [...open, ...closed].map((c) =>
      h('tr', { class: `case${c.open ? '' : ' closed'}${c.overdue ? ' overdue' : ''}`, 'data-testid': 'case-row', 'data-case-id': c.id, 'data-status': c.status },
        h('td', {}, h('b', { class: 'mono' }, c.id), h('div', { class: 'muted' }, [c.typeLabel, c.kindLabel].filter(Boolean).join(' · '), c.priority === 'high' ? h('span', { class: 'badge high' }, '加急') : null)),
        h('td', { class: 'mono' }, c.waybill || '—'),
        h('td', {}, h('span', { class: `badge st-${c.status}` }, c.statusLabel)),
        h('td', {}, c.assigneeLabel ?? '—'),
        h('td', {}, h('div', {}, c.promise),
          c.slaDueAt !== undefined ? h('div', { class: c.overdue ? 'due overdue' : 'muted' }, `${c.dueText} 前`, c.open ? ` · ${fmtDue(c.slaDueAt, now)}` : '') : null),
      ),
    );
    $('cases-body').replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 5, class: 'empty' }, '还没有工单：以客户身份说“帮我催一下”或“是不是丢了”试试'))]));
  });

  const mineBox = $('parcels-mine');
  let last;
  const renderParcels = memo(({ parcels, cases, customer, mine }) => {
    const openByWaybill = new Set(cases.filter((c) => c.open).map((c) => c.waybill));
    const own = (p) => customer && p.owners.includes(customer);
    const list = (mine ? parcels.filter(own) : [...parcels.filter(own), ...parcels.filter((p) => !own(p))]);
    $('parcels-count').textContent = `${list.length} 件`;
    $('parcels-body').replaceChildren(
      ...list.map((p) =>
        h('tr', { class: own(p) ? 'mine' : '', 'data-testid': 'parcel-row', 'data-waybill': p.waybill },
          h('td', {},
            h('button', { type: 'button', class: 'link mono', title: '填入客户输入框', onclick: () => onWaybill(p.waybill) }, p.waybill),
            openByWaybill.has(p.waybill) ? h('span', { class: 'badge case-flag' }, '工单') : null,
            h('div', { class: 'muted' }, p.item ?? '—', p.product === 'fresh' ? ' · 生鲜' : p.product === 'international' ? ' · 国际' : '')),
          h('td', {}, h('span', { class: `badge ps-${p.status ?? 'none'}` }, p.statusLabel), p.exception ? h('div', { class: 'muted' }, p.exception) : null),
          h('td', {}, p.lastScan ? [h('div', {}, p.lastScan.site), h('div', { class: 'muted' }, fmtTime(p.lastScan.at))] : '—'),
          h('td', {}, h('div', {}, `${p.receiver.name} · ${p.receiver.city}`), h('div', { class: 'muted' }, p.stationName ?? '—')),
        ),
      ),
    );
  });
  mineBox.addEventListener('change', () => last && renderParcels({ ...last, mine: mineBox.checked }));

  return {
    render(state, customer) {
      renderCases({ cases: state.cases, now: Math.floor(state.now / 60_000) * 60_000 });
      last = { parcels: state.parcels, cases: state.cases, customer };
      renderParcels({ ...last, mine: mineBox.checked });
    },
  };
}
