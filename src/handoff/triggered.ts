// 已触发 on the context card: each workflow the bot already started for this customer, with its
// state and how long ago — 网点催派流程（15 分钟前，网点未响应）— so the person taking over knows
// what is in motion and nobody starts it twice.
import type { Case, CaseStatus, CaseType } from '../workflows/cases.js';
import { ago } from './texts.js';

const FLOW: Record<CaseType, string> = {
  urge: '网点催派流程',
  verification: '网点核实流程',
  claim: '理赔流程',
  delivery_change: '派送变更流程',
  handoff: '转人工',
};

const CLAIM_KIND: Record<string, string> = { lost: '丢件', damaged: '破损', fresh_delay: '生鲜延误' };

/** What the customer-facing side of each status means for the person reading the card. */
const STATE: Record<CaseStatus, string> = {
  open: '网点未响应',
  in_progress: '处理中',
  awaiting_customer: '等待客户补充',
  escalated: '已超时，已升级主管',
  resolved: '已解决',
  cancelled: '已取消',
  awaiting_evidence: '待客户上传照片',
  under_review: '审核中',
  approved: '已通过，待赔付',
  rejected: '已驳回',
  paid: '已赔付',
  queued: '排队未接入',
  human: '人工处理中',
  closed: '已结束',
};

const MAX_CHARS = 200;

/** One line per case, newest first, as many as fit the card's 200 characters. */
export function triggeredLines(cases: readonly Case[], now: number, mainWaybill?: string): string[] {
  const lines: string[] = [];
  let used = 0;
  for (const c of [...cases].sort((a, b) => b.createdAt - a.createdAt)) {
    const kind = c.type === 'claim' && c.kind ? `·${CLAIM_KIND[c.kind] ?? c.kind}` : '';
    const other = c.waybill && mainWaybill && c.waybill !== mainWaybill ? ` ${c.waybill}` : '';
    const line = `${FLOW[c.type]}${kind}${other}（${ago(c.createdAt, now)}，${STATE[c.status]}）`;
    if (used + line.length + 1 > MAX_CHARS) break;
    lines.push(line);
    used += line.length + 1;
  }
  return lines;
}
