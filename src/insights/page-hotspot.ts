// The drill-down of one hot spot: the series over the last weeks and hours, the alert (when one
// was sent) with its cause and suggested action, and the conversations behind it, masked.
import { esc, page } from './html.js';
import { CATEGORY_LABEL, DIMENSION_LABEL } from './labels.js';
import type { ConversationRow } from './query.js';
import type { StoredAlert } from './store.js';
import { barChart, lineChart, PALETTE } from './svg.js';
import type { SeriesKey } from './types.js';

export interface HotspotData {
  series: SeriesKey;
  where: string;
  daily: { day: string; count: number }[];
  hourly: { hour: string; count: number }[];
  alert?: StoredAlert;
  conversations: ConversationRow[];
}

export function hotspotPage(d: HotspotData): string {
  const title = `${CATEGORY_LABEL[d.series.category]} · ${d.series.dim === 'all' ? '全网' : `${DIMENSION_LABEL[d.series.dim]} ${d.where}`}`;
  const charts =
    lineChart('每日数量', d.daily.map((x) => x.day.slice(5)), [{ name: CATEGORY_LABEL[d.series.category], values: d.daily.map((x) => x.count), color: PALETTE[1]! }]) +
    barChart('近 48 小时（每小时）', d.hourly.map((x) => x.hour.slice(6)), d.hourly.map((x) => x.count), PALETTE[3]);
  const alert = d.alert
    ? `<section id="alert"><h2>预警</h2><pre>${esc(d.alert.text)}</pre></section>`
    : '';
  const rows = d.conversations
    .map(
      (c) =>
        `<tr><td>${esc(c.at)}</td><td>${esc(c.conversation ?? '—')}</td><td>${esc(c.excerpt ?? '—')}</td><td>${esc(c.outcome)}</td><td>${esc(c.caseId ?? '—')}</td><td>${esc([c.dims.community, c.dims.station, c.dims.route, c.dims.courier].filter(Boolean).join(' · '))}</td></tr>`,
    )
    .join('');
  const table = rows
    ? `<table id="conversations"><thead><tr><th>时间</th><th>会话</th><th>客户原话（已脱敏）</th><th>结果</th><th>工单</th><th>小区 · 网点 · 线路 · 快递员</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="muted">这段时间没有相关会话。</p>';
  return page(title, `<h1>${esc(title)}</h1><section>${charts}</section>${alert}<section><h2>相关会话（${d.conversations.length}）</h2>${table}</section>`);
}
