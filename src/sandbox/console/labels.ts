// zh-CN labels the console shows for cases: type, kind, status as an operator reads them, and the
// promise in one line, built from the SLA configuration like the bot's own promise sentences.
import type { Business, SlaKey } from '../../config/business.js';
import type { Case } from '../../workflows/cases.js';

const TYPE: Record<string, string> = {
  urge: '催派',
  verification: '网点核实',
  claim: '理赔',
  delivery_change: '派送变更',
  handoff: '转人工',
};

const KIND: Record<string, string> = {
  lost: '丢件',
  signed_not_received: '签收未收到',
  wrong_place: '放错地方',
  locker_no_consent: '未经同意放快递柜',
  damaged: '破损',
  fresh_delay: '生鲜延误',
  other: '其他',
};

const STATUS: Record<string, string> = {
  open: '待处理',
  in_progress: '处理中',
  awaiting_customer: '待客户补充',
  escalated: '已升级',
  resolved: '已解决',
  cancelled: '已取消',
  awaiting_evidence: '待上传照片',
  under_review: '审核中',
  approved: '已通过',
  rejected: '已驳回',
  paid: '已赔付',
  queued: '排队中',
  human: '人工处理中',
  closed: '已关闭',
};

export const caseTypeText = (c: Pick<Case, 'type'>) => TYPE[c.type] ?? c.type;
export const caseKindText = (c: Pick<Case, 'kind'>) => (c.kind ? (KIND[c.kind] ?? c.kind) : undefined);
export const caseStatusText = (c: Pick<Case, 'status'>) => STATUS[c.status] ?? c.status;

/** What was promised, e.g. “2 小时内网点核实”. */
export function promiseText(business: Business, c: Pick<Case, 'type' | 'kind'>): string {
  const [key, what]: [SlaKey, string] =
    c.type === 'urge' ? ['urge', '网点联系客户']
    : c.type === 'verification' ? ['verification', '网点核实']
    : c.type === 'delivery_change' ? ['delivery_change', '网点确认变更']
    : c.type === 'handoff' ? ['handoff_accept', '人工客服接入']
    : c.kind === 'fresh_delay' ? ['fresh_delay', '理赔专员联系客户']
    : ['claim_decision', '给出理赔结果'];
  return `${business.slaText(key)}内${what}`;
}
