// Charts as plain inline SVG, drawn on the server: the admin page works without any script or
// network (no CDN), and a test can read the numbers straight out of the HTML.
import { esc } from './html.js';

export interface Line {
  name: string;
  values: number[];
  color: string;
}

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

const W = 720;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 36 };

function scale(max: number) {
  const top = max <= 0 ? 1 : niceCeil(max);
  return { top, y: (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / top) };
}

function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= x) ?? 10 * p;
}

function axes(labels: readonly string[], top: number, y: (v: number) => number, xAt: (i: number) => number): string {
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const anchor = (i: number) => (i === 0 ? 'start' : i === labels.length - 1 ? 'end' : 'middle');
  const ticks = labels.map((l, i) => (i % every === 0 || i === labels.length - 1 ? `<text x="${xAt(i)}" y="${H - 14}" text-anchor="${anchor(i)}">${esc(l)}</text>` : '')).join('');
  const grid = [0, 0.5, 1].map((f) => `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(top * f)}" y2="${y(top * f)}" class="grid"/><text x="${PAD.left - 6}" y="${y(top * f) + 4}" text-anchor="end">${esc(String(Math.round(top * f * 10) / 10))}</text>`).join('');
  return grid + ticks;
}

export function lineChart(title: string, labels: readonly string[], lines: readonly Line[]): string {
  const { top, y } = scale(Math.max(0, ...lines.flatMap((l) => l.values)));
  const xAt = (i: number) => PAD.left + ((W - PAD.left - PAD.right) * i) / Math.max(1, labels.length - 1);
  const paths = lines
    .map((l) => `<polyline fill="none" stroke="${l.color}" stroke-width="2" points="${l.values.map((v, i) => `${xAt(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"><title>${esc(l.name)}</title></polyline>`)
    .join('');
  const legend = lines.map((l, i) => `<tspan fill="${l.color}" dx="${i ? 14 : 0}">■ ${esc(l.name)}</tspan>`).join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${axes(labels, top, y, xAt)}${paths}<text x="${PAD.left}" y="${H - 1}">${legend}</text></svg></figure>`;
}

export function barChart(title: string, labels: readonly string[], values: readonly number[], color = PALETTE[0]!): string {
  const { top, y } = scale(Math.max(0, ...values));
  const slot = (W - PAD.left - PAD.right) / Math.max(1, values.length);
  const xAt = (i: number) => PAD.left + slot * (i + 0.5);
  const bars = values.map((v, i) => `<rect x="${(xAt(i) - slot * 0.4).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(slot * 0.8).toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${color}"><title>${esc(`${labels[i] ?? ''}: ${v}`)}</title></rect>`).join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${axes(labels, top, y, xAt)}${bars}</svg></figure>`;
}
