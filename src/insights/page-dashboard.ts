// The insights overview: outcome rates, charts over time, the current top hot spots and the recent
// alerts, each linking to its drill-down.
import { fmt } from './compose.js';
import { esc, page, pct } from './html.js';
import type { DaySummary, HotspotRow } from './query.js';
import type { Rates } from './rates.js';
import type { StoredAlert } from './store.js';
import { CATEGORY_LABEL, DIMENSION_LABEL } from './labels.js';
import { lineChart, PALETTE } from './svg.js';
import { shortTime } from './time.js';
import type { Category, SeriesKey } from './types.js';

export interface DashboardData {
  days: DaySummary[];
  totals: Rates;
  categories: { category: Category; label: string; count: number }[];
  hotspots: { ready: boolean; rows: HotspotRow[] };
  alerts: StoredAlert[];
}

export const hotspotHref = (s: SeriesKey): string => `/admin/insights/hotspot?${new URLSearchParams({ category: s.category, dim: s.dim, value: s.value }).toString()}`;

export function dashboardPage(d: DashboardData): string {
  const labels = d.days.map((x) => x.day.slice(5));
  const top = d.categories.slice(0, 6);
  const byCategory = lineChart(
    '每日咨询量（按分类）',
    labels,
    top.map((c, i) => ({ name: c.label, values: d.days.map((x) => x.byCategory[c.category] ?? 0), color: PALETTE[i % PALETTE.length]! })),
  );
  const per10k = lineChart('每万件包裹的咨询量', labels, [{ name: '每万件咨询', values: d.days.map((x) => round(x.per10k ?? 0)), color: PALETTE[0]! }]);
  const percentOf = (f: (r: Rates) => number | undefined) => d.days.map((x) => round((f(x.rates) ?? 0) * 100));
  const rates = lineChart('机器人解决率、转人工率、承诺兑现率（%）', labels, [
    { name: '解决率', values: percentOf((r) => r.resolution), color: PALETTE[2]! },
    { name: '转人工率', values: percentOf((r) => r.handoffRate), color: PALETTE[1]! },
    { name: '承诺兑现率', values: percentOf((r) => r.keptRate), color: PALETTE[4]! },
  ]);
  const kpis = [
    ['机器人解决率', pct(d.totals.resolution), '无需人工且未违约'],
    ['转人工率', pct(d.totals.handoffRate), `${d.totals.handoffs} 次转人工`],
    ['承诺兑现率', pct(d.totals.keptRate), `兑现 ${d.totals.kept} · 超时 ${d.totals.missed}`],
    ['咨询量', String(d.totals.contacts), `近 ${d.days.length} 天 · 启动流程 ${d.totals.workflows}`],
  ]
    .map(([name, value, note]) => `<div class="kpi"><span>${esc(name!)}</span><b>${esc(value!)}</b><span>${esc(note!)}</span></div>`)
    .join('');
  return page('客服洞察', `<h1>客服洞察</h1><div class="kpis" id="kpis">${kpis}</div>
<section>${byCategory}${per10k}${rates}</section>
<section><h2>当前热点</h2>${hotspotTable(d.hotspots)}</section>
<section><h2>最近预警</h2>${alertTable(d.alerts)}</section>`);
}

function hotspotTable(h: DashboardData['hotspots']): string {
  if (!h.ready) return '<p class="muted">历史数据不足（需要至少一周），暂不判断热点。</p>';
  if (!h.rows.length) return '<p class="muted">目前没有高于平时的分类。</p>';
  const rows = h.rows
    .map(
      (r) =>
        `<tr class="${r.significant ? 'hot' : ''}"><td>${esc(r.label)}</td><td><a href="${esc(hotspotHref(r))}">${esc(r.where)}</a></td><td>${r.windowH} 小时</td><td>${r.count}</td><td>${esc(fmt(r.expected))}</td><td>${esc(r.ratio)}</td><td>${r.per10k === undefined ? '—' : `${esc(fmt(r.per10k))}（平时 ${esc(fmt(r.normalPer10k ?? 0))}）`}</td><td>${r.significant ? '预警' : esc(r.pValue.toExponential(1))}</td></tr>`,
    )
    .join('');
  return `<table id="hotspots"><thead><tr><th>分类</th><th>位置</th><th>窗口</th><th>数量</th><th>平时</th><th>倍数</th><th>每万件</th><th>显著性</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function alertTable(alerts: readonly StoredAlert[]): string {
  if (!alerts.length) return '<p class="muted">暂无预警。</p>';
  const rows = alerts
    .map(
      (a) =>
        `<tr><td>${esc(shortTime(a.at))}</td><td>${esc(CATEGORY_LABEL[a.category])}</td><td><a href="${esc(`/admin/insights/hotspot?alert=${encodeURIComponent(a.id)}`)}">${esc(a.dim === 'all' ? '全网' : `${DIMENSION_LABEL[a.dim]} ${a.value}`)}</a></td><td>${a.count}（平时 ${esc(fmt(a.expected))}）</td><td>${esc(a.causes.join('；') || '—')}</td><td>${a.delivered ? '已推送' : '<span class="muted">未推送</span>'}</td></tr>`,
    )
    .join('');
  return `<table id="alerts"><thead><tr><th>时间</th><th>分类</th><th>位置</th><th>数量</th><th>可能原因</th><th>运营群</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const round = (x: number) => Math.round(x * 10) / 10;
