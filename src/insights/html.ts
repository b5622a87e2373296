// The shared frame of the admin pages: escaping, layout and a small stylesheet inlined (the page
// must work with no network: nothing is loaded from a CDN).
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
body{font:14px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#111;background:#f6f7f9}
header{background:#1f2937;color:#fff;padding:12px 24px}header a{color:#cbd5e1}
main{padding:16px 24px;max-width:1100px}
.kpis{display:flex;gap:12px;flex-wrap:wrap}.kpi{background:#fff;border-radius:8px;padding:12px 16px;min-width:150px;box-shadow:0 1px 2px #0001}
.kpi b{display:block;font-size:22px}.kpi span{color:#6b7280}
section{background:#fff;border-radius:8px;padding:12px 16px;margin:16px 0;box-shadow:0 1px 2px #0001}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{color:#6b7280;font-weight:500}.hot{color:#b91c1c;font-weight:600}.muted{color:#9ca3af}
figure{margin:8px 0}figcaption{color:#374151;margin-bottom:4px}svg{width:100%;height:auto;font-size:11px;fill:#6b7280}
svg .grid{stroke:#e5e7eb}pre{white-space:pre-wrap;background:#f9fafb;padding:8px;border-radius:6px}
`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head><body><header><b>快递客服洞察</b> · <a href="/admin/insights">总览</a></header><main>${body}</main></body></html>`;
}

export const pct = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
